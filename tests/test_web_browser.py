"""The officer's page in a real Chromium, against a real server (uvicorn in a thread).

Run alone with ``pytest -m browser``. Each flow is what an officer does: open the page,
replace input files by the picker and by dropping them, see a located problem, build and
follow the progress, download the master and the zip and open them, drop returned forms,
verify a tampered workbook, switch the language.
"""

from __future__ import annotations

import base64
import getpass
import socket
import zipfile
from pathlib import Path

import pytest
from web_helpers import example_workspace, fill_return, payouts, tamper, visits_table

from grantsheet import api
from grantsheet.web.app import Settings
from grantsheet.web.server import start_in_thread

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def site(tmp_path: Path):
    """A fresh example workspace served at a free port: (url, inputs, outputs)."""
    inputs, outputs = example_workspace(tmp_path / "ws")
    port = free_port()
    server, thread = start_in_thread(Settings(inputs, outputs), "127.0.0.1", port)
    yield f"http://127.0.0.1:{port}", inputs, outputs
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def page(chromium):
    context = chromium.new_context(accept_downloads=True, locale="sv-SE")
    tab = context.new_page()
    yield tab
    context.close()


def drop(page, selector: str, files: list[Path]) -> None:
    """Drop files on an element the way a file manager does: a drop event carrying them."""
    payload = [[f.name, base64.b64encode(f.read_bytes()).decode()] for f in files]
    transfer = page.evaluate_handle(
        """(files) => {
            const transfer = new DataTransfer();
            for (const [name, data] of files) {
                const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
                transfer.items.add(new File([bytes], name));
            }
            return transfer;
        }""",
        payload,
    )
    with page.expect_navigation():
        page.dispatch_event(selector, "drop", {"dataTransfer": transfer})


def build_and_wait(page, while_running=None) -> None:
    """Click "Fördela nu" and follow the build to its result page."""
    page.click("#build")
    if while_running is not None:
        while_running()
    page.wait_for_url("**/results", timeout=60_000)


def test_open_the_page_and_switch_language(site, page):
    url, inputs, outputs = site
    page.goto(url)
    assert page.inner_text("h1") == "Statsbidrag för utökad läkarkompetens i äldreomsorgen 2022"
    names = [f.name for f in api.workspace(inputs, outputs).files]
    assert {"grant.toml", "boendeplatser.xlsx", "listade-80plus.xlsx"} <= set(names)
    assert page.locator("tr.input-file").evaluate_all("rows => rows.map(r => r.dataset.name)") == names
    assert "Arbetsyta" in page.inner_text("nav")
    page.click("#lang-en")
    assert "Workspace" in page.inner_text("nav") and "Read, no errors" in page.inner_text("section.inputs")
    page.click("#lang-sv")
    assert "Arbetsyta" in page.inner_text("nav")


def test_replace_inputs_by_picker_and_by_drop_and_see_a_located_problem(site, page, tmp_path):
    url, inputs, _ = site
    page.goto(url)
    grant = tmp_path / "grant.toml"
    grant.write_text((inputs / "grant.toml").read_text(encoding="utf-8").replace("4200000", "4300000", 1), "utf-8")
    with page.expect_navigation():
        page.set_input_files('tr[data-name="grant.toml"] input[type=file]', grant)
    assert "grant.toml byttes ut" in page.inner_text("#upload-result")
    assert "4 300 000" in page.inner_text("table.pools")

    listed = tmp_path / "listade-80plus.xlsx"
    listed.write_bytes((inputs / "listade-80plus.xlsx").read_bytes())
    drop(page, "#drop-inputs", [listed])
    assert "listade-80plus.xlsx byttes ut" in page.inner_text("#upload-result")
    assert (inputs / "arkiv" / "002" / "listade-80plus.xlsx").exists()

    broken = tmp_path / "boendeplatser.xlsx"
    broken.write_text("kommun;boende\nUmeå;Björkbacken\n", encoding="utf-8")
    before = (inputs / "boendeplatser.xlsx").read_bytes()
    drop(page, 'tr[data-name="boendeplatser.xlsx"] form.dropzone', [broken])
    result = page.inner_text("#upload-result")
    assert "boendeplatser.xlsx byttes inte ut" in result
    assert page.locator("#upload-result li.problem .where").first.inner_text() == "boendeplatser.xlsx"
    assert "Försök:" in result
    assert (inputs / "boendeplatser.xlsx").read_bytes() == before


def test_build_with_progress_then_download_the_master_and_the_zip(site, page, tmp_path, monkeypatch):
    url, inputs, _ = site
    real_build = api.build

    def paced_build(*args, progress, **kwargs):
        # The example's 39 files are written in a fraction of a second: pace them so the
        # page has time to show the files being written.
        import time

        def slowed(done: int, total: int) -> None:
            time.sleep(0.03)
            progress(done, total)

        return real_build(*args, progress=slowed, **kwargs)

    monkeypatch.setattr(api, "build", paced_build)
    page.goto(url)
    shown: list[str] = []

    def follow() -> None:
        page.wait_for_function(
            "() => { const bar = document.getElementById('progress-bar');"
            " const text = document.getElementById('progress-text');"
            " return bar && text.dataset.phase === 'writing' && bar.value > 0 && bar.value < bar.max; }"
        )
        shown.append(page.inner_text("#progress-text"))

    build_and_wait(page, follow)
    assert shown and shown[0].endswith("av 39 filer skrivna"), shown
    assert page.inner_text("#checks") == "Alla kontroller visar OK."
    assert "4 200 000" in page.inner_text("#pool-summary")

    reference = real_build(inputs, tmp_path / "cli")
    with page.expect_download() as master_download:
        page.click("#download-master")
    master = tmp_path / "master.xlsx"
    master_download.value.save_as(master)
    assert payouts(master) == payouts(reference.master)
    with page.expect_download() as zip_download:
        page.click("#download-zip")
    packed = tmp_path / "centres.zip"
    zip_download.value.save_as(packed)
    with zipfile.ZipFile(packed) as archive:
        assert len(archive.namelist()) == len(reference.centre_files)
        first = sorted(archive.namelist())[0]
        archive.extract(first, tmp_path / "unzipped")
    import openpyxl

    centre = openpyxl.load_workbook(tmp_path / "unzipped" / first, data_only=True)
    assert centre.sheetnames == openpyxl.load_workbook(reference.centre_files[0]).sheetnames

    page.click("nav a[href='/']")
    entries = page.locator("#history tr.history-entry")
    assert entries.count() == 1
    assert getpass.getuser() + "@" in entries.first.inner_text()
    assert "Huvudarbetsboken på disk är den här fördelningens." in entries.first.inner_text()


def test_search_and_sort_the_per_centre_table(site, page):
    url, _, _ = site
    page.goto(url)
    build_and_wait(page)
    rows = page.locator("#centres tbody tr")
    total = rows.count()
    page.fill("#search", "sorsele")
    assert page.locator("#centres tbody tr:not([hidden])").count() == 1
    page.fill("#search", "")
    assert page.locator("#centres tbody tr:not([hidden])").count() == total
    page.click("#centres th:nth-last-child(2)")  # total payout, ascending
    page.click("#centres th:nth-last-child(2)")  # descending
    values = [
        float(v)
        for v in page.locator("#centres tbody tr td:nth-last-child(2)").evaluate_all(
            "cells => cells.map(c => c.dataset.value)"
        )
    ]
    assert values == sorted(values, reverse=True)


def test_drop_returns_and_see_who_has_not_reported(site, page, tmp_path):
    url, _, outputs = site
    page.goto(url)
    build_and_wait(page)
    files = sorted((outputs / "2022" / "mottagare").glob("*.xlsx"))
    returned = [fill_return(f, 1000 * (i + 1), tmp_path / f"svar {i}.xlsx") for i, f in enumerate(files[:2])]
    page.goto(url + "/collect")
    drop(page, "#drop-returns", returned)
    assert page.inner_text("#collect-result").startswith(f"2 av {len(files)} har rapporterat.")
    assert page.locator("#missing li").count() == len(files) - 2


def test_verify_a_tampered_workbook_and_see_the_finding(site, page, tmp_path):
    url, _, outputs = site
    page.goto(url)
    build_and_wait(page)
    tampered = tamper(outputs / "2022" / "grantsheet-2022.xlsx", tmp_path / "ändrad.xlsx")
    page.goto(url + "/verify")
    with page.expect_navigation(timeout=120_000):
        page.set_input_files("#drop-verify input[type=file]", tampered)
    result = page.inner_text("#verify-result")
    assert "ändrad.xlsx" in result
    failing = page.locator("#verify-result li.bad").all_inner_texts()
    assert any(text.startswith("Utbetalning!C5") for text in failing), failing


@pytest.fixture
def new_site(tmp_path: Path):
    """A folder with no workspace in it yet, served at a free port: (url, inputs, outputs)."""
    inputs, outputs = tmp_path / "ws2022" / "inputs", tmp_path / "ws2022" / "outputs"
    port = free_port()
    server, thread = start_in_thread(Settings(inputs, outputs), "127.0.0.1", port)
    yield f"http://127.0.0.1:{port}", inputs, outputs
    server.should_exit = True
    thread.join(10)


def previewed(page, after: int) -> int:
    """Wait for the preview of a change made after preview number ``after``; its number."""
    page.wait_for_function(
        "(after) => Number(document.getElementById('grant-form').dataset.previewed || 0) > after", arg=after
    )
    return int(page.get_attribute("#grant-form", "data-previewed"))


def test_start_a_workspace_set_a_minimum_and_a_unit_see_the_preview_change_save_and_build(new_site, page):
    url, inputs, outputs = new_site
    page.goto(url)
    page.check("input[value='example:vasterbotten-2022']")
    with page.expect_navigation():
        page.click("#start-button")
    assert page.url.endswith("/grant") and (inputs / "grant.toml").is_file()
    assert page.inner_text("#preview-status") == "Inga fel."
    smallest = min(
        int(v)
        for v in page.locator("#preview-rows tbody td.total").evaluate_all(
            "cells => cells.map(c => c.textContent.replace(/\\D/g, ''))"
        )
    )
    assert smallest < 60_000

    page.fill("#f-pools\\.1\\.minimum", "60 000")
    number = previewed(page, 0)
    page.fill("#f-pools\\.1\\.unit", "100")
    number = previewed(page, number)
    assert page.inner_text("#preview-status") == "Inga fel."
    totals = [
        int(v)
        for v in page.locator("#preview-rows tbody td.total").evaluate_all(
            "cells => cells.map(c => c.textContent.replace(/\\D/g, ''))"
        )
    ]
    hemsjukvard = [
        int(v)
        for v in page.locator("#preview-rows tbody tr td:nth-child(3)").evaluate_all(
            "cells => cells.map(c => c.textContent.replace(/\\D/g, ''))"
        )
    ]
    assert min(hemsjukvard) >= 60_000 and all(v % 100 == 0 for v in hemsjukvard)
    assert min(totals) >= 60_000
    assert page.inner_text("#preview-total").replace("\u00a0", " ") == "8 400 000"

    # A wrong value is marked on its field with the command line's words, and nothing is written.
    on_disk = (inputs / "grant.toml").read_bytes()
    page.fill("#f-pools\\.1\\.unit", "1 000 000")  # 4 200 000 kr is no whole number of them
    previewed(page, number)
    assert "FEL" in page.inner_text("#preview")
    assert "utbetalningsenheten 1000000" in page.inner_text("[data-field='pools.1.amount'] .field-problem")
    assert (inputs / "grant.toml").read_bytes() == on_disk
    page.fill("#f-pools\\.1\\.unit", "100")

    with page.expect_navigation():
        page.click("#save-grant")
    assert "grant.toml sparades" in page.inner_text("#grant-saved")
    assert "# " in (inputs / "grant.toml").read_text(encoding="utf-8")  # the example's comments stay

    page.click("nav a[href='/']")
    build_and_wait(page)
    assert page.inner_text("#checks") == "Alla kontroller visar OK."
    master = outputs / "2022" / "grantsheet-2022.xlsx"
    paid = payouts(master)
    assert min(row[1] for row in paid.values()) >= 60_000


def test_a_second_officer_approves_the_build_the_first_made(chromium, tmp_path):
    """#27: Anna builds, is not offered the approval; Bo, logged in with his own token, sees
    "Att attestera", comments and approves; both then see who approved which build."""
    inputs, outputs = example_workspace(tmp_path / "ws")
    port = free_port()
    tokens = ("Anna Berg:anna-token", "Bo Ek:bo-token")
    server, thread = start_in_thread(Settings(inputs, outputs, tokens), "127.0.0.1", port)
    url = f"http://127.0.0.1:{port}"
    anna_context, bo_context = (chromium.new_context(locale="sv-SE") for _ in range(2))
    try:
        anna, bo = anna_context.new_page(), bo_context.new_page()
        anna.goto(url + "/?token=anna-token")
        build_and_wait(anna)
        assert "ej attesterat" in anna.inner_text("#approval-status")
        assert anna.locator("#approve").count() == 0
        assert "Du gjorde detta bygge" in anna.inner_text("#approval-why-not")
        bo.goto(url + "/?token=bo-token")
        bo.goto(url + "/results")
        assert "Att attestera" in bo.inner_text("#approve-form")
        bo.fill("#approval-comment", "Stämmer mot beslutet RS 396-2022")
        with bo.expect_navigation():
            bo.click("#approve")
        assert bo.inner_text("#approval-status").startswith("Attesterad av Bo Ek ")
        assert bo.locator("#approve").count() == 0
        anna.reload()
        assert anna.inner_text("#approval-status").endswith(", bygge 1")
    finally:
        anna_context.close()
        bo_context.close()
        server.should_exit = True
        thread.join(10)
    (approval,) = api.approvals(outputs, 2022)[outputs / "2022" / "grantsheet-journal.jsonl"][1]
    assert (approval.approver, approval.comment) == ("Bo Ek", "Stämmer mot beslutet RS 396-2022")
    assert api.history(outputs, 2022)[-1].user == "Anna Berg"


def test_drop_a_table_map_its_columns_key_a_pool_on_it_see_the_preview_change_and_build(site, page, tmp_path):
    url, inputs, outputs = site
    page.goto(url + "/grant")
    before = page.inner_text("#preview-rows tbody tr:first-child td.total")
    table = visits_table(inputs, tmp_path)
    with page.expect_navigation():
        page.set_input_files("#table-dropzone input[type=file]", table)
    assert "Besök 2022.csv lades i indatamappen" in page.inner_text("#dropped")
    kinds = page.locator("#dropped select.column-kind").evaluate_all("s => s.map(e => e.value)")
    assert kinds == ["recipient", "count", "decimal"]
    page.select_option("#dropped th:nth-child(3) select", "")  # the share is left out
    page.fill("#dropped th:nth-child(2) input[name$='.unit']", "besök")
    with page.expect_navigation():
        page.click("#declare-table")
    columns = page.input_value("#f-tables\\.0\\.columns")
    assert columns == '{id = "antal_besok", heading = "Antal besök", kind = "count", unit = "besök"}'

    page.fill("#f-pools\\.1\\.key", "besok_2022.antal_besok")
    number = previewed(page, 0)
    page.fill("#f-pools\\.1\\.minimum", "50 000")
    previewed(page, number)
    assert page.inner_text("#preview-status") == "Inga fel."
    after = page.inner_text("#preview-rows tbody tr:first-child td.total")
    assert after != before
    with page.expect_navigation():
        page.click("#save-grant")
    assert "grant.toml sparades" in page.inner_text("#grant-saved")
    page.click("nav a[href='/']")
    build_and_wait(page)
    assert page.inner_text("#checks") == "Alla kontroller visar OK."
    assert min(row[1] for row in payouts(outputs / "2022" / "grantsheet-2022.xlsx").values()) >= 50_000


def test_a_terminal_build_shows_on_the_open_results_page_whole_with_its_totals(site, page):
    """#23.1: the page open on its last build, the officer changes an input and builds in a
    terminal: the page shows the terminal's payouts. #23.12: the per-centre table fits a
    1 280 px window with the total and the files, under a totals row; the file buttons speak
    the page's language."""
    url, inputs, outputs = site
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url)
    build_and_wait(page)
    grant = inputs / "grant.toml"
    grant.write_text(grant.read_text(encoding="utf-8").replace("4200000", "5300000", 1), encoding="utf-8")
    api.build(inputs, outputs)  # what `grantsheet build` in a terminal does
    page.reload()
    on_disk = api.master_summary(outputs / "2022" / "grantsheet-2022.xlsx")
    shown = page.locator("#pool-summary tbody tr").first.inner_text()
    assert "5 300 000" in shown.replace("\u00a0", " ")
    first = page.locator("#centres tbody tr").first
    paid = first.locator("td:nth-last-child(2)").get_attribute("data-value")
    by_id = {row.id: row.total for row in on_disk.centres}
    assert float(paid) == by_id[first.locator("td:nth-child(2)").inner_text()]
    width = page.evaluate("window.innerWidth")
    for cell in ("th:nth-last-child(2)", "th:last-child"):  # the total and the files
        box = page.locator(f"#centres thead {cell}").bounding_box()
        assert box is not None and box["x"] + box["width"] <= width, cell
    axis = page.locator("figure.chart .axis.top").inner_text().replace("\u00a0", " ")
    assert axis == f"{format(max(by_id.values()), ',').replace(',', ' ')} kr"  # the chart is labelled
    assert on_disk.centres[0].name in page.locator("figure.chart .names").inner_text()
    totals = page.locator("#centres tfoot td").all_inner_texts()
    assert totals[0] == "Summa" and totals[-2].replace("\u00a0", " ") == "9 500 000"
    page.goto(url + "/verify")
    label = page.locator("#drop-verify label.choose")
    assert label.inner_text().strip() == "Välj arbetsbok" and "Choose" not in label.inner_text()
    native = page.locator("#drop-verify input[type=file]").bounding_box()
    assert native is not None and native["width"] <= 1 and native["height"] <= 1
