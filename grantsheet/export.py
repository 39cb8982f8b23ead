"""The payouts for other systems: the ledger (SIE 4 import file), CSV and JSON, and records.

Every export names the build it came from: the master workbook (file and SHA-256) that
``grantsheet build`` wrote from the same inputs, checked to hold the same payouts, so the
books never carry an amount the officer did not send.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from grantsheet import texts
from grantsheet.atomic import atomic_path
from grantsheet.errors import OUTPUTS, InputError, Location, Problem, problem

if TYPE_CHECKING:
    from grantsheet.allocate import PoolResult
    from grantsheet.approval import Status
    from grantsheet.grant import Ledger
    from grantsheet.journal import JournalEntry
    from grantsheet.load import Dataset


class PayoutRecord(NamedTuple):
    """One centre's payout from one pool."""

    centre_id: str
    centre: str
    cost_centre: str | None  # the register's cost-centre object, when it has one
    pool_id: str
    pool: str
    key: int | Fraction  # the centre's own key in the pool (after eligibility), as its column holds it
    payout: int | float  # kronor; a pool rounded in öre pays kronor with two decimals
    # What decided the payout (allocate.DECIDED): its key, a fixed part and its key, the
    # minimum or maximum it was held to, or not being eligible.
    rule: str = "key"


def payout_records(dataset: Dataset, results: Sequence[PoolResult]) -> list[PayoutRecord]:
    """Per centre (calculation order) and pool, the key and the payout."""
    return [
        PayoutRecord(
            centre.id,
            centre.name,
            centre.cost_centre,
            result.pool.id,
            result.pool.name,
            result.keys[row],
            result.paid[row],
            result.decided[row],
        )
        for row, centre in enumerate(dataset.centres)
        for result in results
    ]


def ore(amount: int | float) -> int:
    """Kronor as whole öre: the only unit sums of mixed kronor and öre pools are exact in."""
    return round(amount * 100)


class Build(NamedTuple):
    """The build an export came from."""

    master: Path
    sha256: str
    version: str  # the grantsheet that exports
    dataset: Dataset
    # The journal's entry that wrote this very master: the inputs it read then, which an edit
    # since that changes no payout (a comment, a mail setting) would otherwise misstate.
    entry: JournalEntry | None = None
    approval: Status | None = None  # its approval (#27), named in the CSV and JSON

    def as_dict(self) -> dict[str, object]:
        grant = self.dataset.grant
        entry = self.entry
        inputs = entry.inputs if entry else tuple((s.name, s.sha256) for s in self.dataset.sources)
        return {
            "master": self.master.name,
            "master_sha256": self.sha256,
            "grantsheet_version": entry.version if entry else self.version,
            "time": entry.time if entry else None,
            "journal_entry": entry.number if entry else None,
            "year": grant.year,
            "title": grant.title,
            "organisation": grant.organisation,
            "decision": {
                "body": grant.decision.body,
                "reference": grant.decision.reference,
                "paragraph": grant.decision.paragraph,
                "date": grant.decision.date.isoformat() if grant.decision.date else None,
            },
            "inputs": [{"file": name, "sha256": sha256} for name, sha256 in inputs],
            "approval": self.approval.as_dict() if self.approval else None,
        }


def check_build(master: Path, records: Sequence[PayoutRecord], version: str, dataset: Dataset) -> Build:
    """The master ``grantsheet build`` wrote from these inputs, when it holds exactly ``records``'
    payouts; otherwise ``InputError`` (no build yet, damaged, or built from other inputs)."""
    from grantsheet.journal import find_journal, match, read
    from grantsheet.readback import read_or_problem, workbook_info
    from grantsheet.rederive import rederive

    where = Location(str(master))
    if not master.is_file():
        raise InputError([problem("export_no_build", where)], OUTPUTS)
    found = read_or_problem(
        master, "master", lambda: rederive(master) if workbook_info(master).kind == "master" else None
    )
    if isinstance(found, Problem):
        raise InputError([found], OUTPUTS)
    if found is None:
        raise InputError([problem("master_not_master", where)], OUTPUTS)
    built = {
        (centre_id, pool_index): paid
        for pool_index, pool in enumerate(found.pools)
        for centre_id, paid in zip(found.centre_ids, pool.paid)
    }
    pool_ids = list(dict.fromkeys(record.pool_id for record in records))
    wanted = {(r.centre_id, pool_ids.index(r.pool_id)): r.payout for r in records}
    if built != wanted:
        raise InputError([problem("export_build_differs", where)], OUTPUTS)
    journal = find_journal(master)
    written = match(read(journal), master, None) if journal else None
    entry = written.entry if written and written.same_bytes else None
    return Build(master, hashlib.sha256(master.read_bytes()).hexdigest(), version, dataset, entry)


CSV_COLUMNS = (
    "centre_id",
    "centre",
    "cost_centre",
    "pool_id",
    "pool",
    "key",
    "payout",
    "master",
    "master_sha256",
    "approval",  # #27: "Attesterad av …, bygge 7", or that the build is not approved
    "rule",  # what decided the payout (allocate.DECIDED); last, so earlier columns keep their places
)


def write_csv(path: Path, records: Sequence[PayoutRecord], build: Build, plain: bool = False) -> None:
    """One row per centre and pool, each naming its build; a text that a spreadsheet would run
    as a formula is neutralised (``inert``). By default what Swedish Excel opens by a
    double-click (#23.11): UTF-8 with a byte order mark, ``;`` between fields, a decimal comma
    (without the mark Excel read "Å" as "Ã…", and the commas put every row in one column).
    ``plain``: RFC 4180, UTF-8 without a mark, ``,`` and a decimal point, for other programs."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", delimiter="," if plain else ";")
    writer.writerow(CSV_COLUMNS)
    stamp = build.approval.stamp(build.dataset.grant.language) if build.approval else ""
    for record in records:
        row = (
            *record[:2],
            record.cost_centre or "",
            record.pool_id,
            record.pool,
            record.key,
            record.payout,
            build.master.name,
            build.sha256,
            stamp,
            record.rule,
        )
        writer.writerow(_csv_field(value, plain) for value in row)
    _write_text(path, buffer.getvalue(), "utf-8" if plain else "utf-8-sig")


def _csv_field(value: object, plain: bool) -> object:
    if isinstance(value, str):
        return inert(value)
    if isinstance(value, Fraction):  # a decimal key, exactly as its column holds it
        text = decimal_text(value)
        return text if plain else text.replace(".", ",")
    if isinstance(value, float) and not plain:
        return repr(value).replace(".", ",")  # an öre amount, as Swedish Excel reads a number
    return value


# What a spreadsheet program opening a CSV file takes for the start of a formula (OWASP, "CSV
# Injection"): a centre named =cmd|' /C calc'!A0 ran a program in Excel (#26.11).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def inert(text: str) -> str:
    """``text`` as a CSV field no spreadsheet runs: one that starts like a formula gets a
    single quote in front, as OWASP advises (the csv writer quotes the field when needed);
    shown, the quote says that the text was changed."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def decimal_text(value: Fraction) -> str:
    """A decimal key exactly, with a point: "13.04061" (its denominator is a power of ten, at
    most ``tables.MAX_DECIMALS`` of them; a float would not hold every such key)."""
    places = next(p for p in range(64) if (value * 10**p).denominator == 1)
    whole = abs(value.numerator) * 10**places // value.denominator
    sign = "-" if value < 0 else ""
    digits = str(whole).rjust(places + 1, "0")
    return f"{sign}{digits[:-places]}.{digits[-places:]}" if places else f"{sign}{digits}"


def write_json(path: Path, records: Sequence[PayoutRecord], build: Build) -> None:
    """A whole key is a JSON number; a decimal key a string holding its exact decimals."""
    payouts = [
        {**record._asdict(), "key": decimal_text(record.key) if isinstance(record.key, Fraction) else record.key}
        for record in records
    ]
    document = {"build": build.as_dict(), "payouts": payouts}
    _write_text(path, json.dumps(document, ensure_ascii=False, indent=2) + "\n", "utf-8")


def ledger_problems(dataset: Dataset, records: Sequence[PayoutRecord], grant_file: str) -> list[Problem]:
    """What the SIE export needs that the inputs lack: ``[ledger]``, a cost centre per paid centre."""
    found = []
    if dataset.grant.ledger is None:
        found.append(problem("export_no_ledger", Location(grant_file)))
    register = dataset.register_file
    paid = {r.centre_id for r in records if r.payout}
    missing = [c for c in dataset.centres if c.id in paid and not c.cost_centre]
    if missing and register is None:
        found.append(problem("export_needs_register", Location(grant_file)))
    elif missing and register is not None:
        found += [problem("export_no_cost_centre", Location(register), name=c.name, id=c.id) for c in missing]
    return found


def sie_text(records: Sequence[PayoutRecord], build: Build, ledger: Ledger, today: dt.date) -> str:
    """An SIE 4 import file (type 4I): one voucher, a debit per centre on its cost-centre
    object and the counter entry, balanced to the öre."""
    grant = build.dataset.grant
    per_centre: dict[str, int] = {}
    names: dict[str, tuple[str, str]] = {}
    for record in records:
        per_centre[record.centre_id] = per_centre.get(record.centre_id, 0) + ore(record.payout)
        names[record.centre_id] = (record.cost_centre or "", record.centre)
    paid = [(centre_id, amount) for centre_id, amount in per_centre.items() if amount]
    date = (ledger.date or today).strftime("%Y%m%d")
    decision = " ".join(p for p in (grant.decision.reference, grant.decision.paragraph) if p)
    voucher_text = ledger.text or " ".join(p for p in (grant.title, decision) if p)
    lines = [
        "#FLAGGA 0",
        f"#PROGRAM {_q('grantsheet')} {_q(build.version)}",
        "#FORMAT PC8",
        f"#GEN {today.strftime('%Y%m%d')} {_q('grantsheet')}",
        "#SIETYP 4",
    ]
    if grant.organisation:
        lines.append(f"#FNAMN {_q(grant.organisation)}")
    lines.append(f"#DIM {ledger.dimension} {_q(texts.text('sie_dimension', grant.language))}")
    lines += [f"#OBJEKT {ledger.dimension} {_q(names[c][0])} {_q(names[c][1])}" for c, _ in paid]
    lines += [f"#VER {_q(ledger.series)} {_q('')} {date} {_q(voucher_text)}", "{"]
    for centre_id, amount in paid:
        cost_centre, name = names[centre_id]
        lines.append(
            f"   #TRANS {ledger.cost_account} {{{ledger.dimension} {_q(cost_centre)}}} {_amount(amount)} {_q('')} {_q(name)}"
        )
    total = sum(amount for _, amount in paid)
    counter_text = texts.text("sie_counter_entry", grant.language, master=build.master.name)
    lines.append(f"   #TRANS {ledger.counter_account} {{}} {_amount(-total)} {_q('')} {_q(counter_text)}")
    lines.append("}")
    return "\r\n".join(lines) + "\r\n"


# Characters of Swedish decisions that code page 437 lacks, written as a reader would say them.
_NOT_IN_PC8 = str.maketrans({"§": "par.", "–": "-", "—": "-", "’": "'", "‘": "'", "”": '"', "“": '"', "\u00a0": " "})


def write_sie(path: Path, text: str) -> None:
    # PC8 is IBM code page 437: å, ä, ö, é are in it; any other character missing there becomes "?".
    _write_bytes(path, text.encode("cp437", errors="replace"))


def _q(value: str) -> str:
    """An SIE field: in quotes, a quote inside escaped, no control characters."""
    cleaned = "".join(ch for ch in value.translate(_NOT_IN_PC8) if ch.isprintable())
    return '"' + cleaned.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _amount(ore_amount: int) -> str:
    sign = "-" if ore_amount < 0 else ""
    whole, cents = divmod(abs(ore_amount), 100)
    return f"{sign}{whole}.{cents:02d}"


def _write_text(path: Path, text: str, encoding: str) -> None:
    _write_bytes(path, text.encode(encoding))


def _write_bytes(path: Path, data: bytes) -> None:
    with atomic_path(path) as temporary:
        temporary.write_bytes(data)
