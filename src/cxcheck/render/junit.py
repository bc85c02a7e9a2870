"""JUnit XML: one testcase a pack, so CI dashboards show the weak packs by name.

A pack fails when it is critical, insufficient (too little answered to judge: withholding answers
must never pass where honest low answers fail) or below its --fail-pack threshold; the failure
message carries the score and the top actions for that pack. A pack nobody answered is skipped
unless a threshold names it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from xml.etree import ElementTree as ET

from cxcheck.ladder import AT_RISK, MIN_KNOWN
from cxcheck.model import PackResult, Result, ThresholdFailure

ACTIONS_IN_FAILURE = 3
# Characters XML 1.0 cannot hold even escaped (controls, lone surrogates, U+FFFE/U+FFFF): pack
# text carrying one would make a file no JUnit parser accepts, so each becomes U+FFFD.
XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _below(failure: ThresholdFailure) -> str:
    if failure.kind in ("coverage", "target", "waiver"):
        return failure.describe()
    return f"score {failure.actual or 0:.1f} is below the required {failure.required:.1f}"


def _status_reason(pack: PackResult) -> str | None:
    if pack.status == "critical":
        return f"score {pack.score or 0:.1f} is critical (below {AT_RISK:g})"
    if pack.status == "insufficient" and pack.known > 0:
        known, needed = f"{pack.known:.0%}", f"{MIN_KNOWN:.0%}"
        return f"insufficient: {known} of its score is known, at least {needed} is needed to judge"
    return None


def _failure_reasons(result: Result, target: str, dropped: Mapping[str, str]) -> list[str]:
    """Why a pack (or "overall") fails: its threshold, its status, a drop since the baseline."""
    reasons = [
        _below(failure)
        for failure in result.thresholds.failures
        if failure.target == target and failure.kind in ("threshold", "coverage", "target")
    ]
    pack = next((p for p in result.packs if p.id == target), None)
    status_reason = _status_reason(pack) if pack is not None and not reasons else None
    if status_reason:
        reasons.append(status_reason)
    if target in dropped:
        reasons.append(f"score fell since the baseline: {dropped[target]}")
    if target == "overall":  # --fail-stale: answers or evidence too old to trust
        reasons += [f.describe() for f in result.thresholds.failures if f.kind == "stale"]
    return reasons


def render(result: Result, *, template: Path | None = None) -> str:
    """With a baseline, the packs (and the overall score) that fell too far fail too, saying why.
    A threshold fails an unanswered pack rather than leaving it skipped, as the exit code does."""
    from cxcheck.render.diff import drop_reasons

    dropped = drop_reasons(result.comparison) if result.comparison else {}
    suite = ET.Element("testsuite", name="cxcheck")
    failures = skipped = 0
    waived = {w.pack: w for w in result.waivers if not w.expired and w.question is None}
    for pack in result.packs:
        case = ET.SubElement(suite, "testcase", classname=f"cxcheck.{pack.theme}", name=pack.id)
        reason = "; ".join(_failure_reasons(result, pack.id, dropped))
        if pack.id in waived:  # out of the gates while its waiver applies, and marked so
            skipped += 1
            ET.SubElement(case, "skipped", message=f"{pack.score or 0:.1f}, {waived[pack.id].describe()}")
        elif reason:
            failures += 1
            actions = [a for a in result.actions if a.pack == pack.id][:ACTIONS_IN_FAILURE]
            details = "\n".join(f"- [{a.horizon}] {a.text} ({a.owner})" for a in actions)
            node = ET.SubElement(case, "failure", message=f"{pack.title}: {reason}", type="cxcheck")
            node.text = f"{pack.title}: {reason}\nTop actions:\n{details}" if details else reason
        elif pack.known == 0:
            skipped += 1
            ET.SubElement(case, "skipped", message="no question in this pack was answered")
    overall = [f"overall {r}" for r in _failure_reasons(result, "overall", dropped)]
    overall += [f.describe() for f in result.thresholds.failures if f.kind == "waiver"]
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
