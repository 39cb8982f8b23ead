"""The summary's report to Socialstyrelsen (#14.3): the grant, what came from the state and
what was distributed, the amount used per activity, unused and repaid, and how many centres
reported, every figure a live formula over the summary's rows that two engines agree on."""

from __future__ import annotations

import datetime as dt
import shutil
from fractions import Fraction
from pathlib import Path

import openpyxl
from test_letter import REPAY
from workspace import make_workspace

from grantsheet import api, texts
from grantsheet.layout import field_name
from grantsheet.openpyxl_read import load_workbook
from grantsheet.recalc import ENGINES, recalculate
from grantsheet_samples import Home, Listing

SHEET = {"sv": "Redovisning Socialstyrelsen", "en": "Report to Socialstyrelsen"}
NAMES = ["Alfa hälsocentral", "Beta hälsocentral", "Gamma hälsocentral", "Delta hälsocentral", "Epsilon hälsocentral"]


def _workspace(folder: Path) -> Path:
    listings = [Listing(name, count) for name, count in zip(NAMES, [1204, 830, 95, 410, 77])]
    homes = [Home("Umeå", f"Hem {k}", name, places) for k, (name, places) in enumerate(zip(NAMES, [32, 18, 21, 9, 4]))]
    inputs = make_workspace(folder, homes, listings)
    grant = inputs / "grant.toml"
    grant.write_text(
        grant.read_text(encoding="utf-8").replace("[follow_up]\ndeadline = 2023-01-31\n", REPAY), encoding="utf-8"
    )
    return inputs


def _fill(path: Path, values: dict[str, object]) -> None:
    """Type into a centre's form by its fields' defined names, wherever the form puts them."""
    book = openpyxl.load_workbook(path)
    for name, value in values.items():
        sheet, cell = next(book.defined_names[field_name(name)].destinations)
        book[sheet][cell.replace("$", "")] = value
    book.save(path)


class Region:
    """Five centres: Alfa used less than it received, Beta more, Gamma sent its form back
    blank, Delta and Epsilon sent nothing."""

    def __init__(self, tmp_path: Path) -> None:
        self.inputs = _workspace(tmp_path)
        built = api.build(self.inputs, tmp_path / "outputs")
        self.built = built
        self.received = {
            c.name: Fraction(sum(pool.paid[k] for pool in built.pools)) for k, c in enumerate(built.dataset.centres)
        }
        files = {
            c.name: next(f for f in built.centre_files if f.name.startswith(f"{c.id} ")) for c in built.dataset.centres
        }
        self.returns = tmp_path / "returns"
        self.returns.mkdir()
        for name in NAMES[:3]:
            shutil.copyfile(files[name], self.returns / files[name].name)
        self.alfa = {"amount:lakartid": 1000, "amount:ovrigt": 250.5}
        self.beta = {"amount:lakartid": int(self.received["Beta hälsocentral"]) + 700}
        signed = {"contact": "Anna Berg", "date": dt.datetime(2023, 1, 20)}
        _fill(self.returns / files["Alfa hälsocentral"].name, self.alfa | signed)
        _fill(self.returns / files["Beta hälsocentral"].name, self.beta | signed)
        self.summaries = {}
        for lang in ("sv", "en"):
            summary = tmp_path / f"summary-{lang}.xlsx"
            self.result = api.collect([self.returns], built.master, summary, lang, inputs=self.inputs)
            self.summaries[lang] = summary

    def expected(self, lang: str) -> dict[str, Fraction | int]:
        """Every figure of the report, by its label, in exact arithmetic."""

        def t(key: str) -> str:
            return texts.text(key, lang)

        alfa, beta = self.received["Alfa hälsocentral"], self.received["Beta hälsocentral"]
        lakartid = Fraction(self.alfa["amount:lakartid"]) + Fraction(self.beta["amount:lakartid"])
        ovrigt = Fraction(self.alfa["amount:ovrigt"])
        used_alfa = sum(Fraction(v) for v in self.alfa.values())
        used_beta = sum(Fraction(v) for v in self.beta.values())
        used = lakartid + ovrigt
        return {
            t("report_distributed"): sum(self.received.values()),
            "Läkartid": lakartid,
            "Övrigt": ovrigt,
            t("report_used_total_kr"): used,
            t("report_received_reported_kr"): alfa + beta,
            t("report_used_reported_kr"): used,
            t("report_unused_kr"): alfa + beta - used,
            # Beta's overspending lessens no other centre's repayment.
            t("col_repay_kr"): max(alfa - used_alfa, 0) + max(beta - used_beta, 0),
            t("report_count_paid"): 5,
            t("report_count_reported"): 2,
            t("report_count_blank"): 1,
            t("report_count_missing"): 2,
        }


def _rows(path: Path, lang: str, data_only: bool) -> dict[str, object]:
    sheet = load_workbook(path, data_only=data_only)[SHEET[lang]]
    return {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0] and len(row) > 1}


def _formula_rows(path: Path, lang: str) -> dict[str, str]:
    return {label: value for label, value in _rows(path, lang, False).items() if str(value).startswith("=")}


def test_the_report_states_the_grant_and_every_figure_as_a_live_formula(tmp_path):
    region = Region(tmp_path)
    for lang in ("sv", "en"):
        summary = region.summaries[lang]
        expected = region.expected(lang)
        formulas = _formula_rows(summary, lang)
        assert set(formulas) == set(expected), lang
        reported = texts.text("status_reported", lang)
        assert formulas["Läkartid"].startswith("=SUMIFS(") and f'"{reported}"' in formulas["Läkartid"]
        assert formulas[texts.text("report_count_blank", lang)].startswith("=COUNTIF(")
        cached = _rows(summary, lang, True)
        assert {label: Fraction(cached[label]) for label in expected} == expected
        facts = {
            key: cached[texts.text(f"report_{key}", lang)] for key in ("grant", "decision", "year", "organisation")
        }
        assert facts == {
            "grant": "Testbidrag 2022",
            "decision": "RS 1-2022 § 1",
            "year": "2022",
            "organisation": "Region Test",
        }
        assert cached[texts.text("report_from_state", lang)] == 4_200_000 + 4_200_000
    assert (
        region.result.unused_total
        == region.expected("en")["To repay: what each health centre that reported has left (kr)"]
    )


def test_two_engines_recalculate_every_figure_of_the_report_to_what_python_says(tmp_path, soffice, ssconvert):
    region = Region(tmp_path)
    paths = [region.summaries["sv"], region.summaries["en"]]
    for engine in ENGINES:
        copies = recalculate(paths, tmp_path / engine, engine=engine)
        for lang, copy in zip(("sv", "en"), copies):
            expected = region.expected(lang)
            values = _rows(copy, lang, True)
            assert {label: Fraction(values[label]) for label in expected} == expected, (engine, lang)


def test_the_counts_and_the_repay_line_in_both_languages(tmp_path):
    region = Region(tmp_path)
    swedish, english = _rows(region.summaries["sv"], "sv", True), _rows(region.summaries["en"], "en", True)
    assert (swedish["Har rapporterat"], swedish["Har skickat tillbaka en tom blankett"]) == (2, 1)
    assert (swedish["Har inte rapporterat"], swedish["Har fått medel"]) == (2, 5)
    assert (english["Have reported"], english["Returned a blank form"], english["Have not reported"]) == (2, 1, 2)
    assert "Betalas tillbaka senast 2023-03-31 till bankgiro 123-4567, märkt RS 1-2022 § 1." in swedish
    assert "To be repaid by 2023-03-31 to bankgiro 123-4567, marked RS 1-2022 § 1." in english
    assert openpyxl.load_workbook(region.summaries["sv"]).sheetnames == [
        "Sammanställning",
        "Redovisning Socialstyrelsen",
        "Saknas och anmärkningar",
    ]


def test_a_grant_file_of_another_grant_is_named_and_not_used(tmp_path):
    region = Region(tmp_path)
    other = tmp_path / "other"
    shutil.copytree(region.inputs, other)
    grant = other / "grant.toml"
    grant.write_text(grant.read_text(encoding="utf-8").replace("Region Test", "Region Annan"), encoding="utf-8")
    summary = tmp_path / "other.xlsx"
    result = api.collect([region.returns], region.built.master, summary, "en", inputs=other)
    assert [note.kind for note in result.notes] == ["collect_grant_other"] and result.repay is None
    rows = _rows(summary, "en", True)
    assert (rows["Decision (reference)"], rows["Organisation"], rows["Grant"]) == ("-", "-", "Testbidrag 2022")
    assert not any(str(label).startswith("To be repaid by") for label in rows)
