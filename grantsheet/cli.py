"""The ``grantsheet`` command line: a thin layer over ``grantsheet.api``.

Each command calls the library and turns an ``InputError`` into a message listing
every problem and a non-zero exit code.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Iterator

import click

from grantsheet import api, texts
from grantsheet.errors import InputError, Problem

LANG_OPTION = click.option(
    "--lang", type=click.Choice(["sv", "en"]), default=lambda: os.environ.get("GRANTSHEET_LANG"),
    help="Language of messages and the workbook (default: the grant file's, else Swedish). "
         "Also set by GRANTSHEET_LANG.")
INPUTS_OPTION = click.option(
    "--inputs", "inputs", type=click.Path(file_okay=False, path_type=Path), default=Path("inputs"),
    show_default=True, help="Folder with grant.toml and the input workbooks.")


class InputProblems(click.ClickException):
    """Shown as the list of problems, one per line, then exit code 1."""

    def __init__(self, error: InputError, lang: str) -> None:
        super().__init__(error.render(lang))
        self.error = error
        self.lang = lang

    def show(self, file=None) -> None:
        click.echo(texts.text("cli_problems", self.lang, count=len(self.error.problems)), err=True)
        for found in self.error.problems:
            click.echo(_problem_line(found, self.lang), err=True)


def _problem_line(found: Problem, lang: str) -> str:
    return f"  {texts.text('severity_' + found.severity, lang)}: {found.render(lang)}"


@contextlib.contextmanager
def reporting(lang: str) -> Iterator[None]:
    try:
        yield
    except InputError as error:
        raise InputProblems(error, lang) from None


def _lang(lang: str | None) -> str:
    return lang or texts.DEFAULT_LANGUAGE


@click.group()
@click.version_option(package_name="grantsheet")
def main() -> None:
    """Split a grant over health centres in whole kronor and write an auditable Excel workbook.

    Typical use: grantsheet check, then grantsheet build.
    """


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@LANG_OPTION
def init(directory: Path, lang: str | None) -> None:
    """Create a fresh workspace in DIRECTORY: inputs/ with a grant file and blank input workbooks."""
    lang = _lang(lang)
    created = api.init_workspace(directory)
    for path in created:
        click.echo(texts.text("cli_created", lang, path=path))
    if not created:
        click.echo(texts.text("cli_nothing_created", lang, path=directory / "inputs"))


@main.command()
@INPUTS_OPTION
@LANG_OPTION
def check(inputs: Path, lang: str | None) -> None:
    """Validate the inputs without writing anything; list every problem found."""
    lang = _lang(lang)
    with reporting(lang):
        dataset = api.check(inputs)
    for found in dataset.warnings:
        click.echo(_problem_line(found, lang))
    click.echo(texts.text("cli_check_ok", lang, centres=len(dataset.centres),
                          rows=sum(len(t.records) for t in dataset.tables.values())))


@main.command()
@INPUTS_OPTION
@click.option("--outputs", "outputs", type=click.Path(file_okay=False, path_type=Path), default=Path("outputs"),
              show_default=True, help="Folder the workbooks are written to (one subfolder per year).")
@LANG_OPTION
def build(inputs: Path, outputs: Path, lang: str | None) -> None:
    """Allocate every pool and write the master workbook; print a short summary."""
    message_lang = _lang(lang)
    with reporting(message_lang):
        result = api.build(inputs, outputs, lang)
    lang = result.lang
    for found in result.dataset.warnings:
        click.echo(_problem_line(found, lang))
    for pool_result in result.pools:
        allocation = pool_result.allocation
        click.echo(texts.text(
            "cli_pool_summary", lang, pool=pool_result.pool.name,
            amount=_kronor(allocation.amount), key=_kronor(allocation.total_key),
            unit=texts.text(f"unit_{pool_result.pool.key}", lang),
            rate=_rate(allocation.amount, allocation.total_key, lang),
            paid=_kronor(sum(allocation.payouts))))
    click.echo(texts.text("cli_written", lang, path=result.master))


def _kronor(amount: int) -> str:
    return f"{amount:,}".replace(",", " ")


def _rate(amount: int, total_key: int, lang: str) -> str:
    """Kronor per unit with two decimals, written the way the reader's language writes numbers."""
    whole, decimals = f"{amount / total_key:,.2f}".split(".")
    return whole.replace(",", " ") + ("," if lang == "sv" else ".") + decimals
