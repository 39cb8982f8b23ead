"""The grant's rules on the page over HTTP: start a workspace, the checks as the command line
words them, the preview, and saving (the file read back equal, comments kept, the previous
one archived, who saved it journalled, a hand edit meanwhile never overwritten).

The browser flow is in test_web_browser.py."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient
from web_helpers import EXAMPLE, ON_THE_EXAMPLE, csrf_of, example_workspace, small_workspace, visits_table

from grantsheet import api, grant_form, load, texts
from grantsheet.allocate import allocate_pools
from grantsheet.cli import main
from grantsheet.errors import Problem
from grantsheet.grant import read_grant
from grantsheet.journal import grant_changes
from grantsheet.load import load_with_file
from grantsheet.web.app import Settings, create_app

BASE = "http://127.0.0.1:8000"


def client_for(inputs: Path, outputs: Path, *tokens: str) -> TestClient:
    return TestClient(create_app(Settings(inputs, outputs, tokens)), base_url=BASE)


@pytest.fixture
def workspace(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, Path]:
    """Three centres (a preview and a build of the example take ten times as long); the shipped
    example's for a test marked ``ON_THE_EXAMPLE``."""
    return getattr(request, "param", small_workspace)(tmp_path / "ws")


@pytest.fixture
def client(workspace) -> TestClient:
    return client_for(*workspace)


def opened(client: TestClient) -> dict[str, str]:
    """The editor's form as the page fills it: every field, the CSRF token and the base."""
    page = client.get("/grant")
    assert page.status_code == 200
    return form_on(page.text)


def form_on(page: str) -> dict[str, str]:
    """The grant form's fields as a page shows them (what the browser would post)."""
    fields = dict(re.findall(r'<input[^>]* name="([^"]+)"[^>]* value="([^"]*)"', page))
    fields |= dict(re.findall(r'<textarea[^>]* name="([^"]+)"[^>]*>([^<]*)</textarea>', page))
    for name, options in re.findall(r'<select[^>]* name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', options)
        fields[name] = chosen.group(1) if chosen else ""
    radios = re.findall(r'<input type="radio" name="([^"]+)" value="([^"]*)" checked>', page)
    fields |= dict(radios)
    return {name: html.unescape(value) for name, value in fields.items()}


def preview(client: TestClient, form: dict[str, str]) -> dict:
    response = client.post("/grant/preview", data=form)
    assert response.status_code == 200
    return response.json()


def cli_messages(inputs: Path, text: str, tmp_path: Path) -> list[str]:
    """What ``grantsheet check`` says of the inputs folder with ``text`` as its grant file."""
    folder = tmp_path / "check"
    shutil.copytree(inputs, folder)
    (folder / "grant.toml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--inputs", str(folder)])
    assert result.exit_code == 1
    return [line.split(": ", 1)[1] for line in result.output.splitlines() if "grant.toml, rad" in line]


def test_the_form_is_filled_from_the_grant_file_and_posts_back_to_the_same_file(client, workspace):
    inputs, _ = workspace
    form = opened(client)
    text = (inputs / "grant.toml").read_text(encoding="utf-8")
    assert form["base"] == grant_form.sha256(text.encode())
    expected = grant_form.form_of(text)
    assert {k: form[k] for k in expected} == expected
    assert grant_form.draft(text, {k: form[k] for k in expected}).text == text


def test_every_change_is_checked_at_once_with_the_messages_of_check(client, workspace, tmp_path):
    inputs, _ = workspace
    form = opened(client) | {"pools.1.amount": "4 2OO OOO", "pools.0.rounding": "golv", "grant.year": "1999"}
    answer = preview(client, form)
    text = grant_form.draft((inputs / "grant.toml").read_text(encoding="utf-8"), form).text
    printed = cli_messages(inputs, text, tmp_path)
    assert len(printed) == 3
    shown = html.unescape(re.sub(r"<[^>]+>", "", answer["html"]))
    for line in printed:  # "  FEL: grant.toml, rad 3: <message> Försök: <fix>"
        message, fix = line.split(": ", 1)[1].split(" Försök: ")
        assert message in shown and fix in shown
    assert set(answer["fields"]) == {"pools.1.amount", "pools.0.rounding", "grant.year"}
    assert answer["fields"]["grant.year"][0] in printed[0]
    assert "3 problem hindrar en fördelning" in answer["html"] and answer["changed_on_disk"] is False


def test_the_preview_pays_what_the_library_pays_and_shows_the_difference_to_the_last_build(client, workspace, tmp_path):
    inputs, outputs = workspace
    api.build(inputs, outputs)
    form = opened(client) | {"pools.0.amount": "4 300 000"}
    answer = preview(client, form)
    draft = tmp_path / "grant.toml"
    draft.write_text(grant_form.draft((inputs / "grant.toml").read_text(encoding="utf-8"), form).text, "utf-8")
    dataset = load_with_file(inputs, "grant.toml", draft)
    results = allocate_pools(dataset)
    first = dataset.centres[0]
    total = sum(r.paid[0] for r in results)
    page = answer["html"]
    assert f'id="preview-total">{texts.number(8_500_000, "sv")}<' in page
    row = re.search(rf'data-id="{re.escape(first.id)}">(.*?)</tr>', page, re.S).group(1)
    cells = re.findall(r'<td class="num[^"]*">([^<]*)</td>', row)
    before = api.master_summary(outputs / "2022" / "grantsheet-2022.xlsx").centres[0].total
    after = sum(r.paid[i] for r in results for i in (0,))
    assert cells[-2] == texts.number(sum(r.paid[0] for r in results), "sv")
    assert cells[-1] == texts.number(sum(r.paid[0] for r in results) - before, "sv")
    assert total == after
    # Nothing was written.
    assert grant_form.sha256((inputs / "grant.toml").read_bytes()) == form["base"]


@ON_THE_EXAMPLE
def test_the_preview_reads_the_tables_once_and_again_when_a_file_changes_on_disk(client, workspace, monkeypatch):
    """A change typed into the form re-allocates the tables the last preview read; a table file
    changed on disk meanwhile (same name, other content) is read again, and paid by."""
    inputs, outputs = workspace
    form = opened(client)  # the page's own preview reads the tables
    api.workspace(inputs, outputs)  # the page's status, which its own thread reads at start, settled
    first = preview(client, form | {"pools.0.amount": "4 300 000"})
    reads: list[str] = []
    read_table = load.read_table
    monkeypatch.setattr(load, "read_table", lambda path, *rest: reads.append(path.name) or read_table(path, *rest))
    again = preview(client, form | {"pools.0.amount": "4 400 000"})
    assert reads == [] and again["html"] != first["html"]  # re-allocated, nothing read
    book = openpyxl.load_workbook(inputs / "listade-80plus.xlsx")
    book.active["C5"] = 2_222  # Ålidhems hälsocentral: 222 listed patients of 80 or more before
    book.save(inputs / "listade-80plus.xlsx")
    changed = preview(client, form | {"pools.0.amount": "4 400 000"})
    assert "listade-80plus.xlsx" in reads and changed["html"] != again["html"]
    fresh = client_for(*workspace)  # a server started now, with nothing read before
    assert changed["html"] == preview(fresh, opened(fresh) | {"pools.0.amount": "4 400 000"})["html"]


@ON_THE_EXAMPLE
def test_save_writes_the_file_read_back_equal_keeps_comments_archives_and_journals(workspace):
    inputs, outputs = workspace
    grant_path = inputs / "grant.toml"
    original = grant_path.read_text(encoding="utf-8").replace("[rounding]", "# Bo Ek, 2022-03-15\n[rounding]", 1)
    grant_path.write_text(original, encoding="utf-8")
    client = client_for(inputs, outputs, "anna.berg:secret")
    client.get("/?token=secret")
    form = opened(client) | {"pools.0.amount": "4 300 000", "follow_up.repay_account": "bankgiro 123-4567"}
    draft = grant_form.draft(original, form).text
    response = client.post("/grant", data=form | {"action": "save"})
    assert response.status_code == 200
    assert "grant.toml sparades (ändring 1 i journalen, av anna.berg)" in response.text
    saved = grant_path.read_text(encoding="utf-8")
    assert saved == draft and "# Bo Ek, 2022-03-15" in saved
    problems: list[Problem] = []
    grant = read_grant(grant_path, problems)
    assert problems == [] and grant.pools[0].amount == 4_300_000
    assert grant.follow_up_repay_account == "bankgiro 123-4567"
    # Read back into the form, the file is what was posted (the amount as the file writes it).
    posted = form | {"pools.0.amount": "4300000"}
    assert grant_form.form_of(saved) == {k: v for k, v in posted.items() if k in grant_form.form_of(saved)}
    assert (inputs / "arkiv" / "001" / "grant.toml").read_text(encoding="utf-8") == original
    [change] = grant_changes(outputs)
    assert change.user == "anna.berg" and change.archived == "arkiv/001/grant.toml" and change.chained
    assert change.sha256 == grant_form.sha256(saved.encode()) and change.before == form["base"]
    # The page now edits the saved file.
    assert opened(client)["base"] == change.sha256


def test_a_hand_edit_meanwhile_is_noticed_and_not_overwritten(client, workspace):
    inputs, _ = workspace
    form = opened(client) | {"pools.0.amount": "4 300 000"}
    by_hand = (inputs / "grant.toml").read_text(encoding="utf-8").replace("4200000", "4250000", 1)
    (inputs / "grant.toml").write_text(by_hand, encoding="utf-8")
    assert preview(client, form)["changed_on_disk"] is True  # the page says so before a save is tried
    response = client.post("/grant", data=form | {"action": "save"})
    assert response.status_code == 422
    assert "grant.toml har ändrats på disken sedan sidan öppnades" in response.text
    assert (inputs / "grant.toml").read_text(encoding="utf-8") == by_hand
    assert not (inputs / "arkiv").exists()
    assert 'id="changed-on-disk" class="notice">' in response.text


def test_a_draft_with_errors_of_its_own_is_not_saved(client, workspace):
    inputs, outputs = workspace
    before = (inputs / "grant.toml").read_bytes()
    form = opened(client) | {"pools.0.key": "bed_place"}
    response = client.post("/grant", data=form | {"action": "save"})
    assert response.status_code == 422 and "grant.toml sparades inte" in response.text
    assert "bed_places" in response.text  # the command's message names the keys it knows
    assert (inputs / "grant.toml").read_bytes() == before and grant_changes(outputs) == []
    # The draft is still on the page to mend.
    assert 'value="bed_place"' in response.text


def test_a_draft_whose_tables_are_not_there_yet_is_saved(client, workspace):
    """A new year's grant file is written before its tables arrive: only its own errors stop it."""
    inputs, _ = workspace
    (inputs / "boendeplatser.xlsx").unlink()
    form = opened(client) | {"grant.year": "2023"}
    response = client.post("/grant", data=form | {"action": "save"})
    assert response.status_code == 200 and "sparades" in response.text
    assert "boendeplatser.xlsx" in response.text
    assert read_grant(inputs / "grant.toml", []).year == 2023


def test_a_pool_is_added_and_removed_without_anything_written(client, workspace):
    inputs, _ = workspace
    before = (inputs / "grant.toml").read_bytes()
    form = opened(client)
    added = client.post("/grant", data=form | {"action": "add:pools"})
    assert added.status_code == 200 and 'name="pools.2.amount"' in added.text
    assert 'name="_order.pools" value="0,1,new"' in added.text
    removed = client.post("/grant", data=form | {"action": "remove:pools.0"})
    assert 'name="pools.1.amount"' not in removed.text and 'value="hemsjukvard"' in removed.text
    assert (inputs / "grant.toml").read_bytes() == before


@pytest.mark.parametrize("path", ["/grant", "/grant/preview", "/start"])
def test_the_editor_needs_the_csrf_token_and_this_sites_origin(client, workspace, path):
    edited = opened(client) | {"pools.0.amount": "1", "action": "save"}
    form = edited if path != "/start" else {"csrf": edited["csrf"], "source": "blank"}
    before = (workspace[0] / "grant.toml").read_bytes()
    assert client.post(path, data={k: v for k, v in form.items() if k != "csrf"}).status_code == 403
    assert client.post(path, data=form | {"csrf": "forged"}).status_code == 403
    assert client.post(path, data=form, headers={"origin": "http://evil.example"}).status_code == 403
    assert (workspace[0] / "grant.toml").read_bytes() == before


def test_an_unreadable_grant_file_is_shown_with_its_problem_and_no_form(client, workspace):
    inputs, _ = workspace
    (inputs / "grant.toml").write_text("[grant\nyear = 2022\n", encoding="utf-8")
    page = client.get("/grant")
    assert page.status_code == 200 and 'id="grant-form"' not in page.text
    assert "rad 1" in page.text


def empty_workspace(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "ws2023" / "inputs", tmp_path / "ws2023" / "outputs"


def start(client: TestClient, **form: str):
    csrf = csrf_of(client.get("/").text)
    return client.post("/start", data={"csrf": csrf, **form}, follow_redirects=False)


def test_a_workspace_is_started_from_an_example(tmp_path):
    inputs, outputs = empty_workspace(tmp_path)
    client = client_for(inputs, outputs)
    page = client.get("/")
    assert 'id="start-form"' in page.text and f'value="example:{EXAMPLE}"' in page.text
    response = start(client, source=f"example:{EXAMPLE}")
    assert response.status_code == 303 and response.headers["location"] == "/grant"
    shipped = api.templates_folder() / "examples" / EXAMPLE
    assert sorted(p.name for p in inputs.iterdir()) == sorted(p.name for p in shipped.iterdir())
    assert 'id="start-form"' not in client.get("/").text
    # Started once: a second start overwrites nothing.
    (inputs / "grant.toml").write_text((inputs / "grant.toml").read_text("utf-8") + "# mine\n", "utf-8")
    assert start(client, source="blank").status_code == 422
    assert (inputs / "grant.toml").read_text("utf-8").endswith("# mine\n")


def test_a_workspace_is_started_from_last_years_with_the_year_moved_on_and_the_register_kept(tmp_path):
    last_inputs, _ = example_workspace(tmp_path / "ws2022")
    inputs, outputs = empty_workspace(tmp_path)
    client = client_for(inputs, outputs)
    assert 'value="previous:ws2022"' in client.get("/").text
    assert start(client, source="previous:ws2022").status_code == 303
    assert sorted(p.name for p in inputs.iterdir()) == ["grant.toml", "register.xlsx"]
    assert (inputs / "register.xlsx").read_bytes() == (last_inputs / "register.xlsx").read_bytes()
    problems: list[Problem] = []
    grant = read_grant(inputs / "grant.toml", problems)
    last = read_grant(last_inputs / "grant.toml", [])
    assert problems == [] and grant.year == 2023 and grant.pools == last.pools
    assert grant.follow_up_deadline == last.follow_up_deadline.replace(year=last.follow_up_deadline.year + 1)
    assert grant.decision == last.decision
    old = (last_inputs / "grant.toml").read_text("utf-8").splitlines()
    assert [line for line in old if line.startswith("#")] == [
        line for line in (inputs / "grant.toml").read_text("utf-8").splitlines() if line.startswith("#")
    ]
    # The year's tables are still to come: the page says so.
    assert "boendeplatser.xlsx" in client.get("/").text
    # A folder that is not one of the workspaces beside this one is not a source.
    other = tmp_path / "elsewhere"
    assert start(client_for(other / "inputs", other / "outputs"), source="previous:../ws2022").status_code == 303
    assert not (other / "inputs" / "grant.toml").exists()


def test_a_blank_workspace_gets_the_templates_and_the_year_asked_for(tmp_path):
    inputs, outputs = empty_workspace(tmp_path)
    client = client_for(inputs, outputs)
    assert start(client, source="blank", year="2024").status_code == 303
    assert read_grant(inputs / "grant.toml", []).year == 2024
    assert {"boendeplatser.xlsx", "listade-80plus.xlsx"} <= {p.name for p in inputs.iterdir()}


@ON_THE_EXAMPLE
def test_a_build_with_a_minimum_and_a_unit_passes_the_pages_checks(workspace, tmp_path):
    """The page's checks count a row held to the minimum and payouts in units of 100 kr as
    the workbook does (they took the plain quota before, and showed a check failing)."""
    inputs, _ = workspace
    text = (inputs / "grant.toml").read_text(encoding="utf-8")
    form = grant_form.form_of(text) | {"pools.1.minimum": "60 000", "pools.1.unit": "100"}
    (inputs / "grant.toml").write_text(grant_form.draft(text, form).text, encoding="utf-8")
    result = api.build(inputs, tmp_path / "outputs")
    held = result.pools[1].allocation
    assert min(held.payouts) == 60_000 and all(p % 100 == 0 for p in held.payouts)
    assert api.summary(result).checks_ok is True


def test_a_save_while_another_run_holds_the_workspace_says_who_and_writes_nothing(client, workspace, monkeypatch):
    from test_lock import held_elsewhere

    from grantsheet import lock

    inputs, outputs = workspace
    monkeypatch.setattr(lock, "WAIT_SECONDS", 0.2)
    before = (inputs / "grant.toml").read_bytes()
    form = opened(client) | {"pools.0.amount": "4 300 000"}
    with held_elsewhere(outputs, "grantsheet build"):
        response = client.post("/grant", data=form | {"action": "save"})
    assert response.status_code == 422
    assert "En annan körning av grantsheet arbetar redan i den här mappen: grantsheet build" in response.text
    assert (inputs / "grant.toml").read_bytes() == before and grant_changes(outputs) == []


@ON_THE_EXAMPLE
def test_a_dropped_table_is_shown_its_columns_proposed_and_declared_into_the_grant_file(client, workspace, tmp_path):
    inputs, outputs = workspace
    table = visits_table(inputs, tmp_path)
    form = opened(client)
    assert "_order.tables" in form
    dropped = client.post(
        "/grant", data=form | {"action": "drop"}, files={"table_file": (table.name, table.read_bytes())}
    )
    assert dropped.status_code == 200
    assert (inputs / "Besök 2022.csv").read_bytes() == table.read_bytes()
    proposal = form_on(dropped.text)
    assert proposal["drop.file"] == "Besök 2022.csv" and proposal["drop.id"] == "besok_2022"
    assert [proposal[f"drop.0.{i}.kind"] for i in range(3)] == ["recipient", "count", "decimal"]
    assert [proposal[f"drop.0.{i}.id"] for i in (1, 2)] == ["antal_besok", "andel"]
    assert "Bjurholms hälsocentral" in dropped.text  # the first rows, as read
    # Nothing of the grant file changed yet.
    assert grant_form.sha256((inputs / "grant.toml").read_bytes()) == form["base"]

    declared = client.post("/grant", data=proposal | {"drop.0.2.unit": "procent", "action": "declare"})
    fields = form_on(declared.text)
    assert fields["_order.tables"] == "new"
    assert fields["tables.0.id"] == "besok_2022" and fields["tables.0.recipient"] == "Hälsocentral"
    assert 'kind = "decimal", unit = "procent"' in fields["tables.0.columns"]

    keyed = fields | {"pools.1.key": "besok_2022.antal_besok"}
    answer = preview(client, keyed)
    assert "Inga fel." in answer["html"], answer["html"]
    saved = client.post("/grant", data=keyed | {"action": "save"})
    assert saved.status_code == 200, saved.text
    grant = read_grant(inputs / "grant.toml", [])
    assert grant.pools[1].key == "besok_2022" and grant.input_files["besok_2022"] == "Besök 2022.csv"
    result = api.build(inputs, outputs)
    visits = [int(line.split(";")[1]) for line in table.read_text("cp1252").splitlines()[2:]]
    assert sum(result.pools[1].allocation.keys) == sum(visits)


@ON_THE_EXAMPLE
def test_a_dropped_file_of_an_inputs_name_or_no_table_is_refused_and_not_written(client, workspace, tmp_path):
    inputs, _ = workspace
    form = opened(client)
    before = (inputs / "register.xlsx").read_bytes()
    same = client.post("/grant", data=form | {"action": "drop"}, files={"table_file": ("register.xlsx", b"x")})
    assert same.status_code == 422 and "finns redan en fil med det namnet" in same.text
    assert (inputs / "register.xlsx").read_bytes() == before
    text = client.post("/grant", data=form | {"action": "drop"}, files={"table_file": ("notes.txt", b"hej\n")})
    assert text.status_code == 422 and not (inputs / "notes.txt").exists()
    pdf = client.post("/grant", data=form | {"action": "drop"}, files={"table_file": ("a.pdf", b"%PDF")})
    assert pdf.status_code == 422 and "varken en arbetsbok" in pdf.text and not (inputs / "a.pdf").exists()


def test_a_declaration_posted_with_names_the_page_did_not_make_adds_only_what_it_can_read(client, workspace):
    form = opened(client) | {
        "drop.file": "x.csv",
        "drop.id": "x",
        "drop.0.abc.kind": "count",
        "drop.0.1.kind": "count",
        "drop.0.1.heading": "Antal",
        "drop.0.1.id": "antal",
    }
    response = client.post("/grant", data=form | {"action": "declare"})
    assert response.status_code == 200
    assert form_on(response.text)["tables.0.columns"] == '{id = "antal", heading = "Antal", kind = "count"}'
