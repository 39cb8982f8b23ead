"""The command line's ``--help`` and click's usage errors in the user's language (#23.14).

Every command's and option's help is a text of ``grantsheet.texts`` (``help_cmd_<command>``,
``help_opt_...``), read when click shows it, in the language of the command's ``--lang``, else
``GRANTSHEET_LANG``, else Swedish, as the messages are. Click asks for the help while it parses
the arguments (``--help`` is an eager option, handled before ``--lang`` has a value), so
``Command.parse_args`` looks for ``--lang`` among the raw arguments first and leaves it in the
context, where the help texts read it.

Click's usage errors (an unknown option or command, a bad value, a missing option, extra
arguments) are shown in the same language, from the facts the exceptions hold: the group wraps
each in ``InLanguage``, which click's ``main`` shows as it shows any usage error, with exit code 2.
A message click gives only as its sentence (a type's, a callback's) keeps click's words, in the
frame of the language ("Fel:", the try-help line); grantsheet's own are in the language already.

Only click and the texts are imported: ``grantsheet --help`` starts as fast as before.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from typing import IO, Any

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
    return _or_environment(ctx.meta.get(_CHOSEN) if ctx is not None else None)


def _or_environment(chosen: str | None) -> str:
    """``chosen`` (the command line's ``--lang``), else ``GRANTSHEET_LANG``, else Swedish."""
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


class Choice(click.Choice):
    """``click.Choice`` whose refusal of a value, and its list when none is given, are in the
    language of the help."""

    def _shown(self, ctx: click.Context | None) -> list[str]:
        """The choices as click lists them (normalized, as they are compared)."""
        return [self.normalize_choice(choice, ctx) for choice in self.choices]

    def get_invalid_choice_message(self, value: Any, ctx: click.Context | None) -> str:
        choices = ", ".join(map(repr, self._shown(ctx)))
        return texts.text("click_not_one_of", help_lang(ctx), value=repr(value), choices=choices)

    def get_missing_message(self, param: click.Parameter, ctx: click.Context | None) -> str:
        return texts.text("click_choose_from", help_lang(ctx), choices=",\n\t".join(self._shown(ctx)))


def _param_hint(error: click.BadParameter) -> str | None:
    """The parameter an error names, as click names it ('--lang', 'DIRECTORY')."""
    if error.param_hint is None:
        return None if error.param is None else error.param.get_error_hint(error.ctx)
    return error.param_hint if isinstance(error.param_hint, str) else " / ".join(map(repr, error.param_hint))


_MISSING = {
    "option": "click_missing_option",
    "argument": "click_missing_argument",
    "parameter": "click_missing_parameter",
}
# Click raises BadOptionUsage with its sentence alone: these, when the sentence is exactly click's
# (the catalogue's English), are said in the language; another stays as click gives it.
_OPTION_USAGE = ("click_option_needs_value", "click_option_takes_no_value")


def usage_message(error: click.UsageError, lang: str) -> str:
    """The message of click's usage ``error`` in ``lang``, made from the facts it holds."""
    if isinstance(error, (click.NoSuchOption, click.NoSuchCommand)):
        if isinstance(error, click.NoSuchOption):
            message = texts.text("click_no_such_option", lang, name=repr(error.option_name))
        else:
            message = texts.text("click_no_such_command", lang, name=repr(error.command_name))
        if error.possibilities:
            shown = ", ".join(map(repr, sorted(error.possibilities)))
            key = "click_did_you_mean" if len(error.possibilities) == 1 else "click_did_you_mean_one_of"
            message += " " + texts.text(key, lang, possibility=shown, possibilities=shown)
        return message
    if isinstance(error, click.MissingParameter):
        kind = error.param_type or (error.param.param_type_name if error.param is not None else "")
        hint = _param_hint(error)
        if kind not in _MISSING or hint is None:
            return error.format_message()
        extra = error.param.type.get_missing_message(param=error.param, ctx=error.ctx) if error.param else None
        said = ". ".join(part for part in (error.message, extra) if part)
        return " ".join(part for part in (texts.text(_MISSING[kind], lang, param=hint), said) if part)
    if isinstance(error, click.BadParameter):
        hint = _param_hint(error)
        if hint is None:
            return texts.text("click_invalid_value", lang, message=error.message)
        return texts.text("click_invalid_value_for", lang, param=hint, message=error.message)
    if isinstance(error, click.BadOptionUsage):
        name = repr(error.option_name)
        for key in _OPTION_USAGE:
            if error.message == texts.text(key, "en", name=name):
                return texts.text(key, lang, name=name)
    return error.format_message()


class InLanguage(click.UsageError):
    """Click's usage ``error`` shown as click shows it (the usage, the try-help line, the
    message after "Error:", exit code 2), in ``lang``."""

    def __init__(self, error: click.UsageError, lang: str) -> None:
        super().__init__(error.message, error.ctx)
        self.error, self.lang = error, lang

    def format_message(self) -> str:
        return usage_message(self.error, self.lang)

    def show(self, file: IO[Any] | None = None) -> None:
        lang, ctx, color = self.lang, self.ctx, None
        if ctx is not None:
            color, hint = ctx.color, ""
            if ctx.command.get_help_option(ctx) is not None:
                longest = max(ctx.command.get_help_option_names(ctx), key=len)
                hint = texts.text("click_try_help", lang, command=ctx.command_path, option=longest) + "\n"
            click.echo(f"{ctx.get_usage()}\n{hint}", file=file, err=True, color=color)
        click.echo(texts.text("click_error", lang, message=self.format_message()), file=file, err=True, color=color)


@contextlib.contextmanager
def _in_language(chosen: str | None) -> Iterator[None]:
    """Click's usage errors as ``InLanguage``, in the language ``chosen`` by the command line's
    ``--lang`` (as ``help_lang``: click's parser gives some errors no context to ask)."""
    try:
        yield
    except click.exceptions.NoArgsIsHelpError:  # the help itself, shown as it is
        raise
    except click.UsageError as error:
        raise InLanguage(error, _or_environment(chosen)) from error


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

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Click refuses extra arguments in its sentence alone: refused here, in the language."""
        if ctx.allow_extra_args:
            return super().parse_args(ctx, args)
        ctx.allow_extra_args = True
        try:
            extra = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = False
        if extra and not ctx.resilient_parsing:
            key = "click_extra_argument" if len(extra) == 1 else "click_extra_arguments"
            ctx.fail(texts.text(key, help_lang(ctx), args=" ".join(extra)))
        return extra


class Group(_Localized, click.Group):  # type: ignore[misc]
    """The ``grantsheet`` group: its commands are ``Command``s, listed in the help's language."""

    command_class = Command

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        with _in_language(lang_in(args)):
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        """The command's own parsing and running are here: their usage errors too (its --lang,
        the group's parse_args found among all the arguments)."""
        with _in_language(ctx.meta.get(_CHOSEN)):
            return super().invoke(ctx)

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
