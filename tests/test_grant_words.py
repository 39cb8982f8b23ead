"""What the officer reads follows the grant file (#21.7, #23.8): problems speak of the grant's
recipients, every command speaks the grant file's language unless told otherwise, and a noun the
grant file gives in one language is not dropped into a text of the other."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from grantsheet import api, texts
from grantsheet.cli import main
from grantsheet.layout import SEAL_SHEET

REGIONS = "regioner-befolkning-2024"
CARES = "cares-act-2020"


def run(*args: object, env: dict[str, str | None] | None = None):
    return CliRunner().invoke(main, [str(arg) for arg in args], env={"GRANTSHEET_LANG": None, **(env or {})})


def regions_with(tmp_path: Path, edit) -> Path:  # noqa: ANN001 - a function of the sheet
    api.init_workspace(tmp_path, REGIONS)
    book_path = tmp_path / "inputs" / "befolkning.xlsx"
    book = openpyxl.load_workbook(book_path)
    edit(book.active)
    book.save(book_path)
    return tmp_path / "inputs"


@pytest.mark.parametrize(
    ("lang", "fix"), [("sv", "ge varje region ett eget id"), ("en", "give each region its own id")]
)
def test_a_problem_of_a_grant_over_regions_speaks_of_regions(tmp_path, lang, fix):
    def same_id(sheet) -> None:  # noqa: ANN001
        sheet["B6"] = "01"  # Västerbotten given Stockholm's id

    inputs = regions_with(tmp_path, same_id)
    for command in (["check"], ["build", "--outputs", tmp_path / "out"]):
        result = run(*command, "--inputs", inputs, "--lang", lang)
        assert result.exit_code == 1
        assert fix in result.output, result.output
        assert "hälsocentral" not in result.output.lower() and "centre" not in result.output


def test_the_page_lists_a_problem_in_the_grants_words(tmp_path):
    from starlette.testclient import TestClient

    from grantsheet.web.app import Settings, create_app

    def same_id(sheet) -> None:  # noqa: ANN001
        sheet["B6"] = "01"

    inputs = regions_with(tmp_path, same_id)
    page = TestClient(create_app(Settings(inputs, tmp_path / "out", ())), base_url="http://127.0.0.1:8000").get("/")
    assert "ge varje region ett eget id" in page.text
    assert "hälsocentral" not in page.text.lower()


def test_a_warning_on_the_masters_checks_speaks_of_the_grants_recipients(tmp_path):
    def summary_row(sheet) -> None:  # noqa: ANN001
        sheet.append(["Summa", None, 10_521_000])

    inputs = regions_with(tmp_path, summary_row)
    result = run("build", "--inputs", inputs, "--outputs", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert 'Summeringsraden "Summa" lästes inte som en region.' in result.output
    checks = openpyxl.load_workbook(tmp_path / "out" / "2024" / "grantsheet-2024.xlsx")["Kontroll"]
    said = [cell for row in checks.iter_rows(values_only=True) for cell in row if isinstance(cell, str)]
    assert any("lästes inte som en region." in text for text in said)
    assert not any("hälsocentral" in text for text in said)


@pytest.fixture(scope="module")
def cares(example_build) -> tuple[Path, Path]:
    """The CARES Act example (its grant file says language = "en"): the session's build, read only."""
    folder = example_build(CARES).master.parents[2]
    return folder / "inputs", folder / "outputs"


def test_check_verify_and_export_speak_the_grant_files_language(cares, tmp_path):
    inputs, outputs = cares
    checked = run("check", "--inputs", inputs)
    assert checked.output.startswith("The inputs are in order: 50 states, 50 rows."), checked.output
    master = outputs / "2020" / "grantsheet-2020.xlsx"
    verified = run("verify", "--no-recalc", master)
    assert "(master workbook):" in verified.output or "(master" in verified.output, verified.output
    assert "OK without recalculation" in verified.output, verified.output
    exported = run("export", "--inputs", inputs, "--outputs", outputs, "--csv", tmp_path / "x.csv")
    assert exported.output.startswith("CSV was written to"), exported.output


def test_lang_and_the_environment_still_choose_over_the_grant_file(cares):
    inputs, _ = cares
    for said in (
        run("check", "--inputs", inputs, "--lang", "sv").output,
        run("check", "--inputs", inputs, env={"GRANTSHEET_LANG": "sv"}).output,
    ):
        # The grant file's noun is English: a Swedish text says "mottagare", not "50 states".
        assert said.startswith("Indata är i ordning: 50 mottagare, 50 rader."), said


def test_a_problem_before_the_inputs_are_read_is_in_the_grant_files_language(cares, tmp_path):
    inputs, _ = cares
    broken = tmp_path / "inputs"
    broken.mkdir()
    (broken / "grant.toml").write_text((inputs / "grant.toml").read_text("utf-8"), "utf-8")
    result = run("check", "--inputs", broken)  # states.csv is missing
    assert result.exit_code == 1
    assert result.output.startswith("The inputs have 1 problem; nothing was written:"), result.output


# What only a grant over health centres, nursing homes and the listed 80+ may say (#21.7) ...
PRESET_WORDS = ("hälsocentral", "SÄBO", "80+", "health centre", "nursing home")
# ... and what no grant's texts say (#23.8): jargon of the calculation, not words of the decision.
JARGON = re.compile(r"\bgolv|räkneenhet|krona eller öre|restkron|extra kron|money units", re.I)
# Kronor words in a grant in another currency.
KRONOR = re.compile(r"\bkr\b|\böre\b|\bkron(a|or|an)\b", re.I)
EXAMPLES = ("cares-act-2020", "regioner-befolkning-2024", "nationell-2021", "per-utford-2021")


def book_texts(book: Path) -> str:
    """Every text cell of a workbook's sheets and the sheets' names (the seal's hidden sheet holds
    field ids, no text a reader sees)."""
    workbook = openpyxl.load_workbook(book)
    found = []
    for sheet in workbook.worksheets:
        if sheet.title == SEAL_SHEET:
            continue
        found.append(sheet.title)
        found += [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str) and c[:1] != "="]
    return "\n".join(found)


def grants_own_words(inputs: Path) -> str:
    """The words the grant file brings in: its own text, its recipients' words and the words of
    the tables it reads (a preset's "Listade 80+")."""
    grant = api.check(inputs).grant
    return (inputs / "grant.toml").read_text("utf-8") + repr(grant.who) + repr(grant.specs)


# The fast tier reads one example in each language: the one in dollars in English, one of a
# declared table in Swedish; the other six are CI's (``slow``), a whole build and export each.
FAST_WORDS = {("cares-act-2020", "en"), ("regioner-befolkning-2024", "sv")}


@pytest.mark.parametrize(
    ("example", "lang"),
    [
        pytest.param(example, lang, marks=() if (example, lang) in FAST_WORDS else pytest.mark.slow)
        for example in EXAMPLES
        for lang in ("sv", "en")
    ],
)
def test_every_text_of_a_shipped_example_is_in_its_grants_words(tmp_path, example, lang):
    workspace = tmp_path / "ws"
    api.init_workspace(workspace, example)
    inputs, outputs = workspace / "inputs", workspace / "outputs"
    said = []
    for command in (["check"], ["build", "--outputs", outputs]):
        result = run(*command, "--inputs", inputs, "--lang", lang)
        assert result.exit_code == 0, result.output
        said.append(result.output)
    books = sorted(outputs.rglob("*.xlsx"))
    master = next(book for book in books if book.name.startswith("grantsheet-"))
    # Without recalculation: the words are the same, LibreOffice's minutes are not needed here.
    said.append(run("verify", "--no-recalc", master, *books[:2], "--lang", lang).output)
    exported = run("export", "--inputs", inputs, "--outputs", outputs, "--csv", tmp_path / "ut.csv", "--lang", lang)
    assert exported.exit_code == 0, exported.output
    said.append(exported.output)
    # The output folders' names are ids (layout.FOLDERS, the file format), not words: paths are left out.
    cli = re.sub(re.escape(str(workspace)) + r"\S*", "", "\n".join(said))
    # The CSV's first line is its field names (a file format: centre_id stays).
    csv_rows = (tmp_path / "ut.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    texts_out = {"cli": cli, "csv": "\n".join(csv_rows), **{book.name: book_texts(book) for book in books}}
    own = grants_own_words(inputs).lower()
    allowed = [w for w in PRESET_WORDS if w.lower() in own]
    forbidden = re.compile("|".join(re.escape(w) for w in PRESET_WORDS if w not in allowed), re.I)
    in_kronor = api.check(inputs).grant.currency == "SEK"
    found = {
        where: sorted(set(forbidden.findall(text) + JARGON.findall(text) + ([] if in_kronor else KRONOR.findall(text))))
        for where, text in texts_out.items()
    }
    assert {where: words for where, words in found.items() if words} == {}


def sheet_texts(book: Path, name: str) -> str:
    sheet = openpyxl.load_workbook(book)[name]
    return "\n".join(c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str))


@pytest.mark.parametrize(
    ("lang", "method", "overview", "largest"),
    [
        ("sv", "Metod", "Översikt", re.compile(r"största rest|Alabama|Hamilton", re.I)),
        ("en", "Method", "Overview", re.compile(r"largest remainder|Alabama|Hamilton", re.I)),
    ],
)
def test_the_method_of_a_pool_rounded_each_on_its_own_describes_that_rule(tmp_path, lang, method, overview, largest):
    """The CARES Act pool is rounded each on its own (a minimum, whole dollars): its Method sheet
    said 'the floor: the whole part, the leftover kronor to the largest remainders' (#21.7)."""
    api.init_workspace(tmp_path, CARES)
    result = api.build(tmp_path / "inputs", tmp_path / "outputs", lang)
    described = sheet_texts(result.master, method)
    assert not largest.search(described), described
    each = (
        "avrundas varje mottagares belopp för sig till närmaste hela USD"
        if lang == "sv"
        else "rounded on its own to the nearest whole USD"
    )
    assert each in described
    assert "1 250 000 000 USD" in described
    # The overview and the Checks say the same rule, and the payout sheet's amounts are dollars.
    assert not largest.search(sheet_texts(result.master, overview))
    payout = sheet_texts(result.master, "Utbetalning" if lang == "sv" else "Payout")
    assert "Coronavirus Relief Fund, States (USD)" in payout and "(kr)" not in payout


def test_a_pool_split_by_largest_remainder_is_still_explained_so(example_build):
    result = example_build(REGIONS)
    described = sheet_texts(result.master, "Metod")
    assert "Största rest: varje region får först kvoten avrundad nedåt till hela kronor." in described
    assert "Alabamaparadoxen" in described and "golv" not in described.lower()


def test_verify_speaks_the_language_a_file_was_written_in(tmp_path):
    """A build in English from a grant file without a language: verify of its master, and of a
    recipient's file returned alone (no master beside it), spoke Swedish (#21.7)."""
    api.init_workspace(tmp_path, REGIONS)
    outputs = tmp_path / "outputs"
    assert run("build", "--inputs", tmp_path / "inputs", "--outputs", outputs, "--lang", "en").exit_code == 0
    master = outputs / "2024" / "grantsheet-2024.xlsx"
    returned = tmp_path / "returned"
    returned.mkdir()
    alone = shutil.copy(next((outputs / "2024" / "mottagare").glob("*.xlsx")), returned)
    for file, kind in ((master, "master"), (alone, "centre")):
        said = run("verify", "--no-recalc", file).output
        assert f"({texts.text(f'verify_kind_{kind}', 'en')}):" in said, said
        # --lang and the environment still choose.
        for chosen in (
            run("verify", "--no-recalc", file, "--lang", "sv"),
            run("verify", "--no-recalc", file, env={"GRANTSHEET_LANG": "sv"}),
        ):
            assert f"({texts.text(f'verify_kind_{kind}', 'sv')}):" in chosen.output, chosen.output
