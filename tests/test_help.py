"""``--help`` in the user's language (#23.14): Swedish by default, English by GRANTSHEET_LANG=en or
``--lang en``, for the group, every command and every option, the texts in grantsheet/texts.py."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from grantsheet import cli_help, texts
from grantsheet.cli import main

COMMANDS = sorted(main.commands)
NO_LANG = {"GRANTSHEET_LANG": None}


def shown(args: list[str], env: dict | None = None) -> str:
    result = CliRunner().invoke(
        main, args, prog_name="grantsheet", env={**NO_LANG, **(env or {})}, catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())  # click wraps the lines; the words stay


def first_words(key: str, lang: str, count: int = 6) -> str:
    return " ".join(texts.text(key, lang).split()[:count])


@pytest.mark.parametrize("command", COMMANDS)
def test_a_commands_help_is_swedish_by_default_and_english_by_the_environment_or_lang(command):
    swedish = shown([command, "--help"])
    assert swedish.startswith(f"Användning: grantsheet {command} [FLAGGOR]")
    assert first_words(f"help_cmd_{command}", "sv") in swedish and "Flaggor:" in swedish
    assert "Visa den här hjälpen och avsluta." in swedish and "Show this message" not in swedish
    assert first_words("help_opt_lang", "sv") in swedish
    for english in (
        shown([command, "--help"], {"GRANTSHEET_LANG": "en"}),
        shown([command, "--lang", "en", "--help"]),
        shown([command, "--help", "--lang=en"]),  # --help first: click handles it before --lang
    ):
        assert english.startswith(f"Usage: grantsheet {command} [OPTIONS]")
        assert first_words(f"help_cmd_{command}", "en") in english and "Options:" in english
        assert "Show this message and exit." in english and "Visa den här" not in english
        assert first_words("help_opt_lang", "en") in english
    # The command line's --lang wins over the environment, as it does for the messages.
    assert shown([command, "--lang", "sv", "--help"], {"GRANTSHEET_LANG": "en"}).startswith("Användning:")


def test_the_groups_help_lists_the_commands_in_the_language():
    swedish = shown(["--help"])
    assert swedish.startswith("Användning: grantsheet [FLAGGOR] KOMMANDO [ARGUMENT]...")
    assert "Kommandon:" in swedish and "Visa versionen och avsluta." in swedish
    assert first_words("help_cmd_build", "sv", 4) in swedish
    english = shown(["--help"], {"GRANTSHEET_LANG": "en"})
    assert english.startswith("Usage: grantsheet [OPTIONS] COMMAND [ARGS]...")
    assert "Commands:" in english and first_words("help_cmd_build", "en", 4) in english
    # An unknown language in the environment is passed over: the help stays Swedish.
    assert shown(["--help"], {"GRANTSHEET_LANG": "fi"}).startswith("Användning:")


def test_an_options_default_and_required_mark_are_in_the_language():
    assert "[standard: sammanstallning.xlsx]" in shown(["collect", "--help"])
    assert "[krävs]" in shown(["collect", "--help"])
    english = shown(["collect", "--help", "--lang", "en"])
    assert "[default: sammanstallning.xlsx]" in english and "[required]" in english
    assert "0<=x<=65535" in shown(["serve", "--help"])  # a range is symbols in both


def _options(command: click.Command):
    return [param for param in command.params if isinstance(param, click.Option)]


@pytest.mark.parametrize("command", [main, *(main.commands[name] for name in COMMANDS)], ids=["main", *COMMANDS])
def test_every_option_and_command_has_its_help_in_both_languages(command):
    """A new option with a plain click help would be English in a Swedish help: every option's
    help is a catalogue text, and each is worded in both languages, not copied."""
    assert isinstance(command, (cli_help.Command, cli_help.Group))
    keys = [f"help_cmd_{command.name}"]
    for option in _options(command):
        assert isinstance(option, cli_help.Option), f"{command.name} {option.opts}: use cli_help.option"
        keys.append(option.help_key)
    for key in keys:
        swedish, english = texts.LABELS[key]
        assert swedish.strip() and english.strip() and swedish != english, key


def test_the_language_is_read_from_the_arguments_as_click_reads_them():
    assert cli_help.lang_in(["--lang", "en", "--help"]) == "en"
    assert cli_help.lang_in(["--lang=en", "--lang", "sv"]) == "sv"  # the last one, as click takes it
    assert cli_help.lang_in(["--", "--lang", "en"]) is None  # an argument, not the option
    assert cli_help.lang_in(["--lang", "fi"]) is None
    assert cli_help.lang_in(["--lang"]) is None
