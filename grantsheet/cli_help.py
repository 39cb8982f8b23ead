"""The command line's ``--help`` in the user's language (#23.14).

Every command's and option's help is a text of ``grantsheet.texts`` (``help_cmd_<command>``,
``help_opt_...``), read when click shows it, in the language of the command's ``--lang``, else
``GRANTSHEET_LANG``, else Swedish, as the messages are. Click asks for the help while it parses
the arguments (``--help`` is an eager option, handled before ``--lang`` has a value), so
``Command.parse_args`` looks for ``--lang`` among the raw arguments first and leaves it in the
context, where the help texts read it.

Only click and the texts are imported: ``grantsheet --help`` starts as fast as before.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import click

from grantsheet import texts

LANG_ENV = "GRANTSHEET_LANG"
LANGUAGES = ("sv", "en")
_CHOSEN = "grantsheet.help_lang"  # the --lang of the command line, in click's context meta


def lang_in(args: Sequence[str]) -> str | None:
    """The language the arguments choose with ``--lang X`` or ``--lang=X`` (the last one, as click
    takes it), None when they choose none; nothing after ``--`` is an option."""
    chosen = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        value = args[index + 1] if arg == "--lang" and index + 1 < len(args) else arg.removeprefix("--lang=")
        if (arg == "--lang" or arg.startswith("--lang=")) and value in LANGUAGES:
            chosen = value
    return chosen


def help_lang(ctx: click.Context | None = None) -> str:
    """The language of the help being shown: the command line's ``--lang``, else
    ``GRANTSHEET_LANG``, else Swedish (an unknown value of either is passed over)."""
    ctx = ctx or click.get_current_context(silent=True)
    chosen = ctx.meta.get(_CHOSEN) if ctx is not None else None
    if chosen is None:
        env = os.environ.get(LANG_ENV)
        chosen = env if env in LANGUAGES else texts.DEFAULT_LANGUAGE
    return chosen


class Option(click.Option):
    """An option whose help is the text ``help_key`` in the help's language."""

    def __init__(self, param_decls: Sequence[str] | None = None, *, help_key: str, **attrs: Any) -> None:
        self.help_key = help_key
        super().__init__(param_decls, **attrs)

    @property
    def help(self) -> str:
        return texts.text(self.help_key, help_lang())

    @help.setter
    def help(self, value: str | None) -> None:
        """Click sets the help it was given; the catalogue's text is the help."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)
        if record is None:
            return None
        lang, extra = help_lang(ctx), self.get_help_extra(ctx)
        marks = [texts.text("help_default", lang, default=extra["default"])] if "default" in extra else []
        marks += [extra["range"]] if "range" in extra else []
        marks += [texts.text("help_required", lang)] if "required" in extra else []
        shown = texts.text(self.help_key, lang)
        return record[0], f"{shown}  [{'; '.join(marks)}]" if marks else shown


def option(*param_decls: str, key: str, **attrs: Any):  # noqa: ANN201 - a click decorator
    """``click.option`` with the help ``help_opt_<key>`` of the texts."""
    return click.option(*param_decls, cls=Option, help_key=f"help_opt_{key}", **attrs)


class _Localized:
    """What a command and the group share: the help text from the catalogue, the language
    taken from the raw arguments, click's own words (usage, options, --help) in that language."""

    name: str | None

    @property
    def help(self) -> str:
        return texts.text(f"help_cmd_{self.name}", help_lang())

    @help.setter
    def help(self, value: str | None) -> None:
        """Click sets the command's docstring; the catalogue's text is the help."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        chosen = lang_in(args)
        if chosen is not None:
            ctx.meta[_CHOSEN] = chosen
        return super().parse_args(ctx, args)  # type: ignore[misc]

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:  # click's own, made once and cached: its text in today's language
            option.help = texts.text("help_opt_help", help_lang(ctx))
        return option

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = help_lang(ctx)
        words = {
            "[OPTIONS]": texts.text("help_options_metavar", lang),
            "COMMAND [ARGS]...": texts.text("help_command_metavar", lang),
        }
        pieces = [words.get(piece, piece) for piece in self.collect_usage_pieces(ctx)]  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), texts.text("help_usage", lang) + " ")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [
            record
            for param in self.get_params(ctx)  # type: ignore[attr-defined]
            if not isinstance(param, click.Argument) and (record := param.get_help_record(ctx)) is not None
        ]
        if rows:
            with formatter.section(texts.text("help_options", help_lang(ctx))):
                formatter.write_dl(rows)


# Click declares ``help`` an attribute, here a property read when the help is shown: mypy objects.
class Command(_Localized, click.Command):  # type: ignore[misc]
    """A grantsheet command: its help is ``help_cmd_<name>`` in the help's language."""


class Group(_Localized, click.Group):  # type: ignore[misc]
    """The ``grantsheet`` group: its commands are ``Command``s, listed in the help's language."""

    command_class = Command

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        rows = [
            (name, command.get_short_help_str(formatter.width - 6 - max(map(len, self.commands))))
            for name in self.list_commands(ctx)
            if (command := self.get_command(ctx, name)) is not None and not command.hidden
        ]
        if rows:
            with formatter.section(texts.text("help_commands", help_lang(ctx))):
                formatter.write_dl(rows)
