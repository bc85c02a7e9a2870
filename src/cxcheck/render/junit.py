"""JUnit XML: one testcase a pack, so CI dashboards show the weak packs by name.

A pack fails when it is critical or below its --fail-pack threshold; the failure message
carries the score and the top actions for that pack.
"""

from __future__ import annotations

from collections.abc import Mapping
from xml.etree import ElementTree as ET

from cxcheck.model import Result

ACTIONS_IN_FAILURE = 3


def _failure_reason(
    result: Result, pack_id: str, status: str, score: float | None, dropped: Mapping[str, str]
) -> str | None:
    reasons = [
        f"score {score} is below the required {failure.required:g}"
        for failure in result.thresholds.failures
        if failure.target == pack_id and failure.kind == "threshold"
    ]
    if status == "critical" and not reasons:
        reasons.append(f"score {score} is critical (below 50)")
    if pack_id in dropped:
        reasons.append(f"score fell since the baseline: {dropped[pack_id]}")
    return "; ".join(reasons) or None


def render(result: Result) -> str:
    """With a baseline, the packs (and the overall score) that fell too far fail too, saying why."""
    from cxcheck.render.diff import drop_reasons

    dropped = drop_reasons(result.comparison) if result.comparison else {}
    suite = ET.Element("testsuite", name="cxcheck", tests=str(len(result.packs)))
    failures = 0
    for pack in result.packs:
        case = ET.SubElement(suite, "testcase", classname=f"cxcheck.{pack.theme}", name=pack.id)
        if pack.score is None:
            ET.SubElement(case, "skipped", message="no question in this pack was answered")
            continue
        reason = _failure_reason(result, pack.id, pack.status, pack.score, dropped)
        if reason:
            failures += 1
            actions = [a for a in result.actions if a.pack == pack.id][:ACTIONS_IN_FAILURE]
            details = "\n".join(f"- [{a.horizon}] {a.text} ({a.owner})" for a in actions)
            node = ET.SubElement(case, "failure", message=f"{pack.title}: {reason}", type="cxcheck")
            node.text = f"{pack.title}: {reason}\nTop actions:\n{details}" if details else reason
    overall = [f"overall score {result.score} is below the threshold"] * any(
        f.target == "overall" and f.kind == "threshold" for f in result.thresholds.failures
    )
    if "overall" in dropped:
        overall.append(f"overall score fell since the baseline: {dropped['overall']}")
    case = ET.SubElement(suite, "testcase", classname="cxcheck", name="overall")
    if overall:
        failures += 1
        ET.SubElement(case, "failure", message="; ".join(overall), type="cxcheck")
    suite.set("tests", str(len(result.packs) + 1))
    suite.set("failures", str(failures))
    suite.set("errors", "0")  # required by the JUnit schema CI systems read
    suite.set("skipped", str(sum(1 for p in result.packs if p.score is None)))
    suites = ET.Element(
        "testsuites", name="cxcheck", tests=suite.get("tests", "0"), failures=str(failures), errors="0"
    )
    suites.append(suite)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
