"""The ``grantsheet`` command line: a thin layer over ``grantsheet.api``.

Each command calls the library and turns an ``InputError`` into a message listing
every problem and a non-zero exit code.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from grantsheet import __version__, texts
from grantsheet.cli_help import Choice, Group, Option, option
from grantsheet.errors import OUTPUTS, InputError, Problem, errors_in

if TYPE_CHECKING:
    from grantsheet.api import BuildResult
    from grantsheet.grant import Grant

# Each command imports grantsheet.api in its body: ``grantsheet --help`` must not pay for
# openpyxl and XlsxWriter, only the commands that read or write do (grantsheet.layout
# imports XlsxWriter's cell references, and with them all of XlsxWriter).

# Every help text is the texts' help_cmd_<command> or help_opt_<key>, shown in the language of
# --lang or GRANTSHEET_LANG (grantsheet.cli_help).
LANG_OPTION = option(
    "--lang",
    key="lang",
    type=Choice(["sv", "en"]),
    default=lambda: os.environ.get("GRANTSHEET_LANG"),
)


def folder_option(name: str, key: str):  # noqa: ANN201 - a click decorator
    """``--inputs`` or ``--outputs``: a folder, by default the one of that name here."""
    return option(
        f"--{name}",
        name,
        key=key,
        type=click.Path(file_okay=False, path_type=Path),
        default=Path(name),
        show_default=True,
    )


INPUTS_OPTION = folder_option("inputs", "inputs")
SIGNING_KEY_OPTION = option(
    "--key",
    "key",
    key="signing_key",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    envvar="GRANTSHEET_SIGNING_KEY",
    default=None,
)
OUTPUTS_OPTION = folder_option("outputs", "outputs")


class InputProblems(click.ClickException):
    """Shown as the list of problems, one per line, then exit code 1."""

    def __init__(self, error: InputError, lang: str, grant: Grant | None = None) -> None:
        super().__init__(error.render(lang, grant))
        self.error = error
        self.lang = lang
        self.grant = grant

    def show(self, file=None) -> None:
        heading = f"cli_problems_{self.error.subject}"
        # The errors are what stopped the run; warnings are listed with them, not counted (#23.14).
        click.echo(texts.text(heading, self.lang, count=len(errors_in(self.error.problems))), err=True)
        for found in self.error.problems:
            click.echo(_problem_line(found, self.lang, self.grant), err=True)


class Message(click.ClickException):
    """A message in the user's language alone, exit code 1 (click would put "Error:" before it)."""

    def show(self, file=None) -> None:
        click.echo(self.message, err=True)


def _problem_line(found: Problem, lang: str, grant: Grant | None = None) -> str:
    return f"  {texts.text('severity_' + found.severity, lang)}: {found.render(lang, grant)}"


@contextlib.contextmanager
def reporting(lang: str, grant: Grant | None = None) -> Iterator[None]:
    """Problems as the officer's list, in ``lang`` and the words of ``grant`` when it is known."""
    try:
        yield
    except InputError as error:
        raise InputProblems(error, lang, grant) from None
    except OSError as error:
        # Whatever the command: a full disk, a folder that cannot be written, a file held
        # open is a message naming it, never a traceback (#11.7).
        # faults (zipfile, traceback) only here: grantsheet --help never needs it.
        from grantsheet.faults import os_problem

        where = Path(error.filename) if error.filename else Path.cwd()
        raise InputProblems(InputError([os_problem(error, where)], OUTPUTS), lang, grant) from None


def _lang(lang: str | None) -> str:
    return lang or texts.DEFAULT_LANGUAGE


def _grant_of(inputs: Path, grant_file: Path | None = None) -> Grant | None:
    """The grant file of ``inputs`` (or ``grant_file``) as far as it reads, None when it does not:
    a command's messages follow its language and speak of its recipients, also when the inputs
    have problems (its own problems are reported by the command that reads it)."""
    from grantsheet.grant import read_grant
    from grantsheet.load import GRANT_FILE

    try:
        return read_grant(grant_file or inputs / GRANT_FILE, [])
    except OSError:
        return None


def _language(lang: str | None, grant: Grant | None) -> str:
    """The messages' language, as build chooses the workbook's: --lang or GRANTSHEET_LANG, else
    the grant file's ``[grant] language``, else Swedish."""
    return lang or (grant.language if grant is not None else None) or texts.DEFAULT_LANGUAGE


@click.group(cls=Group)
@click.version_option(version=__version__, prog_name="grantsheet", cls=Option, help_key="help_opt_version")
def main() -> None:
    """The ``grantsheet`` command (help: help_cmd_main)."""


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@option("--example", "example", key="example", metavar="NAME", default=None)
@LANG_OPTION
def init(directory: Path, example: str | None, lang: str | None) -> None:
    """``grantsheet init``: a workspace from the blank template or an example."""
    from grantsheet import api

    chosen, lang = lang, _lang(lang)
    if example is not None and example not in api.example_names():
        raise click.BadParameter(
            texts.text("cli_unknown_example", lang, name=example, names=", ".join(api.example_names())),
            param_hint="--example",
        )
    created = api.init_workspace(directory, example, chosen)
    for path in created:
        click.echo(texts.text("cli_created", lang, path=path))
    if not created:
        click.echo(texts.text("cli_nothing_created", lang, path=directory / "inputs"))
    click.echo(texts.text("cli_init_next", lang, inputs=directory / "inputs", outputs=directory / "outputs"))


@main.command()
@INPUTS_OPTION
@LANG_OPTION
def check(inputs: Path, lang: str | None) -> None:
    """``grantsheet check``: validate, write nothing."""
    from grantsheet import api

    grant = _grant_of(inputs)
    lang = _language(lang, grant)
    with reporting(lang, grant):
        dataset = api.check(inputs)
    for found in dataset.warnings:
        click.echo(_problem_line(found, lang, dataset.grant))
    rows = sum(len(table.records) for table in dataset.tables.values())
    click.echo(texts.recipient_text("cli_check_ok", lang, dataset.grant, centres=len(dataset.centres), rows=rows))


@main.command()
@INPUTS_OPTION
@OUTPUTS_OPTION
@option("--pdf", key="pdf", is_flag=True)
@option("--grant", key="grant", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None)
@SIGNING_KEY_OPTION
@LANG_OPTION
def build(inputs: Path, outputs: Path, pdf: bool, grant: Path | None, key: Path | None, lang: str | None) -> None:
    """``grantsheet build``: allocate and write the master and the recipients' files."""
    from grantsheet import api
    from grantsheet.cycle import PRINTING

    grant_read = _grant_of(inputs, grant)
    message_lang = _language(lang, grant_read)
    with reporting(message_lang, grant_read), _progress(message_lang) as progress:

        def printing(phase: str, done: int, total: int) -> None:
            if phase == PRINTING:  # LibreOffice takes seconds for a few PDFs: a bar from the first
                progress(done, total, "cli_progress_pdf", 1)

        result = api.build(inputs, outputs, lang, progress=progress, pdf=pdf, grant=grant, stage=printing, key=key)
    _echo_build(result)


def _echo_build(result: BuildResult) -> None:
    """What ``build`` prints: warnings, per pool amount, key, rate and paid, where the files went."""
    from grantsheet.tables import word  # imported by the build already

    lang = result.lang
    for found in result.dataset.warnings:
        click.echo(_problem_line(found, lang, result.dataset.grant))
    for pool_result in result.pools:
        allocation = pool_result.allocation
        click.echo(
            texts.recipient_text(
                "cli_pool_summary",
                lang,
                result.dataset.grant,
                pool=pool_result.pool.name,
                amount=texts.number(pool_result.pool.shown_amount, lang),
                # The key in its column's own units (a decimal key is summed in whole key units),
                # and what one of them was paid (a payout unit of more than one: times the unit).
                key=texts.number(pool_result.shown_total_key, lang),
                unit=word(pool_result.key_words.unit, lang),
                rate=texts.number(
                    allocation.amount
                    * pool_result.pool.step
                    * pool_result.key_scale
                    / ((allocation.total_key or 1) * pool_result.scale),
                    lang,
                    decimals=2,
                ),
                paid=texts.number(pool_result.paid_total, lang),
                currency=result.dataset.grant.currency_word,
            )
        )
    click.echo(texts.text("cli_written", lang, path=result.master))
    _echo_cycle(result, lang)
    if result.pdfs:
        click.echo(texts.text("cli_pdfs_written", lang, count=len(result.pdfs), path=result.pdfs[-1]))


# Below this many files a build takes well under a second: a bar would only flicker.
PROGRESS_FROM = 200


@contextlib.contextmanager
def _progress(lang: str) -> Iterator:
    """A progress callback for api.build that shows a bar once there are many files."""
    bars: list = []

    def report(done: int, total: int, key: str = "cli_progress", minimum: int = PROGRESS_FROM) -> None:
        if total < minimum:
            return
        if bars and bars[0][0] != key:  # the next phase: its own bar under the last one
            bars.pop()[1].__exit__(None, None, None)
        if not bars:
            bars.append((key, click.progressbar(length=total, label=texts.text(key, lang), file=None)))
            bars[0][1].__enter__()
        bar = bars[0][1]
        if done > bar.pos:  # two threads count files (the master's and the workers'): never back
            bar.update(done - bar.pos)

    try:
        yield report
    finally:
        if bars:
            bars[0][1].__exit__(None, None, None)


def _echo_cycle(result: BuildResult, lang: str) -> None:
    cycle = result.cycle
    if cycle is None:
        return
    if cycle.centre_files:
        click.echo(
            texts.recipient_text(
                "cli_centre_files",
                lang,
                result.dataset.grant,
                count=len(cycle.centre_files),
                path=cycle.centre_files[0].parent,
            )
        )
    if cycle.carried:
        click.echo(texts.recipient_text("cli_carried", lang, result.dataset.grant, count=cycle.carried))
    from grantsheet.layout import field_label  # imported by the build already

    sheet = texts.text("sheet_not_carried", lang)
    categories = result.dataset.grant.follow_up_categories
    for conflict in cycle.conflicts:
        click.echo(
            texts.text(
                "cli_conflict",
                lang,
                centre=conflict.centre_name,
                id=conflict.centre_id,
                field=field_label(conflict.field, lang, categories),
                kept=conflict.kept_value,
                kept_source=conflict.kept_source,
                dropped=conflict.value,
                dropped_source=conflict.source,
                sheet=sheet,
            )
        )
    if cycle.not_carried:
        click.echo(
            texts.text(
                "cli_not_carried", lang, count=len(cycle.not_carried), sheet=texts.text("sheet_not_carried", lang)
            )
        )
    if cycle.archive is not None:
        click.echo(texts.text("cli_archived", lang, path=cycle.archive))
    _echo_not_read(cycle.notes, lang, result.dataset.grant)
    for remark in cycle.remarks:
        click.echo(_problem_line(remark, lang, result.dataset.grant))
    changes = cycle.changes
    if changes.previous_time is None:
        click.echo(texts.text("cli_changes_none_before", lang))
        return
    click.echo(
        texts.text(
            "cli_changes_summary",
            lang,
            added=changes.count("added"),
            removed=changes.count("removed"),
            changed=changes.count("changed"),
        )
    )
    shown = changes.changed_rows[:CHANGES_SHOWN]
    for row in shown:
        click.echo(
            texts.text(
                "cli_change_line",
                lang,
                status=texts.text(f"change_{row.status}", lang),
                centre=row.name,
                id=row.id,
                before=texts.number(row.before.total, lang) if row.before else "-",
                after=texts.number(row.after.total, lang) if row.after else "-",
            )
        )
    hidden = len(changes.changed_rows) - len(shown)
    if hidden > 0:
        click.echo(texts.text("cli_more_changes", lang, count=hidden, sheet=texts.text("sheet_changes", lang)))
    if changes.rounding_losses:
        from grantsheet.changes import describe_loss  # imported by the build already

        for loss in changes.rounding_losses:
            note = describe_loss(loss, lang)
            click.echo(texts.text("cli_rounding_loss", lang, centre=loss.name, id=loss.id, note=note))


CHANGES_SHOWN = 20


def _echo_not_read(notes, lang: str, grant: Grant | None = None) -> None:
    """Every file that was not read, with the reason and a fix: nothing is skipped unnamed."""
    if notes:
        click.echo(texts.text("cli_files_not_read", lang, count=len(notes)))
        for note in notes:
            click.echo(_problem_line(note, lang, grant))


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@option("--no-recalc", key="no_recalc", is_flag=True)
@option("--journal", key="journal", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None)
@option(
    "--key", "public_key", key="public_key", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None
)
@option("--fingerprint", key="fingerprint", default=None)
@LANG_OPTION
def verify(
    files: tuple[Path, ...],
    no_recalc: bool,
    journal: Path | None,
    public_key: Path | None,
    fingerprint: str | None,
    lang: str | None,
) -> None:
    """``grantsheet verify``: masters and centre files against their builds."""
    from grantsheet import api

    try:
        reports = api.verify(
            list(files), recalc=not no_recalc, journal=journal, key=public_key, fingerprint=fingerprint
        )
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--key") from None
    # The language the files were written in: a master's seal holds its build's, a recipient's
    # file records its own (centre file format 6); --lang and GRANTSHEET_LANG choose over both.
    written = [report.seal.lang for report in reports if report.seal is not None]
    written += [report.info.lang for report in reports if report.info.lang is not None]
    lang = lang or next(iter(written), None) or texts.DEFAULT_LANGUAGE
    for report in reports:
        click.echo(
            texts.text("verify_file", lang, path=report.shown, kind=texts.text(f"verify_kind_{report.kind}", lang))
        )
        if report.unreadable is not None:
            click.echo(_problem_line(report.unreadable, lang))
        for found in report.findings:
            key = "verify_line_failing" if found.failing else "verify_line_note"
            click.echo(texts.text(key, lang, text=found.render(lang)))
        if report.ok:
            key = "verify_ok" if report.recalculated else "verify_ok_no_recalc"
            engines = " + ".join(report.engines)
            click.echo(texts.text(key, lang, formulas=report.formulas_compared, engines=engines))
        if report.payout_part_edited is not None:
            click.echo(
                texts.text("verify_payout_edited" if report.payout_part_edited else "verify_payout_intact", lang)
            )
    if not all(report.ok for report in reports):
        raise SystemExit(1)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@option(
    "--scenario", "grant", key="scenario", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None
)
@INPUTS_OPTION
@folder_option("outputs", "outputs_scenario")
@LANG_OPTION
def diff(files: tuple[Path, ...], grant: Path | None, inputs: Path, outputs: Path, lang: str | None) -> None:
    """``grantsheet diff``: two workbooks, or a what-if grant file."""
    from grantsheet import api

    lang = _lang(lang)
    if grant is not None:
        if len(files) > 1:
            raise click.UsageError(texts.text("cli_diff_scenario_files", lang))
        with reporting(lang):
            written, report = api.scenario(inputs, grant, outputs, lang, files[0] if files else None)
        click.echo(texts.text("cli_scenario_written", lang, path=written))
    elif len(files) != 2:
        raise click.UsageError(texts.text("cli_diff_two_files", lang))
    else:
        try:
            report = api.diff(files[0], files[1])
        except ValueError:
            raise click.ClickException(
                texts.text("diff_not_comparable", lang, before=files[0], after=files[1])
            ) from None
    _echo_diff(report, lang)
    if not report.same:
        raise SystemExit(1)


def _echo_diff(report, lang: str) -> None:  # noqa: ANN001 - a grantsheet.diff.DiffReport
    click.echo(texts.text("diff_heading", lang, before=report.before, after=report.after))
    if report.same:
        click.echo("  " + texts.text("diff_same", lang))
        return
    for section, found in (("parameters", report.parameters), ("inputs", report.inputs), ("entries", report.entries)):
        if found:
            click.echo("  " + texts.text(f"diff_section_{section}", lang))
            for difference in found:
                click.echo("    " + difference.render(lang))
    if report.payouts:
        click.echo("  " + texts.text("diff_section_payouts", lang))
        for change in report.payouts:
            reasons = "; ".join(reason.render(lang) for reason in change.reasons)
            click.echo(
                "    "
                + texts.text(
                    "diff_payout",
                    lang,
                    centre=change.centre,
                    id=change.centre_id,
                    pool=change.pool,
                    before=change.before,
                    after=change.after,
                    reasons=reasons,
                )
            )


@main.command()
@folder_option("outputs", "outputs_journals")
@option("--year", key="year", type=int, default=None)
@LANG_OPTION
def history(outputs: Path, year: int | None, lang: str | None) -> None:
    """``grantsheet history``: the builds the journals record."""
    from grantsheet import api
    from grantsheet.approval import shown_time

    lang = _lang(lang)
    entries = api.history(outputs, year)
    approvals = api.approvals(outputs, year)
    if not entries:
        click.echo(texts.text("cli_history_none", lang, path=outputs))
        return
    for entry in entries:
        master = entry.master
        click.echo(
            texts.text(
                "cli_history_entry",
                lang,
                number=entry.number,
                year=entry.year,
                # the computer's time zone, as the page shows it, named: the output may be read elsewhere
                time=shown_time(entry.time, zone=True),
                user=entry.user,
                host=entry.host,
                version=entry.version,
                language=texts.text(f"cli_history_language_{_known(entry.lang)}", lang),
                files=len(entry.outputs),
                master=master.sha256[:16] if master else "-",
            )
        )
        if not entry.chained:
            click.echo(texts.text("cli_history_unchained", lang))
        if entry.public_key is not None:
            from grantsheet.signing import fingerprint

            key = "cli_history_signed" if entry.signed else "cli_history_signature_broken"
            click.echo(texts.text(key, lang, fingerprint=fingerprint(entry.public_key)))
        if entry.voids:
            click.echo(texts.text("cli_history_voids", lang, entries=", ".join(map(str, entry.voids))))
        for name, sha in entry.inputs:
            click.echo(f"    {name}  {sha[:16]}")
        for pool in entry.pools:
            figures = {
                "pool": pool.name,
                "amount": texts.number(pool.amount, lang),
                "key": texts.number(pool.total_key, lang),
                "paid": texts.number(pool.paid, lang),
            }
            if entry.currency:
                click.echo(texts.currency_text("cli_history_pool", lang, entry.currency, **figures))
            else:  # not "kr" whatever the grant paid in: the line does not say
                click.echo(texts.text("cli_history_pool_no_currency", lang, **figures))
        for approval in approvals.get(entry.journal or Path(), {}).get(entry.number, []):
            _echo_approval(approval, lang)


def _known(lang: str | None) -> str:
    """A language the journal line names, or "unknown" (a line before format 2 names none)."""
    return lang if lang in ("sv", "en") else "unknown"


def _echo_approval(approval, lang: str) -> None:  # noqa: ANN001 - a grantsheet.journal.Approval
    from grantsheet.approval import shown_time

    comment = f": {approval.comment}" if approval.comment else ""
    click.echo(
        texts.text(
            "cli_history_approval",
            lang,
            number=approval.number,
            decision=texts.text(f"decision_{approval.decision}", lang),
            user=approval.approver,
            os_user=approval.os_user,
            host=approval.host,
            time=shown_time(approval.time, zone=True),
            comment=comment,
        )
    )
    if not (approval.signed and approval.chained):
        click.echo(texts.text("cli_history_unchained", lang))


@main.command()
@INPUTS_OPTION
@OUTPUTS_OPTION
@option("--reject", key="reject", is_flag=True)
@option("--comment", key="comment", default="")
@option("--as", "as_name", key="as", metavar="NAME", default=None)
@SIGNING_KEY_OPTION
@LANG_OPTION
def approve(
    inputs: Path,
    outputs: Path,
    reject: bool,
    comment: str,
    as_name: str | None,
    key: Path | None,
    lang: str | None,
) -> None:
    """``grantsheet approve``: attest (or reject) the last build."""
    from grantsheet import api
    from grantsheet.approval import os_user
    from grantsheet.signing import fingerprint

    lang = _lang(lang)
    if reject and not comment.strip():
        raise click.UsageError(texts.text("cli_reject_needs_comment", lang))
    with reporting(lang):
        also_not = (os_user(),) if as_name else ()
        recorded = api.approve(inputs, outputs, as_name, comment, reject, key, also_not)
        stand = api.approval_status(inputs, outputs)
    click.echo(
        texts.text(
            "cli_approved",
            lang,
            build=recorded.build,
            decision=texts.text(f"decision_{recorded.decision}", lang),
            user=recorded.approver,
            entry=recorded.number,
            fingerprint=fingerprint(recorded.public_key or ""),
        )
    )
    click.echo(texts.text("cli_approval_status", lang, stamp=stand.stamp(lang)))


@main.command()
@click.argument("returns", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@option("--master", key="master", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True)
@option(
    "--output",
    key="output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("sammanstallning.xlsx"),
    show_default=True,
)
@folder_option("inputs", "inputs_grant")
@LANG_OPTION
def collect(returns: tuple[Path, ...], master: Path, output: Path, inputs: Path, lang: str | None) -> None:
    """``grantsheet collect``: the returned forms into a summary."""
    from grantsheet import api

    lang = _lang(lang)
    with reporting(lang):
        grant_folder = inputs if (inputs / "grant.toml").is_file() else None
        result = api.collect(list(returns), master, output, lang, inputs=grant_folder)
    used = sum(result.total_by_category().values())
    received = sum(r for _, _, r in result.centres)
    click.echo(
        texts.text(
            "cli_collect_counts",
            lang,
            reported=result.reported,
            total=len(result.centres),
            used=used,
            received=received,
        )
    )
    _echo_not_read(result.notes, lang)
    for key, centres in (("cli_collect_missing", result.missing), ("cli_collect_blank", result.blank)):
        if centres:
            click.echo(texts.text(key, lang))
            for centre_id, name in centres:
                click.echo(f"  {name} ({centre_id})")
    unused = result.unused()
    if unused:
        click.echo(texts.text("cli_collect_unused", lang, total=result.unused_total, count=len(unused)))
        for centre_id, name, amount in unused:
            line = "cli_collect_unused_provisional" if centre_id in result.provisional else "cli_collect_unused_line"
            click.echo(texts.text(line, lang, name=name, id=centre_id, amount=amount))
        if result.repay is not None:
            click.echo("  " + result.repay.describe(lang))
    if result.flags:
        click.echo(texts.text("cli_collect_flags", lang))
        for flag in result.flags:
            click.echo(f"  {flag.centre_id}: {flag.render(lang)}")
    click.echo(texts.text("cli_collect_written", lang, path=result.summary))
    if result.flags:
        raise SystemExit(1)


@main.command()
@INPUTS_OPTION
@OUTPUTS_OPTION
@option("--host", key="host", default="127.0.0.1", show_default=True)
@option("--port", key="port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@option("--token", "tokens", key="token", envvar="GRANTSHEET_TOKEN", multiple=True)
@option("--trusted-user-header", key="trusted_user_header", metavar="HEADER", default=None)
@option("--no-browser", key="no_browser", is_flag=True)
@LANG_OPTION
def serve(
    inputs: Path,
    outputs: Path,
    host: str,
    port: int,
    tokens: tuple[str, ...],
    trusted_user_header: str | None,
    no_browser: bool,
    lang: str | None,
) -> None:
    """``grantsheet serve``: the workspace as a page in the browser."""
    lang = _lang(lang)
    try:
        from grantsheet.web.guard import is_loopback, parse_tokens
        from grantsheet.web.server import serve as serve_page
    except ImportError:
        raise Message(texts.text("cli_serve_missing", lang, command="serve")) from None
    from grantsheet.web.app import Settings

    if not is_loopback(host) and not parse_tokens(tokens):
        raise click.UsageError(texts.text("cli_serve_needs_token", lang))
    settings = Settings(inputs.resolve(), outputs.resolve(), tokens, lang, trusted_user_header)
    serve_page(settings, host, port, not no_browser, lambda url: click.echo(texts.text("cli_serving", lang, url=url)))


FILE_OPTION: dict[str, Any] = {"type": click.Path(dir_okay=False, path_type=Path), "default": None}


@main.command()
@INPUTS_OPTION
@OUTPUTS_OPTION
@option("--sie", key="sie", metavar="FILE", **FILE_OPTION)
@option("--csv", "csv_file", key="csv", metavar="FILE", **FILE_OPTION)
@option("--csv-plain", key="csv_plain", is_flag=True)
@option("--json", "json_file", key="json", metavar="FILE", **FILE_OPTION)
@LANG_OPTION
def export(
    inputs: Path,
    outputs: Path,
    sie: Path | None,
    csv_file: Path | None,
    csv_plain: bool,
    json_file: Path | None,
    lang: str | None,
) -> None:
    """``grantsheet export``: the last build's payouts as SIE 4, CSV or JSON."""
    from grantsheet import api

    grant = _grant_of(inputs)
    lang = _language(lang, grant)
    if sie is None and csv_file is None and json_file is None:
        raise click.UsageError(texts.text("cli_export_nothing", lang))
    with reporting(lang, grant):
        result = api.export(inputs, outputs, sie=sie, csv=csv_file, json=json_file, csv_plain=csv_plain)
    for kind, path in result.written.items():
        click.echo(texts.text("cli_export_written", lang, what=kind.upper(), path=path))


@main.command()
@INPUTS_OPTION
@OUTPUTS_OPTION
@option("--reminders", key="reminders", is_flag=True)
@option("--returns", "returns", key="returns", multiple=True, type=click.Path(exists=True, path_type=Path))
@option("--send", key="send", is_flag=True)
@option("--yes", key="yes", is_flag=True)
@LANG_OPTION
def mail(
    inputs: Path, outputs: Path, reminders: bool, returns: tuple[Path, ...], send: bool, yes: bool, lang: str | None
) -> None:
    """``grantsheet mail``: one e-mail draft per recipient; reminders; sending."""
    from grantsheet import api

    grant = _grant_of(inputs)
    message_lang = _language(lang, grant)  # the drafts' language too (api.mail)
    if reminders != bool(returns):
        raise click.UsageError(texts.text("cli_mail_reminders_returns", message_lang))
    with reporting(message_lang, grant):
        result = api.mail(inputs, outputs, lang, list(returns) if reminders else None)
    for found in result.warnings:
        click.echo(_problem_line(found, message_lang, grant))
    if reminders and not result.drafts:
        click.echo(texts.text("cli_mail_none", message_lang))
        return
    click.echo(texts.text("cli_mail_written", message_lang, count=len(result.drafts), path=result.folder))
    if not send:
        return
    with reporting(message_lang, grant):
        settings = result.settings
        api.check_sending(result)
        to_send = [d for d in result.drafts if d.letter.address]
        server = f"{settings.host}:{settings.port}"
        click.echo(texts.text("cli_mail_to_send", message_lang, count=len(to_send), host=server))
        for draft in to_send:
            click.echo(f"  {draft.letter.centre} <{draft.letter.address}>")
        for draft in result.drafts:
            if not draft.letter.address:
                click.echo(
                    "  "
                    + texts.text("cli_mail_not_sent", message_lang, name=draft.letter.centre, id=draft.letter.centre_id)
                )
        if not yes and not click.confirm(texts.text("cli_mail_confirm", message_lang), default=False):
            click.echo(texts.text("cli_mail_cancelled", message_lang))
            raise SystemExit(1)
        sent = api.send_mail(result)
    click.echo(texts.text("cli_mail_sent", message_lang, count=sent))


@main.command()
@INPUTS_OPTION
@OUTPUTS_OPTION
@LANG_OPTION
def watch(inputs: Path, outputs: Path, lang: str | None) -> None:
    """``grantsheet watch``: build again whenever an input changes."""
    from grantsheet import api

    message_lang = _lang(lang)
    try:
        from grantsheet.watch import input_changes
    except ImportError:
        raise Message(texts.text("cli_serve_missing", message_lang, command="watch")) from None
    click.echo(texts.text("cli_watching", message_lang, path=inputs))
    waiting = lambda name: click.echo(texts.text("cli_watch_waiting", message_lang, name=name))  # noqa: E731
    try:
        for names in input_changes(inputs, waiting):
            click.echo(texts.text("cli_watch_changed", message_lang, names=", ".join(names)))
            try:
                with reporting(message_lang), _progress(message_lang) as progress:
                    result = api.build(inputs, outputs, lang, progress=progress)
            except InputProblems as problems:
                problems.show()
                continue
            _echo_build(result)
    except KeyboardInterrupt:
        return


def tolerant_output(streams: Iterable[TextIO] | None = None) -> None:
    """Let the console streams replace a character their encoding lacks with "?". Output
    redirected to a file on Windows (a scheduled task) is in the ANSI code page, cp1252,
    which has no "→" and no letter of most names outside western Europe: the run would end
    with ``UnicodeEncodeError`` after its work, its summary cut."""
    for stream in (sys.stdout, sys.stderr) if streams is None else streams:
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")


def run() -> None:
    """The ``grantsheet`` console script: ``main`` in a process of its own."""
    tolerant_output()
    try:
        main()
    finally:
        # The process ends here: its last garbage collection would walk every object
        # (modules, the dataset) only for the memory to be returned anyway.
        gc.freeze()
