"""Help pages and usage errors as people read them: `ID`, not `{ID}`; `FILE`, not `<file>`; no
Python types such as `<list[str]>`; lines broken at spaces only, so `cxcheck-session.yaml` never
splits; and a mistyped option answered like every other error, `error: --format: expected one of
table, json, ..., found 'xml'`, without Click's or pydantic's wording. Every command and group of
the app uses these classes.
"""

import contextlib
import re
from collections.abc import Iterator
from typing import Any

from typer.core import TyperCommand, TyperGroup

try:  # Typer 0.29 vendors Click; older releases use it directly
    from typer._click import _textwrap
    from typer._click.exceptions import BadParameter, MissingParameter, NoSuchOption, UsageError
    from typer._click.utils import echo
except ImportError:  # pragma: no cover - depends on the Typer release
    from click import _textwrap, echo  # type: ignore[no-redef]
    from click.exceptions import BadParameter, MissingParameter, NoSuchOption, UsageError  # type: ignore

TYPE_WORDS = {"file": "FILE", "path": "PATH", "directory": "DIR", "text": "TEXT", "str": "TEXT"}
TYPE_LABEL = re.compile(r"<([^<>]+)>")
QUOTED_DEFAULT = re.compile(r"\[default: \(([^()]*)\)\]")
RANGE = re.compile(r"\s*\[(?:[\d.]+<=)?x(?:<=|>=)[\d.]+\]")  # "[1<=x<=100]": the help says it in words


def _type_words(name: str) -> str:
    """`--output <file>` as `--output FILE`; `--format <table|json>` as `--format [table|json]`."""

    def word(match: re.Match[str]) -> str:
        label = match[1]
        return TYPE_WORDS.get(label, f"[{label}]" if "|" in label else label.upper())

    return TYPE_LABEL.sub(word, name)


@contextlib.contextmanager
def _lines_broken_at_spaces() -> Iterator[None]:
    """Click wraps with textwrap's default, which breaks after hyphens inside words."""
    original = _textwrap.TextWrapper

    class AtSpaces(original):  # type: ignore[misc,valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, break_on_hyphens=False, break_long_words=False, **kwargs)

    setattr(_textwrap, "TextWrapper", AtSpaces)  # noqa: B010 - read by Click's wrap_text at each call
    try:
        yield
    finally:
        setattr(_textwrap, "TextWrapper", original)  # noqa: B010


# pydantic's and Click's phrases, and what they mean in the words of cxcheck's other errors
PLAIN = (
    (re.compile(r"^Value error, "), ""),
    (re.compile(r"^'(.*)' is not one of (.*?)\.?$"), lambda m: "expected one of " + m[2].replace("'", "")),
    (re.compile(r"^Input should be a valid number.*"), "expected a number"),
    (re.compile(r"^Input should be a valid integer.*"), "expected a whole number"),
    (re.compile(r"^Input should be greater than or equal to (\S+)$"), r"expected \1 or more"),
    (re.compile(r"^Input should be less than or equal to (\S+)$"), r"expected at most \1"),
    (re.compile(r"^Input should be greater than (\S+)$"), r"expected more than \1"),
)


class PlainUsageError(UsageError):
    """A usage error shown as every other error is: one line, then where to read more."""

    def show(self, file: Any = None) -> None:
        hint = f"Try '{self.ctx.command_path} --help' for the options.\n" if self.ctx else ""
        echo(f"error: {self.message}\n{hint}", file=file, err=file is None, nl=False)


def _given(args: list[str], names: list[str]) -> str | None:
    """The value typed after an option, as `--format xml` or `--format=xml`; the last one counts."""
    for index, arg in reversed(list(enumerate(args))):
        for name in names:
            if arg == name and index + 1 < len(args):
                return args[index + 1]
            if arg.startswith(name + "="):
                return arg[len(name) + 1 :]
    return None


def _either(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def plain_usage_error(error: UsageError, args: list[str]) -> PlainUsageError:
    """Click's usage error in cxcheck's words."""
    if isinstance(error, NoSuchOption):
        guess = f"; did you mean {_either(sorted(error.possibilities))}?" if error.possibilities else ""
        return PlainUsageError(f"unknown option {error.option_name}{guess}", error.ctx)
    if isinstance(error, MissingParameter) and error.param is not None:
        name = error.param.metavar or error.param.opts[0]
        return PlainUsageError(f"{name} is missing", error.ctx)
    if isinstance(error, BadParameter) and error.param is not None:
        text = error.message
        for pattern, replacement in PLAIN:
            text = pattern.sub(replacement, text)
        found = _given(args, list(error.param.opts))
        if found is not None and "found" not in text:
            text += f", found {found!r}"
        option = error.param.param_type_name == "option"
        name = error.param.opts[0] if option else (error.param.metavar or error.param.opts[0])
        return PlainUsageError(f"{name}: {text}", error.ctx)
    message = error.message[:1].lower() + error.message[1:]
    return PlainUsageError(message, error.ctx)


class PlainUsageParsing:
    """Commands and groups alike: a usage error Click raises while parsing reads as cxcheck's."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        typed = list(args)
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc]
        except PlainUsageError:
            raise
        except UsageError as error:
            raise plain_usage_error(error, typed) from None


class PlainHelpCommand(PlainUsageParsing, TyperCommand):
    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [re.sub(r"^\{(.*)\}", r"\1", piece) for piece in super().collect_usage_pieces(ctx)]

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            name, text = record[0], RANGE.sub("", QUOTED_DEFAULT.sub(r"[default: \1]", record[1]))
            if param.param_type_name == "argument":
                arguments.append((param.metavar or (param.name or "").upper(), text))
            else:
                options.append((_type_words(name), text))
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        with _lines_broken_at_spaces():
            super().format_help(ctx, formatter)


class PlainHelpGroup(PlainUsageParsing, TyperGroup):
    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except UsageError as error:
            if args and self.get_command(ctx, args[0]) is None and not args[0].startswith("-"):
                names = _either(list(self.list_commands(ctx)))
                raise PlainUsageError(f"unknown command {args[0]!r}; expected {names}", ctx) from None
            raise plain_usage_error(error, list(args)) from None

    def format_help(self, ctx: Any, formatter: Any) -> None:
        with _lines_broken_at_spaces():
            super().format_help(ctx, formatter)
