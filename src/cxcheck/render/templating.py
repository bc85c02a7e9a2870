"""Jinja2 rendering for the Markdown and HTML reports, always in the sandbox.

Built-in and user templates get the same context: `result`, the JSON result as plain data, and
`limits`, the scores where the bands, the silo signal and a divided question begin, so every
report follows scoring; and `horizons`, each action horizon's title in plan order.
A user template that so much as names a Python internal (an attribute or key starting with an
underscore) is refused before it runs; the sandbox stops anything that slips past at render time.
Both are reported as bad input.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from cxcheck import ladder, planning, scoring
from cxcheck.errors import BadInput, Problem
from cxcheck.io.resources import templates_dir
from cxcheck.model import Result, ThresholdFailure
from cxcheck.render import no_actions

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


def _environment(folder: Path, autoescape: bool) -> SandboxedEnvironment:
    from jinja2 import FileSystemLoader

    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(folder)),
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
    if template is not None and not template.is_file():
        raise BadInput(Problem("template not found", file=str(template)))
    env = _environment(folder, autoescape)
    try:
        if template is not None:
            internals = _internals_named(env, template.read_text(encoding="utf-8"))
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
        compiled = env.get_template(name)
        return compiled.render(**context)
    except SecurityError as exc:
        raise BadInput(Problem(f"template refused by the sandbox: {exc}", file=where)) from None
    except TemplateSyntaxError as exc:
        raise BadInput(
            Problem(f"template syntax error: {exc.message}", file=where, line=exc.lineno)
        ) from None
    except TemplateError as exc:
        raise BadInput(Problem(f"template failed: {exc}", file=where)) from None
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, ArithmeticError) as exc:
        if template is None:  # a slip in a built-in template is our bug: let it show
            raise
        problem = f"template failed: {type(exc).__name__}: {exc}"
        raise BadInput(
            Problem(problem, file=where, expected="a template that works on the result's fields")
        ) from None
