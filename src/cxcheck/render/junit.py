"""JUnit XML: one testcase a pack, so CI dashboards show the weak packs by name.

A pack fails when it is critical or below its --fail-pack threshold; the failure message
carries the score and the top actions for that pack.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from xml.etree import ElementTree as ET

from cxcheck.ladder import AT_RISK
from cxcheck.model import Result, ThresholdFailure

ACTIONS_IN_FAILURE = 3
# Characters XML 1.0 cannot hold even escaped (controls, lone surrogates, U+FFFE/U+FFFF): pack
# text carrying one would make a file no JUnit parser accepts, so each becomes U+FFFD.
XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _below(failure: ThresholdFailure) -> str:
    if failure.actual is None:
        return f"unscored, below the required {failure.required:.1f}"
    return f"score {failure.actual:.1f} is below the required {failure.required:.1f}"


def _failure_reasons(result: Result, target: str, status: str, dropped: Mapping[str, str]) -> list[str]:
    """Why a pack (or "overall") fails: its threshold, a critical status, a drop since the baseline."""
    reasons = [
        _below(failure)
        for failure in result.thresholds.failures
        if failure.target == target and failure.kind == "threshold"
    ]
    if status == "critical" and not reasons and target != "overall":
        score = next(p.score for p in result.packs if p.id == target)
        reasons.append(f"score {score:.1f} is critical (below {AT_RISK:g})")
    if target in dropped:
        reasons.append(f"score fell since the baseline: {dropped[target]}")
    return reasons


def render(result: Result, *, template: Path | None = None) -> str:
    """With a baseline, the packs (and the overall score) that fell too far fail too, saying why.
    A threshold fails an unanswered pack rather than leaving it skipped, as the exit code does."""
    from cxcheck.render.diff import drop_reasons

    dropped = drop_reasons(result.comparison) if result.comparison else {}
    suite = ET.Element("testsuite", name="cxcheck")
    failures = skipped = 0
    for pack in result.packs:
        case = ET.SubElement(suite, "testcase", classname=f"cxcheck.{pack.theme}", name=pack.id)
        reason = "; ".join(_failure_reasons(result, pack.id, pack.status, dropped))
        if reason:
            failures += 1
            actions = [a for a in result.actions if a.pack == pack.id][:ACTIONS_IN_FAILURE]
            details = "\n".join(f"- [{a.horizon}] {a.text} ({a.owner})" for a in actions)
            node = ET.SubElement(case, "failure", message=f"{pack.title}: {reason}", type="cxcheck")
            node.text = f"{pack.title}: {reason}\nTop actions:\n{details}" if details else reason
        elif pack.score is None:
            skipped += 1
            ET.SubElement(case, "skipped", message="no question in this pack was answered")
    overall = [f"overall {r}" for r in _failure_reasons(result, "overall", result.status, dropped)]
    case = ET.SubElement(suite, "testcase", classname="cxcheck", name="overall")
    if overall:
        failures += 1
        ET.SubElement(case, "failure", message="; ".join(overall), type="cxcheck")
    suite.set("tests", str(len(result.packs) + 1))
    suite.set("failures", str(failures))
    suite.set("errors", "0")  # required by the JUnit schema CI systems read
    suite.set("skipped", str(skipped))
    suites = ET.Element(
        "testsuites", name="cxcheck", tests=suite.get("tests", "0"), failures=str(failures), errors="0"
    )
    suites.append(suite)
    ET.indent(suites)
    text = ET.tostring(suites, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + XML_FORBIDDEN.sub("\ufffd", text) + "\n"
