"""Jinja2 rendering for the Markdown and HTML reports, always in the sandbox.

Built-in and user templates get the same context: `result`, the JSON result as plain data, and
`limits`, the scores where the bands, the silo signal and a divided question begin, so every
report follows scoring; and `horizons`, each action horizon's title in plan order.
A user template that so much as names a Python internal (an attribute or key starting with an
underscore) is refused before it runs; the sandbox stops anything that slips past at render time
(Jinja2 3.1.6 or later: earlier versions let `|attr("format")` out, CVE-2025-27516). A user
template is also bounded: read like any input file (a regular file, at most 10 MB, includes too),
at most MAX_OUTPUT_CHARS written, MAX_SECONDS spent, no `*`, `**` or `+` that builds a huge value, and
no endless recursion (a macro calling itself, a template including itself). Every refusal is
reported as bad input.
"""

from __future__ import annotations

import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, StrictUndefined, TemplateError, TemplateNotFound, TemplateSyntaxError
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from cxcheck import ladder, planning, scoring
from cxcheck.errors import BadInput, Problem
from cxcheck.io.resources import templates_dir
from cxcheck.model import Result, ThresholdFailure
from cxcheck.render import no_actions

MAX_OUTPUT_CHARS = 20 * 1024 * 1024  # far above any real report: the built-in HTML is ~100 KB
MAX_SECONDS = 10.0
MAX_VALUE_LENGTH = 1024 * 1024  # a string or list a `*` may build
MAX_INT_BITS = 4096  # an integer `*` or `**` may build
HORIZONS = {"now": "Now: the next 30 days", "next": "Next: within 60 days", "later": "Later: within 90 days"}
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<>|#])")


def markdown_text(value: Any) -> str:
    """User text made inert in Markdown: one line, no table breaks, no markup, no raw HTML."""
    if value is None:
        return ""
    text = " ".join(str(value).split())
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


def number(value: Any, digits: int = 1) -> str:
    """A score for people: one decimal, or an em dash when there is none."""
    if value is None:
        return "—"
    return f"{value:.{digits}f}"


def percent(value: Any) -> str:
    return "—" if value is None else f"{100 * value:.0f}%"


def band(score: Any) -> str:
    """The status a 0-100 score falls in, for colouring any score the way pack statuses are."""
    return ladder.status_for(score)


def limit(value: float) -> str:
    """A limit as people write it: 75, or 62.5, never 75.0."""
    return f"{value:g}"


def quadrant(action: dict[str, Any]) -> str:
    """Where a step sits on the impact x effort matrix."""
    return planning.quadrant(action["impact"], action["effort"])


def reason(failure: dict[str, Any]) -> str:
    """Why a threshold failed, in the words every report uses (a drop never reads as a threshold)."""
    return ThresholdFailure.model_validate(failure).describe()


class _BoundedSandbox(SandboxedEnvironment):
    """The sandbox, with `*`, `**` and `+` unable to build a value no report needs."""

    intercepted_binops = frozenset(["*", "**", "+"])

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if isinstance(left, int) and isinstance(right, int):
            bits = abs(left).bit_length() * (right if operator == "**" and right > 0 else 1)
            bits += 0 if operator == "**" else abs(right).bit_length()
            if bits > MAX_INT_BITS:
                raise SecurityError(f"{operator} would build a number of more than {MAX_INT_BITS} bits")
        elif operator == "+" and hasattr(left, "__len__") and hasattr(right, "__len__"):
            if len(left) + len(right) > MAX_VALUE_LENGTH:
                raise SecurityError(f"+ would build a value of more than {MAX_VALUE_LENGTH:,} items")
        elif operator == "*":
            sized, times = (left, right) if isinstance(right, int) else (right, left)
            if isinstance(times, int) and hasattr(sized, "__len__") and len(sized) * times > MAX_VALUE_LENGTH:
                raise SecurityError(f"* would build a value of more than {MAX_VALUE_LENGTH:,} items")
        return super().call_binop(context, operator, left, right)


class _BoundedLoader(BaseLoader):
    """Templates from one folder, read like every input file: regular files only, bounded."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        from cxcheck.io.documents import read_text

        path = self.folder.joinpath(*split_template_path(template))
        if not path.is_file():
            raise TemplateNotFound(template)
        return read_text(path), str(path), lambda: False


def _environment(folder: Path, autoescape: bool, bounded: bool = False) -> SandboxedEnvironment:
    from jinja2 import FileSystemLoader

    loader = _BoundedLoader(folder) if bounded else FileSystemLoader(str(folder))
    env = (_BoundedSandbox if bounded else SandboxedEnvironment)(
        loader=loader,
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.do"],
    )
    env.filters.update(
        md=markdown_text, num=number, pct=percent, band=band, limit=limit, reason=reason, quadrant=quadrant
    )
    env.globals["no_actions"] = no_actions
    # read at render time, so the reports always say what scoring does
    env.globals["limits"] = {
        "healthy": ladder.HEALTHY,
        "at_risk": ladder.AT_RISK,
        "silo_gap": scoring.SILO_GAP,
        "divided_rungs": scoring.DIVIDED_RUNGS,
    }
    env.globals["stages"] = ladder.STAGES
    env.globals["horizons"] = HORIZONS
    env.globals["quadrants"] = planning.QUADRANTS
    return env


def _internals_named(env: SandboxedEnvironment, source: str) -> dict[int, set[str]]:
    """Every `x._name`, `x['_name']` and `x | attr('_name')` in a template, by line."""
    from jinja2 import nodes

    tree = env.parse(source)
    found: dict[int, set[str]] = {}
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter)):
        if isinstance(node, nodes.Getattr):
            names = [node.attr]
        elif isinstance(node, nodes.Getitem):
            names = [node.arg.value] if isinstance(node.arg, nodes.Const) else []
        elif isinstance(node, nodes.Filter) and node.name == "attr":
            names = [arg.value for arg in node.args if isinstance(arg, nodes.Const)]
        else:
            names = []
        for name in names:
            if isinstance(name, str) and name.startswith("_"):
                found.setdefault(node.lineno, set()).add(name)
    return found


def render_template(
    result: Result, builtin_name: str, template: Path | None, autoescape: bool, **extra: Any
) -> str:
    """Render the built-in template, or the user's one in its place."""
    return render_context(
        {"result": result.model_dump(mode="json"), **extra}, builtin_name, template, autoescape
    )


def render_context(
    context: dict[str, Any], builtin_name: str, template: Path | None = None, autoescape: bool = False
) -> str:
    """Render plain data through a template in the sandbox: the built-in one or the user's."""
    folder, name = (template.parent, template.name) if template else (templates_dir(), builtin_name)
    where = str(template) if template else name
    if template is not None and not template.exists():
        raise BadInput(Problem("template not found", file=str(template)))
    env = _environment(folder, autoescape, bounded=template is not None)
    try:
        if template is None:
            return env.get_template(name).render(**context)
        from cxcheck.io.documents import read_text

        internals = _internals_named(env, read_text(template))
        if internals:
            raise BadInput(
                [
                    Problem(
                        "template refused: it reaches for Python internals "
                        + ", ".join(repr(n) for n in sorted(names)),
                        file=where,
                        line=line,
                        expected="only the result's fields, e.g. result.score or pack.title",
                    )
                    for line, names in sorted(internals.items())
                ]
            )
        return _bounded_render(env.get_template(name).generate(**context), where)
    except SecurityError as exc:
        raise BadInput(Problem(f"template refused by the sandbox: {exc}", file=where)) from None
    except TemplateSyntaxError as exc:
        raise BadInput(
            Problem(f"template syntax error: {exc.message}", file=where, line=exc.lineno)
        ) from None
    except TemplateNotFound as exc:
        raise BadInput(
            Problem(
                f"template failed: it includes {exc.name!r}, which is not there",
                file=where,
                expected=f"a template in {folder}",
            )
        ) from None
    except TemplateError as exc:
        raise BadInput(Problem(f"template failed: {exc}", file=where)) from None
    except RecursionError:
        raise BadInput(
            Problem(
                "template refused: it recurses without end",
                file=where,
                expected="no macro that calls itself and no template that includes itself",
            )
        ) from None
    except MemoryError:
        raise BadInput(Problem("template refused: it builds a value too large to hold", file=where)) from None
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, ArithmeticError) as exc:
        if template is None:  # a slip in a built-in template is our bug: let it show
            raise
        problem = f"template failed: {type(exc).__name__}: {exc}"
        raise BadInput(
            Problem(problem, file=where, expected="a template that works on the result's fields")
        ) from None


class _TooSlow(Exception):
    pass


def _bounded_render(chunks: Iterator[str], where: str) -> str:
    """A user template's output, stopped once it is larger than MAX_OUTPUT_CHARS or slower than
    MAX_SECONDS (checked between pieces of output, and by a timer where the OS has one, for a
    loop that prints nothing)."""
    parts: list[str] = []
    size = 0
    deadline = time.monotonic() + MAX_SECONDS
    try:
        with _alarm(MAX_SECONDS):
            for chunk in chunks:
                size += len(chunk)
                if size > MAX_OUTPUT_CHARS:
                    raise BadInput(
                        Problem(
                            "template refused: its output is too large",
                            file=where,
                            expected=f"at most {MAX_OUTPUT_CHARS // (1024 * 1024)} MB",
                        )
                    )
                if time.monotonic() > deadline:
                    raise _TooSlow
                parts.append(chunk)
    except _TooSlow:
        raise BadInput(
            Problem(
                "template refused: it ran too long", file=where, expected=f"at most {MAX_SECONDS:g} seconds"
            )
        ) from None
    return "".join(parts)


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Raise _TooSlow after `seconds`, where a timer signal is available (the main thread on Unix)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
