"""verify sees what a centre's letter prints (#26.6): edits of a centre file's XML that make
its letter show another amount, hide it, or leave lines off the paper, each named with its
sheet and cell, where they passed verify before centre file format 4 (the master's are in
tests/test_presentation.py)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cycle_helpers import make_inputs
from hostile_inputs import coloured_font, make_zip, rewrite_member, zip_members

from grantsheet import api
from grantsheet.fileformat import CENTRE_PRESENTATION
from grantsheet.layout import BASIS_COLUMNS_7, COL, seal
from grantsheet.readback import OutputBook, workbook_info
from grantsheet.signing import CONFIG_ENV, PUBLIC_FILE, Signer, valid

LETTER, BASIS, FORM = "Utbetalningsbesked", "Utbetalning", "Återrapportering"
KRONOR = "#,##0 &quot;kr&quot;"
CORPUS = Path(__file__).parent / "corpus" / "0.2.0" / "vasterbotten-2022" / "outputs" / "2022" / "hälsocentraler"


@pytest.fixture(scope="module")
def centre(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("letter-presentation")
    built = api.build(make_inputs(folder / "inputs"), folder / "outputs")
    return next(p for p in built.cycle.centre_files if p.name.startswith("HC1 "))


def failing(path: Path) -> list[tuple[str, dict]]:
    (report,) = api.verify([path], recalc=False)
    return [(f.kind, dict(f.params)) for f in report.findings if f.failing]


def tampered(centre: Path, tmp_path: Path, edit) -> list[tuple[str, dict]]:
    copy = tmp_path / centre.name
    shutil.copyfile(centre, copy)
    found = zip_members(copy.read_bytes())
    edit(found)
    copy.write_bytes(make_zip(found))
    findings = failing(copy)
    assert ("presentation_fix", {}) not in findings  # a note, not a failure of its own
    return findings


def letter_part(found: dict[str, bytes], name: str = LETTER) -> str:
    book = found["xl/workbook.xml"].decode()
    rid = re.search(rf'<sheet name="{name}" sheetId="\d+"(?: [^>]*)? r:id="(rId\d+)"', book).group(1)
    rels = found["xl/_rels/workbook.xml.rels"].decode()
    return "xl/" + re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels).group(1)


def amount_style(found: dict[str, bytes]) -> int:
    """The style of the letter's amount (B11: "Belopp 3 569 055 kr")."""
    return int(re.search(r'<c r="B11" s="(\d+)"', found[letter_part(found)].decode()).group(1))


def kronor_format(found: dict[str, bytes], code: str) -> None:
    styles = found["xl/styles.xml"].decode()
    assert f'formatCode="{KRONOR}"' in styles
    found["xl/styles.xml"] = styles.replace(f'formatCode="{KRONOR}"', f'formatCode="{code}"').encode()


def test_a_fresh_centre_file_keeps_its_presentation_and_verifies(centre: Path):
    info = workbook_info(centre)
    assert info.format >= CENTRE_PRESENTATION and info.view is not None and LETTER in info.view
    assert failing(centre) == []


def test_a_number_format_that_shows_another_amount(centre: Path, tmp_path: Path):
    """3 569 055 shown as "13 569 055 kr" on the letter, the basis and the form."""
    findings = tampered(centre, tmp_path, lambda found: kronor_format(found, "&quot;1&quot;# ##0 &quot;kr&quot;"))
    changed = {"found": "1# ##0 kr", "expected": "#,##0 kr"}
    assert ("format_changed", {"sheet": LETTER, "cell": "B11", **changed}) in findings
    assert ("format_changed", {"sheet": FORM, "cell": "B7", **changed}) in findings
    assert ("seal_broken_view", {}) not in findings  # the file's own kept layout is intact


def test_a_hidden_number_format(centre: Path, tmp_path: Path):
    findings = tampered(centre, tmp_path, lambda found: kronor_format(found, ";;;"))
    assert ("format_changed", {"sheet": LETTER, "cell": "B11", "found": ";;;", "expected": "#,##0 kr"}) in findings


def test_a_conditional_format_that_shows_another_amount(centre: Path, tmp_path: Path):
    def conditional(found: dict[str, bytes]) -> None:
        styles = found["xl/styles.xml"].decode()
        count = int(re.search(r'<dxfs count="(\d+)"', styles).group(1))
        shown = '<dxf><numFmt numFmtId="200" formatCode="&quot;1&quot;# ##0 &quot;kr&quot;"/></dxf>'
        styles = styles.replace(f'<dxfs count="{count}">', f'<dxfs count="{count + 1}">', 1)
        found["xl/styles.xml"] = styles.replace("</dxfs>", shown + "</dxfs>", 1).encode()
        part = letter_part(found)
        rule = (
            f'<conditionalFormatting sqref="B11"><cfRule type="expression" dxfId="{count}" priority="1">'
            "<formula>TRUE</formula></cfRule></conditionalFormatting>"
        )
        found[part] = found[part].decode().replace("</sheetData>", "</sheetData>" + rule, 1).encode()

    findings = tampered(centre, tmp_path, conditional)
    assert ("conditional_changed", {"sheet": LETTER, "area": "B11"}) in findings


@pytest.mark.parametrize("white_colour", ['rgb="FFFFFFFF"', 'theme="0"', 'indexed="9"'])
def test_a_white_font_on_the_letter(centre: Path, tmp_path: Path, white_colour: str):
    """White as RGB, as Excel's palette gives it ("White, Background 1": the theme's first
    colour) and as the legacy palette's."""

    def white(found: dict[str, bytes]) -> None:
        coloured_font(found, amount_style(found), white_colour, 14)

    findings = tampered(centre, tmp_path, white)
    assert ("cell_invisible", {"sheet": LETTER, "cell": "B11"}) in findings


def test_a_white_font_on_the_letters_words(centre: Path, tmp_path: Path):
    """The repayment line (the words, not only the money: its bankgiro) in white: it no longer prints."""

    def white(found: dict[str, bytes]) -> None:
        part = letter_part(found)
        sheet = found[part].decode()
        style = int(re.search(r'<c r="A25" s="(\d+)"', sheet).group(1))
        own = coloured_font(found, style, 'rgb="FFFFFFFF"', 10, copy=True)  # this cell's alone
        found[part] = sheet.replace(f'<c r="A25" s="{style}"', f'<c r="A25" s="{own}"', 1).encode()

    findings = tampered(centre, tmp_path, white)
    assert ("cell_invisible", {"sheet": LETTER, "cell": "A25"}) in findings


def test_the_letters_words_changed_or_removed(centre: Path, tmp_path: Path):
    """The repayment's bankgiro changed, and the reporting paragraph removed: the words the
    letter prints are the build's too, not only how they are shown."""

    def reword(found: dict[str, bytes]) -> None:
        strings = found["xl/sharedStrings.xml"].decode()
        assert strings.count("bankgiro 000-0000") == 1
        found["xl/sharedStrings.xml"] = strings.replace("bankgiro 000-0000", "bankgiro 999-9999").encode()
        part = letter_part(found)
        found[part] = re.sub(r'<c r="A24"[^>]*>.*?</c>', "", found[part].decode(), count=1).encode()

    findings = {
        (kind, params["cell"]): params for kind, params in tampered(centre, tmp_path, reword) if "cell" in params
    }
    assert "bankgiro 999-9999" in findings[("text_changed", "A25")]["found"]
    assert findings[("text_changed", "A24")] == {"sheet": LETTER, "cell": "A24", "found": ""}


def test_a_print_area_that_leaves_the_letters_last_lines_off_the_paper(centre: Path, tmp_path: Path):
    def shrink(found: dict[str, bytes]) -> None:
        book = found["xl/workbook.xml"].decode()
        found["xl/workbook.xml"] = book.replace(f"{LETTER}!$A$1:$E$29<", f"{LETTER}!$A$1:$E$19<", 1).encode()

    findings = tampered(centre, tmp_path, shrink)
    assert ("print_area_changed", {"sheet": LETTER, "found": "A1:E19", "expected": "A1:E29"}) in findings


def test_hidden_rows_on_the_letter(centre: Path, tmp_path: Path):
    """The amount's row and the first pool's line hidden: the letter prints without them."""

    def hide(found: dict[str, bytes]) -> None:
        part = letter_part(found)
        sheet = found[part].decode()
        for row in (11, 17):
            sheet = re.sub(rf'<row r="{row}"', f'<row r="{row}" hidden="1"', sheet, count=1)
        found[part] = sheet.encode()

    findings = tampered(centre, tmp_path, hide)
    assert ("rows_hidden", {"sheet": LETTER, "rows": "11, 17"}) in findings


def test_rows_lowered_to_nothing_and_a_column_narrowed_to_nothing_on_the_letter(centre: Path, tmp_path: Path):
    """No hidden flag, but the amount's row 0 pt high and the payout column 0 wide: as hidden."""

    def flatten(found: dict[str, bytes]) -> None:
        part = letter_part(found)
        sheet = found[part].decode()
        sheet = re.sub(r'(<row r="11"[^>]*?) ht="[^"]*"', r'\1 ht="0"', sheet, count=1)
        sheet = re.sub(r'(<col min="5" max="5"[^>]*?) width="[^"]*"', r'\1 width="0"', sheet, count=1)
        assert '<row r="11" spans="1:5" ht="0"' in sheet and 'width="0"' in sheet
        found[part] = sheet.encode()

    findings = tampered(centre, tmp_path, flatten)
    assert ("rows_hidden", {"sheet": LETTER, "rows": "11"}) in findings
    assert ("cols_hidden", {"sheet": LETTER, "cols": "E"}) in findings


def test_a_hidden_letter(centre: Path, tmp_path: Path):
    def hide(found: dict[str, bytes]) -> None:
        book = found["xl/workbook.xml"].decode()
        found["xl/workbook.xml"] = book.replace(f'<sheet name="{LETTER}"', f'<sheet name="{LETTER}" state="hidden"', 1)
        found["xl/workbook.xml"] = found["xl/workbook.xml"].encode()

    findings = tampered(centre, tmp_path, hide)
    assert ("sheet_hidden", {"sheet": LETTER, "state": "hidden"}) in findings


def test_a_kept_layout_edited_to_match_the_tamper_breaks_the_seal(centre: Path, tmp_path: Path):
    """Whoever edits the kept layout to agree with a tamper breaks the seal, which holds it; a
    seal computed again for it is in no entry of the build's journal, whose lines are signed."""
    copy = tmp_path / centre.name
    shutil.copyfile(centre, copy)
    rewrite_member(copy, "xl/workbook.xml", lambda data: data.replace(b"$A$1:$E$29<", b"$A$1:$E$19<", 1))
    rewrite_member(copy, "docProps/custom.xml", lambda data: data.replace(b'"A1:E29"', b'"A1:E19"', 1))
    journal = centre.parent.parent / "grantsheet-journal.jsonl"
    (report,) = api.verify([copy], recalc=False, journal=journal)
    kinds = [f.kind for f in report.findings if f.failing]
    assert "seal_broken_view" in kinds and "print_area_changed" not in kinds

    info = workbook_info(copy)
    with OutputBook(copy) as book:
        rows = book.rows(BASIS)
    basis = [tuple(row[COL[c]] for c in ("pool", *BASIS_COLUMNS_7)) for row in rows[10:12]]
    resealed = seal(info.centre_id, rows[4][1], basis, info.view)
    rewrite_member(copy, "docProps/custom.xml", lambda data: data.replace(info.seal.encode(), resealed.encode()))
    (report,) = api.verify([copy], recalc=False, journal=journal)
    assert [f.kind for f in report.findings if f.failing] == ["signature_invalid", "journal_none"]

    # Signed again with a key of the forger's own: only the region's key tells it.
    forger = Signer(Ed25519PrivateKey.generate(), tmp_path / "forger.pem")
    rewrite_member(
        copy,
        "docProps/custom.xml",
        lambda data: data.replace(info.signature.encode(), forger.sign(resealed.encode()).encode()).replace(
            info.signer.encode(), forger.public.encode()
        ),
    )
    (report,) = api.verify([copy], recalc=False, journal=journal)
    assert [f.kind for f in report.findings if f.failing] == ["journal_none"]
    (report,) = api.verify([copy], recalc=False, journal=journal, key=public_key())
    assert [f.kind for f in report.findings if f.failing] == ["signature_other_key", "journal_none"]


def public_key() -> Path:
    return Path(os.environ[CONFIG_ENV]) / PUBLIC_FILE


def test_a_centre_file_is_signed_with_the_builds_key(centre: Path):
    (report,) = api.verify([centre], recalc=False, key=public_key())
    assert report.ok and "signature_trusted" in [f.kind for f in report.findings]
    info = workbook_info(centre)
    assert valid(info.signer, info.signature, info.seal.encode("ascii"))


def test_each_difference_is_told_where_it_is_and_what_to_do(centre: Path, tmp_path: Path):
    copy = tmp_path / centre.name
    shutil.copyfile(centre, copy)
    rewrite_member(
        copy, "xl/styles.xml", lambda data: data.replace(f'formatCode="{KRONOR}"'.encode(), b'formatCode=";;;"')
    )
    (report,) = api.verify([copy], recalc=False)
    shown = [f.render("sv") for f in report.findings]
    assert "Bladet \"Utbetalningsbesked\", cell B11: talformatet är ';;;', bygget skrev '#,##0 kr'" in "\n".join(shown)
    assert any(line.startswith("Filen visar eller skriver ut något annat än bygget skrev") for line in shown)
    assert not report.ok


@pytest.mark.parametrize("tamper", ["format", "print_area"])
def test_a_centre_file_of_the_format_before_verifies_as_before(tmp_path: Path, tamper: str):
    """A 0.2.0 centre file (format 3) kept no layout: the same tampers are no finding there,
    as before, and the file is not asked for one."""
    original = next(CORPUS.glob("*HC0001*.xlsx"))
    assert workbook_info(original).format == 3
    copy = tmp_path / original.name
    shutil.copyfile(original, copy)
    if tamper == "format":
        rewrite_member(
            copy, "xl/styles.xml", lambda data: data.replace(f'formatCode="{KRONOR}"'.encode(), b'formatCode=";;;"')
        )
    else:
        rewrite_member(
            copy, "xl/workbook.xml", lambda data: re.sub(rb"(Utbetalningsbesked!\$A\$1:\$E\$)\d+<", rb"\g<1>5<", data)
        )
    (report,) = api.verify([copy], recalc=False)
    kinds = {f.kind for f in report.findings}
    assert not kinds & {"format_changed", "print_area_changed", "presentation_missing", "seal_broken_view"}
    assert report.ok


def test_a_centre_file_gnumeric_saved_again_is_no_finding(centre: Path, tmp_path: Path, ssconvert: str):
    """Gnumeric spells number formats, print areas and colours its own way; the kept
    presentation is compared after the one spelling (#26.6), and survives its save."""
    copy = tmp_path / "gnumeric.xlsx"
    subprocess.run([ssconvert, str(centre), str(copy)], check=True, capture_output=True)
    assert workbook_info(copy).view == workbook_info(centre).view
    assert failing(copy) == []
