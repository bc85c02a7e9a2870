"""Baselines: two results compared, and a run that fails when a score fell too far."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

import pytest
import xmlschema
from markdown_it import MarkdownIt

from cxcheck.comparison import compare
from cxcheck.results import load_result

from .conftest import DATA, SAMPLE_ANSWERS, flat

DANA = SAMPLE_ANSWERS / "dana.yaml"


@pytest.fixture
def results(sample, tmp_path):
    """A baseline (Dana's answers) and a later result where alpha fell 15 points and beta rose."""
    before, after = tmp_path / "before.json", tmp_path / "after.json"
    worse = tmp_path / "worse.yaml"
    worse.write_text(
        DANA.read_text().replace("owner: 3", "owner: 0").replace("channels: some", "channels: all")
    )
    assert sample("assess", "-a", DANA, "-f", "json", "-o", before).exit_code == 0
    assert sample("assess", "-a", worse, "-f", "json", "-o", after).exit_code == 0
    return before, after, worse


def test_compare_lists_every_pack_with_its_change(results):
    before, after, _ = results
    comparison = compare(load_result(before), load_result(after), fail_on_drop=10)
    changes = {c.id: (c.before, c.after, c.change, c.state) for c in comparison.packs}
    assert changes["alpha"][0] == 55.0 and changes["alpha"][3] == "down"
    assert changes["beta"][3] == "up"
    assert comparison.drops == ["alpha"] and not comparison.passed


def test_no_threshold_means_no_drop(results):
    before, after, _ = results
    assert compare(load_result(before), load_result(after)).passed


def test_diff_table_and_exit_codes(cli, results):
    before, after, _ = results
    shown = cli("diff", before, after)
    assert shown.exit_code == 0
    assert "Alpha pitfall" in shown.stdout and "55.0" in shown.stdout
    failed = cli("diff", before, after, "--fail-on-drop", "5")
    assert failed.exit_code == 1 and "fell by more than 5" in flat(failed.stdout)
    assert cli("diff", before, after, "--fail-on-drop", "40").exit_code == 0


def test_diff_json_is_machine_readable_and_failures_go_to_stderr(cli, results):
    before, after, _ = results
    result = cli("diff", before, after, "--format", "json", "--fail-on-drop", "5")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["drops"] == ["alpha"] and data["passed"] is False
    assert data["overall"]["before"] == 45.0
    assert result.stderr.splitlines() == ["score dropped: Alpha pitfall: 55.0 → 40.0 (-15.0, more than 5.0)"]


def test_diff_markdown_is_a_gfm_table(cli, results):
    before, after, _ = results
    text = cli("diff", before, after, "--format", "markdown", "--fail-on-drop", "5").stdout
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    assert [t.type for t in tokens].count("tr_open") == 4  # header, overall, alpha, beta
    assert "**1 score fell by more than 5 points:** Alpha pitfall." in text


def test_added_and_removed_packs_are_shown_not_failed(sample, cli, tmp_path, results):
    before, _, _ = results
    alpha_only = tmp_path / "alpha.json"
    sample("assess", "-a", DANA, "--packs", "alpha", "-f", "json", "-o", alpha_only)
    result = cli("diff", before, alpha_only, "--format", "json", "--fail-on-drop", "0")
    data = json.loads(result.stdout)
    assert {p["id"]: p["state"] for p in data["packs"]} == {"alpha": "same", "beta": "removed"}
    assert any("different packs" in note for note in data["notes"])


def test_a_blanked_answer_does_not_hide_a_drop(sample, cli, tmp_path, results):
    before, _, _ = results
    blank = tmp_path / "blank.yaml"
    blank.write_text("cxcheck: 1\nanswers:\n  alpha:\n  beta:\n    channels: some\n")
    after = tmp_path / "blank.json"
    sample("assess", "-a", blank, "-f", "json", "-o", after)
    data = json.loads(cli("diff", before, after, "-f", "json", "--fail-on-drop", "50").stdout)
    assert "alpha" in data["drops"]


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("{}", "not a cxcheck result (expected a file written by --format json)"),
        ("[1, 2]", "not a cxcheck result"),
        (
            '{"schema_version": 9, "packs": []}',
            ":1: unsupported result schema version (expected schema_version 2, found 9)",
        ),
        ("{oops", "invalid JSON"),
    ],
)
def test_bad_result_files_exit_2_naming_the_file(cli, results, tmp_path, content, says):
    before, _, _ = results
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    result = cli("diff", before, bad)
    assert result.exit_code == 2
    assert f"{bad}" in result.stderr and says in flat(result.stderr)
    assert cli("diff", tmp_path / "missing.json", before).exit_code == 2


def test_results_with_no_pack_in_common_cannot_be_compared(cli, results, tmp_path):
    before, _, _ = results
    data = json.loads(before.read_text())
    data["packs"] = [{**data["packs"][0], "id": "gamma"}]
    other = tmp_path / "other.json"
    other.write_text(json.dumps(data))
    result = cli("diff", before, other)
    assert result.exit_code == 2 and "no pack in common" in result.stderr


def test_assess_with_a_baseline_fails_on_drop_and_still_writes_outputs(sample, results, tmp_path):
    before, _, worse = results
    out = tmp_path / "new.json"
    result = sample(
        "assess", "-a", worse, "--baseline", before, "--fail-on-drop", "5", "-f", "json", "-o", out
    )
    assert result.exit_code == 1
    assert "score dropped: Alpha pitfall: 55.0 → 40.0 (-15.0, more than 5.0)" in flat(result.stderr)
    assert json.loads(out.read_text())["packs"][0]["score"] == 40.0
    assert sample("assess", "-a", worse, "--baseline", before, "--fail-on-drop", "30").exit_code == 0


def test_assess_table_shows_the_comparison_under_the_scorecard(sample, results):
    before, _, worse = results
    result = sample("assess", "-a", worse, "--baseline", before)
    assert result.exit_code == 0
    assert "Overall 43.3" in result.stdout and "-15.0" in result.stdout


def test_fail_on_drop_needs_a_baseline(sample):
    result = sample("assess", "-a", DANA, "--fail-on-drop", "5")
    assert result.exit_code == 2 and "--baseline" in result.stderr


def test_a_bad_baseline_writes_nothing(sample, tmp_path):
    plan = tmp_path / "plan.md"
    result = sample("assess", "-a", DANA, "--baseline", tmp_path / "nope.json", "--plan", plan)
    assert result.exit_code == 2 and "nope.json: file not found" in result.stderr
    assert not plan.exists()


def test_the_plan_ends_with_the_change_since_the_baseline(sample, results, tmp_path):
    before, _, worse = results
    plan = tmp_path / "plan.md"
    result = sample("assess", "-a", worse, "--baseline", before, "--plan", plan, "-f", "markdown")
    for text in (plan.read_text(), result.stdout):
        assert text.startswith("# Customer-experience action plan")
        assert "## CX scores since the baseline" in text and "| Alpha pitfall | 55.0 | 40.0 | -15.0 |" in text


def test_junit_fails_the_packs_that_fell_since_the_baseline(sample, results, tmp_path):
    before, _, worse = results
    junit = tmp_path / "junit.xml"
    result = sample(
        "assess", "-a", worse, "--baseline", before, "--fail-on-drop", "5", "--junit", junit, "-q"
    )
    assert result.exit_code == 1
    xmlschema.XMLSchema(DATA / "ci" / "junit.xsd").validate(str(junit))
    cases = {c.get("name"): c for c in ET.parse(junit).iter("testcase")}
    assert (
        cases["alpha"]
        .find("failure")
        .get("message")
        .endswith("score fell since the baseline: 55.0 → 40.0 (-15.0, more than 5.0)")
    )
    assert cases["beta"].find("failure") is None


def test_biggest_drops_come_first(results):
    before, after, _ = results
    comparison = compare(load_result(after), load_result(before))
    assert [c.id for c in comparison.packs] == ["beta", "alpha"]


def test_diff_table_reports_drops_on_stderr_and_quiet_prints_only_them(cli, results):
    before, after, _ = results
    failed = cli("diff", before, after, "--fail-on-drop", "5")
    assert failed.exit_code == 1 and "Alpha pitfall" in failed.stdout
    assert failed.stderr.splitlines() == ["score dropped: Alpha pitfall: 55.0 → 40.0 (-15.0, more than 5.0)"]
    quiet = cli("diff", before, after, "--fail-on-drop", "5", "-q")
    assert quiet.exit_code == 1 and quiet.stdout == "" and quiet.stderr == failed.stderr
    ok = cli("diff", before, after, "-q")
    assert ok.exit_code == 0 and ok.stdout == "" and ok.stderr == ""
    assert json.loads(cli("diff", before, after, "-q", "-f", "json").stdout)["passed"] is True


def test_json_and_html_with_a_baseline_carry_the_comparison_and_agree_with_the_exit_code(
    sample, cli, results, tmp_path
):
    import jsonschema

    before, _, worse = results
    run = ("assess", "-a", worse, "--baseline", before, "--fail-on-drop", "5")
    result = sample(*run, "-f", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    jsonschema.validate(data, json.loads(cli("schema", "result").stdout))
    assert data["schema_version"] == 2 and data["comparison"]["drops"] == ["alpha"]
    assert data["thresholds"]["passed"] is False
    assert data["thresholds"]["failures"] == [
        {"target": "alpha", "required": 50.0, "actual": 40.0, "kind": "drop"}
    ]
    assert json.loads(sample("assess", "-a", worse, "-f", "json").stdout)["comparison"] is None
    html = sample(*run, "-f", "html").stdout
    assert "<h2>Since the baseline</h2>" in html and "1 score fell by more than 5.0 points" in html
    saved = tmp_path / "saved.json"
    saved.write_text(result.stdout)
    assert "## CX scores since the baseline" in cli("report", saved).stdout  # re-rendered later too


def test_a_drop_reads_as_a_drop_in_every_report(sample, results):
    """A score that fell too far is not a missed threshold: no report may say 'below the required'."""
    before, _, worse = results
    run = ("assess", "-a", worse, "--baseline", before, "--fail-on-drop", "5")
    says = "alpha fell to 40.0, below 50.0 (its baseline score less the allowed drop)"
    for fmt in ("markdown", "html"):
        shown = flat(sample(*run, "-f", fmt).stdout)
        assert says in shown and "is below the required" not in shown, fmt
    assert "is below the required" not in sample(*run).stdout  # the scorecard's comparison table says it


def test_a_pack_whose_questions_changed_is_marked_not_read_as_a_drop(cli, results, tmp_path):
    """A new pack version asks different questions: its change is shown, never failed or praised."""
    before, after, _ = results
    data = json.loads(before.read_text())
    for pack in data["packs"]:
        if pack["id"] == "alpha":
            pack["version"] = 1
            pack["score"] = 95.0
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data))
    data = json.loads(after.read_text())
    for pack in data["packs"]:
        if pack["id"] == "alpha":
            pack["version"] = 2
    new = tmp_path / "new.json"
    new.write_text(json.dumps(data))
    result = cli("diff", old, new, "--fail-on-drop", "5", "-f", "json")
    assert result.exit_code == 0, result.stderr
    alpha = next(p for p in json.loads(result.stdout)["packs"] if p["id"] == "alpha")
    assert alpha["revised"] == "v1 → v2" and alpha["dropped"] is False and alpha["change"] < -5
    table = " ".join(cli("diff", old, new, "--fail-on-drop", "5").stdout.split())
    assert "(v1 → v2)" in table and "asked different questions before and after" in table
    assert "(v1 → v2)" in cli("diff", old, new, "-f", "markdown").stdout


@pytest.fixture
def other_results(sample, tmp_path):
    """Dana's result, another organisation's, and Dana's answers dated a year earlier."""
    paths = {}
    for name, change in (
        ("dana", ("", "")),
        ("other", ("organisation: ", "organisation: Elsewhere Ltd # ")),
        ("earlier", ("date: 2026", "date: 2025")),
    ):
        answers = tmp_path / f"{name}.yaml"
        answers.write_text(DANA.read_text().replace(*change) if change[0] else DANA.read_text())
        paths[name] = tmp_path / f"{name}.json"
        assert sample("assess", "-a", answers, "-f", "json", "-o", paths[name]).exit_code == 0
    return paths


def test_diff_refuses_two_organisations_unless_allowed(cli, other_results):
    refused = cli("diff", other_results["dana"], other_results["other"])
    assert refused.exit_code == 2
    assert "the results are of two organisations: 'Test & Co' before, 'Elsewhere Ltd' after" in flat(
        refused.stderr
    )
    assert "--allow-mismatch compares them anyway" in flat(refused.stderr)
    allowed = cli("diff", other_results["dana"], other_results["other"], "--allow-mismatch")
    assert allowed.exit_code == 0 and "note: the results are of two organisations" in flat(allowed.stdout)


def test_diff_refuses_an_after_dated_before_the_before(cli, other_results):
    refused = cli("diff", other_results["dana"], other_results["earlier"])
    assert refused.exit_code == 2 and "the result after is dated 2025-" in refused.stderr
    assert cli("diff", other_results["earlier"], other_results["dana"]).exit_code == 0


def test_diff_heads_its_table_with_both_sides_and_is_not_titled_as_a_baseline(cli, other_results):
    shown = flat(cli("diff", other_results["earlier"], other_results["dana"]).stdout)
    assert "Before: Test & Co · 2025-" in shown and "After: Test & Co · 2026-" in shown
    assert "quick profile" in shown or "full profile" in shown
    text = cli("diff", other_results["earlier"], other_results["dana"], "-f", "markdown").stdout
    assert text.startswith("## CX scores compared\n") and "since the baseline" not in text
