"""Click's usage errors in the user's language (grantsheet.cli_help): Swedish by default, English
by GRANTSHEET_LANG=en or ``--lang en``, with click's facts (the option, the suggestions, the
allowed values) and its exit code 2; an English user reads exactly what click would say."""

from __future__ import annotations

import io

import click
import pytest
from click.testing import CliRunner

from grantsheet import cli_help
from grantsheet.cli import main

NO_LANG = {"GRANTSHEET_LANG": None}


def said(args: list[str], env: dict | None = None, command: click.Command = main) -> str:
    result = CliRunner().invoke(command, args, prog_name="grantsheet", env={**NO_LANG, **(env or {})})
    assert result.exit_code == 2, result.output
    return result.output


# args -> (the Swedish message, the English message), each after "Fel: " / "Error: ".
CASES = {
    "no such option": (
        ["build", "--bogus"],
        "Det finns ingen flagga '--bogus'. Menade du '--outputs'?",
        "No such option '--bogus'. Did you mean '--outputs'?",
    ),
    "no such option, several suggestions": (
        ["build", "--put"],
        "Det finns ingen flagga '--put'. (Menade du något av: '--inputs', '--outputs', '--pdf'?)",
        "No such option '--put'. (Did you mean one of: '--inputs', '--outputs', '--pdf'?)",
    ),
    "no such option, no suggestion": (
        ["--bogus"],
        "Det finns ingen flagga '--bogus'.",
        "No such option '--bogus'.",
    ),
    "no such command": (
        ["verfy"],
        "Det finns inget kommando 'verfy'. Menade du 'verify'?",
        "No such command 'verfy'. Did you mean 'verify'?",
    ),
    "not one of the choices": (
        ["build", "--lang", "xx"],
        "Ogiltigt värde för '--lang': 'xx' är inte något av 'sv', 'en'.",
        "Invalid value for '--lang': 'xx' is not one of 'sv', 'en'.",
    ),
    "missing argument": (
        ["init"],
        "Argumentet 'DIRECTORY' saknas.",
        "Missing argument 'DIRECTORY'.",
    ),
    "option needs a value": (
        ["build", "--inputs"],
        "Flaggan '--inputs' behöver ett värde.",
        "Option '--inputs' requires an argument.",
    ),
    "flag takes no value": (
        ["build", "--pdf=yes"],
        "Flaggan '--pdf' tar inget värde.",
        "Option '--pdf' does not take a value.",
    ),
    "an extra argument": (
        ["build", "x"],
        "Oväntat extra argument (x)",
        "Got unexpected extra argument (x)",
    ),
    "extra arguments": (
        ["build", "x", "y"],
        "Oväntade extra argument (x y)",
        "Got unexpected extra arguments (x y)",
    ),
    # A message click gives only as its sentence stays click's, in the frame of the language.
    "a type's own message": (
        ["serve", "--port", "99999"],
        "Ogiltigt värde för '--port': 99999 is not in the range 0<=x<=65535.",
        "Invalid value for '--port': 99999 is not in the range 0<=x<=65535.",
    ),
}
# Click shows no usage for an option's bad use (its parser has no context to give).
NO_USAGE = {"option needs a value", "flag takes no value"}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_usage_error_is_swedish_by_default_and_english_by_the_environment_or_lang(case):
    args, swedish, english = CASES[case]
    command = f"grantsheet {args[0]}" if args[0] in main.commands else "grantsheet"
    sv = said(args)
    assert sv.endswith(f"Fel: {swedish}\n"), sv
    assert "Error" not in sv and "Usage" not in sv and "Try " not in sv
    if case not in NO_USAGE:
        assert sv.startswith(f"Användning: {command} ")
        assert f"\nSkriv '{command} --help' för att få hjälp.\n\n" in sv
    # (--lang en before the rest: of "--lang en --lang xx" click takes the last, the error's.)
    for en in (said(args, {"GRANTSHEET_LANG": "en"}), said([args[0], "--lang", "en", *args[1:]])):
        assert en.endswith(f"Error: {english}\n"), en
        assert "Fel:" not in en and "Användning" not in en
        if case not in NO_USAGE:
            assert en.startswith(f"Usage: {command} ") and f"\nTry '{command} --help' for help.\n\n" in en


@pytest.mark.parametrize("case", sorted(CASES))
def test_an_english_user_reads_exactly_what_click_says(case, monkeypatch):
    """The wrapped error shown by click itself, and by grantsheet in English: the same text."""
    args = CASES[case][0]
    monkeypatch.setenv("GRANTSHEET_LANG", "en")
    with pytest.raises(click.UsageError) as raised:
        main.main(args, prog_name="grantsheet", standalone_mode=False)
    ours, clicks = io.StringIO(), io.StringIO()
    raised.value.show(ours)
    assert isinstance(raised.value, cli_help.InLanguage)
    original = raised.value.error
    original.show(clicks)
    assert ours.getvalue() == clicks.getvalue()
    assert raised.value.exit_code == original.exit_code == 2


def test_a_missing_option_and_a_missing_choice_name_what_is_missing(tmp_path):
    returned = tmp_path / "svar.xlsx"
    returned.touch()
    assert said(["collect", str(returned)]).endswith("Fel: Flaggan '--master' saknas.\n")
    english = said(["collect", str(returned), "--lang", "en"])
    assert english.endswith("Error: Missing option '--master'.\n")

    @click.group(cls=cli_help.Group)
    def tool() -> None:
        """A group with a required choice."""

    @tool.command()
    @cli_help.option("--lang", key="lang", type=cli_help.Choice(["sv", "en"]), required=True)
    def pick(lang: str) -> None:
        """A command that needs its choice."""

    assert said(["pick"], command=tool).endswith("Fel: Flaggan '--lang' saknas. Välj bland:\n\tsv,\n\ten\n")
    english = said(["pick"], {"GRANTSHEET_LANG": "en"}, command=tool)
    assert english.endswith("Error: Missing option '--lang'. Choose from:\n\tsv,\n\ten\n")


def test_grantsheets_own_usage_errors_are_framed_in_the_language(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    swedish = said(["approve", "--reject"])
    assert swedish.endswith("Fel: Ett avslag behöver en kommentar (--comment) som säger vad som ska rättas.\n")
    assert "Skriv 'grantsheet approve --help' för att få hjälp." in swedish
    english = said(["mail", "--reminders", "--lang", "en"])
    assert english.endswith("Error: --reminders and --returns go together.\n")
    assert said(["mail", "--reminders"]).endswith("Fel: --reminders och --returns används tillsammans.\n")


def test_no_arguments_still_show_the_groups_help():
    shown = said([])
    assert shown.startswith("Användning: grantsheet [FLAGGOR] KOMMANDO") and "Kommandon:" in shown
    assert "Fel:" not in shown


def test_every_choice_of_the_command_line_refuses_in_the_language():
    for command in (main, *main.commands.values()):
        for param in command.params:
            if isinstance(param.type, click.Choice):
                assert isinstance(param.type, cli_help.Choice), f"{command.name} {param.name}: use cli_help.Choice"
