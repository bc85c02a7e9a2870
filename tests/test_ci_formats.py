"""What CI systems read: JUnit XML against its schema, the JSON result against `schema result`,
Markdown that GitHub renders, quiet runs, and failures on stderr."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree as ET

import jsonschema
import pytest
import xmlschema
from markdown_it import MarkdownIt

from .conftest import DATA, EXAMPLES, SAMPLE_ANSWERS, flat

DANA = SAMPLE_ANSWERS / "dana.yaml"
SAM = SAMPLE_ANSWERS / "sam.json"
JUNIT_XSD = xmlschema.XMLSchema(DATA / "ci" / "junit.xsd")
ANSI = re.compile(r"\x1b\[")


def junit_cases(text: str) -> dict[str, ET.Element]:
    JUNIT_XSD.validate(text)
    return {case.get("name"): case for case in ET.fromstring(text.encode()).iter("testcase")}


def test_junit_is_valid_with_one_case_a_pack_and_failures_for_thresholds(sample):
    result = sample("assess", "-a", DANA, "-f", "junit", "--fail-pack", "beta=60", "--fail-under", "70")
    assert result.exit_code == 1
    cases = junit_cases(result.stdout)
    assert set(cases) == {"alpha", "beta", "overall"}
    assert cases["alpha"].find("failure") is None
    failure = cases["beta"].find("failure")
    assert "score 25.0 is below the required 60.0" in failure.get("message")
    assert "Top actions:" in failure.text and "Share one knowledge base" in failure.text
    assert cases["overall"].find("failure") is not None
    suite = ET.fromstring(result.stdout.encode()).find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "2", "0")


def test_junit_fails_critical_and_insufficient_packs_and_skips_unanswered_ones(sample, tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text("cxcheck: 1\nanswers:\n  alpha: {owner: 0, checked: no, reply-hours: 100}\n")
    cases = junit_cases(sample("assess", "-a", answers, "-f", "junit").stdout)
    assert "is critical" in cases["alpha"].find("failure").get("message")
    assert cases["beta"].find("skipped") is not None
    answers.write_text("cxcheck: 1\nanswers:\n  alpha: {owner: 4}\n  beta: {channels: all}\n")
    cases = junit_cases(sample("assess", "-a", answers, "-f", "junit").stdout)
    withheld = cases["alpha"].find("failure").get("message")
    assert "insufficient: 20% of its score is known" in withheld  # withholding never passes
    assert cases["beta"].find("failure") is None


def test_junit_beside_another_format_from_one_run(sample, tmp_path):
    junit, out = tmp_path / "junit.xml", tmp_path / "result.json"
    result = sample("assess", "-a", DANA, "-f", "json", "-o", out, "--junit", junit, "-q")
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == ""
    junit_cases(junit.read_text())
    assert json.loads(out.read_text())["schema_version"] == 2


@pytest.mark.parametrize("answers", [[DANA], [DANA, SAM]])
def test_json_result_validates_against_its_published_schema(sample, cli, answers):
    schema = json.loads(cli("schema", "result").stdout)
    args = [a for path in answers for a in ("-a", path)]
    data = json.loads(sample("assess", *args, "-f", "json").stdout)
    jsonschema.validate(data, schema)
    assert data["schema_version"] == 2
    assert schema["properties"]["schema_version"]["default"] == 2


def test_the_schema_catches_a_broken_result(sample, cli):
    schema = json.loads(cli("schema", "result").stdout)
    data = json.loads(sample("assess", "-a", DANA, "-f", "json").stdout)
    data["packs"][0]["status"] = "fine"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_markdown_renders_as_github_flavoured_tables_and_lists(sample):
    text = sample("assess", "-a", DANA, "-a", SAM, "-f", "markdown", "--fail-under", "90").stdout
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    types = [t.type for t in tokens]
    assert types[0] == "heading_open" and tokens[0].tag == "h1"
    assert types.count("table_open") >= 2  # scores, and where the room disagrees
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert {"Summary", "The 90-day plan", "Scores by pitfall"} <= set(headings)
    assert "blockquote_open" in types  # the failed threshold stands out
    rows = [t for t in tokens if t.type == "tr_open"]
    assert len(rows) >= 3


def test_markdown_from_hostile_text_stays_inert(sample, tmp_path):
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(
        DANA.read_text().replace("Test & Co", "'<script>x</script> | *bold* [a](javascript:x)'")
    )
    text = sample("assess", "-a", hostile, "-f", "markdown").stdout
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<script>" not in html and "javascript:" not in html.replace("javascript:x)", "")


def test_quiet_prints_nothing_on_success_and_only_failures_on_failure(sample, tmp_path):
    plan = tmp_path / "plan.md"
    ok = sample("assess", "-a", DANA, "-q", "--plan", plan)
    assert ok.exit_code == 0 and ok.stdout == "" and ok.stderr == "" and plan.exists()
    failed = sample("assess", "-a", DANA, "-q", "--fail-under", "70")
    assert failed.exit_code == 1 and failed.stdout == ""
    assert failed.stderr.strip() == "threshold failed: overall 45.0 is below the required 70.0"


def test_quiet_still_prints_the_format_asked_for(sample):
    result = sample("assess", "-a", DANA, "-q", "-f", "json")
    assert json.loads(result.stdout)["score"] == 45.0 and result.stderr == ""


def test_a_scorecard_sent_to_a_pipe_leaves_the_failures_to_stderr(sample):
    """Only a terminal, where the scorecard itself is read, does without the stderr lines."""
    result = sample("assess", "-a", DANA, "--fail-pack", "beta=60")
    assert result.exit_code == 1
    assert "beta 25.0 is below the required 60.0" in result.stdout  # the scorecard says it
    assert "threshold failed" not in result.stdout
    assert result.stderr.splitlines() == [
        "threshold failed: beta 25.0 is below the required 60.0"
    ]  # for CI logs


def test_through_a_pipe_no_colour_and_the_width_follows_columns(run_installed, tmp_path):
    env = {"COLUMNS": "60", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    result = run_installed("assess", "-a", EXAMPLES / "acme-retail.yaml", "--fail-under", "90", env=env)
    assert result.returncode == 1
    assert not ANSI.search(result.stdout) and not ANSI.search(result.stderr)
    assert max(len(line) for line in result.stdout.splitlines()) <= 60
    assert (
        result.stderr.startswith("threshold failed: overall ")
        and "is below the required 90.0" in result.stderr
    )


def test_check_answers_validates_without_scoring(cli, sample, tmp_path):
    checked = sample("check-answers", DANA, SAM)
    assert checked.exit_code == 0
    assert f"✓ {DANA} (5 answers)" in checked.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("cxcheck: 1\nanswers:\n  alpha:\n    owner: 9\n")
    refused = sample("check-answers", DANA, bad)
    assert refused.exit_code == 2
    assert f"{bad}:4:12: alpha/owner: value not allowed" in flat(refused.stderr)
    nothing = cli("check-answers", "--no-config")
    assert nothing.exit_code == 2 and "no answers files to check" in nothing.stderr


@pytest.mark.parametrize(
    "args, says",
    [
        (["--plan", "{answers}"], "--plan {answers} is also an answers file"),
        (["-f", "json", "-o", "{tmp}/x.md", "--plan", "{tmp}/x.md"], "x.md is also --output"),
        (
            ["-f", "json", "-o", "{tmp}/b.json", "--baseline", "{tmp}/b.json"],
            "is also the baseline (expected a file of its own; to refresh the baseline, add --no-baseline)",
        ),
    ],
)
def test_an_output_that_would_overwrite_an_input_or_another_output_writes_nothing(
    sample, tmp_path, args, says
):
    answers = tmp_path / "in.yaml"
    answers.write_text(DANA.read_text())
    before = answers.read_text()
    baseline = tmp_path / "b.json"
    baseline.write_text(sample("assess", "-a", DANA, "-f", "json").stdout)
    kept = baseline.read_text()
    args = [a.format(answers=answers, tmp=tmp_path) for a in args]
    result = sample("assess", "-a", answers, *args)
    assert result.exit_code == 2
    assert says.format(answers=answers, tmp=tmp_path) in flat(result.stderr)
    assert answers.read_text() == before and baseline.read_text() == kept
    assert not (tmp_path / "x.md").exists()


def test_junit_fails_an_unanswered_pack_that_has_a_threshold_rather_than_skipping_it(sample, tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text("cxcheck: 1\nanswers:\n  alpha: {owner: 4, checked: yes, reply-hours: 2}\n")
    result = sample("assess", "-a", answers, "-f", "junit", "--fail-pack", "beta=50")
    assert result.exit_code == 1
    cases = junit_cases(result.stdout)
    failure = cases["beta"].find("failure")
    assert cases["beta"].find("skipped") is None
    assert failure.get("message").endswith("score 0.0 is below the required 50.0")
    suite = ET.fromstring(result.stdout.encode()).find("testsuite")
    assert (suite.get("failures"), suite.get("skipped")) == ("1", "0")
    blank = tmp_path / "blank.yaml"
    blank.write_text("cxcheck: 1\nanswers: {}\n")
    none = sample("assess", "-a", blank, "-f", "junit", "--fail-under", "40")
    overall = junit_cases(none.stdout)["overall"].find("failure").get("message")
    assert none.exit_code == 1 and overall == "overall score 0.0 is below the required 40.0"
