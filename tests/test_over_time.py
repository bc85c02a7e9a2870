"""Over time: `cxcheck trend`, the history folder, targets with dates and waivers that expire.

Every run here passes --today, so no test depends on the day it runs.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxcheck.catalogue import load_catalogue
from cxcheck.io.writing import write_new
from cxcheck.model import TrendPoint, TrendSeries
from cxcheck.results import load_result
from cxcheck.targets import if_plan_done
from cxcheck.trend import build_trend, straight_line

from .conftest import EXAMPLES, REPO, SAMPLE_PACKS, flat

# Three assessments of Test & Co, a quarter apart, each better than the last.
ANSWERS = {
    "2026-03-01": {"alpha": {"owner": 1, "checked": "no", "reply-hours": 30}, "beta": {"channels": "none"}},
    "2026-06-01": {
        "alpha": {"owner": 2, "checked": "partly", "reply-hours": 12},
        "beta": {"channels": "some"},
    },
    "2026-09-01": {
        "alpha": {"owner": 3, "checked": "partly", "reply-hours": 3},
        "beta": {"channels": "some"},
    },
}


def answers_file(folder: Path, date: str, answers: dict, organisation: str = "Test & Co") -> Path:
    path = folder / f"answers-{date}.json"
    data = {
        "cxcheck": 1,
        "organisation": organisation,
        "respondent": {"name": "Dana", "role": "Operations"},
        "date": date,
        "answers": answers,
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def three_results(sample, tmp_path) -> list[Path]:
    """The three assessments saved with --format json, oldest first."""
    saved = []
    (tmp_path / "answers").mkdir()
    for date, answers in ANSWERS.items():
        result = tmp_path / f"result-{date}.json"
        run = sample(
            "assess",
            answers_file(tmp_path / "answers", date, answers),
            "-f",
            "json",
            "-o",
            result,
            "--no-config",
        )
        assert run.exit_code == 0, run.stderr
        saved.append(result)
    return saved


def settings_file(folder: Path, text: str) -> Path:
    path = folder / ".cxcheck.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# --- cxcheck trend ------------------------------------------------------------------------


def test_trend_orders_results_by_date_whatever_order_they_are_named_in(cli, three_results):
    newest_first = list(reversed(three_results))
    data = json.loads(cli("trend", *newest_first, "-f", "json").stdout)
    assert [s["date"] for s in data["sources"]] == list(ANSWERS)
    overall = [p["score"] for p in data["overall"]["points"]]
    assert overall == sorted(overall) and overall[0] < overall[-1]
    assert data["overall"]["change"] == round(overall[-1] - overall[0], 1)
    assert [s["id"] for s in data["packs"]] == ["alpha", "beta"]


def test_trend_table_shows_a_sparkline_per_pack(cli, three_results):
    run = cli("trend", *three_results)
    assert run.exit_code == 0, run.stderr
    lines = {line.split()[0]: line for line in run.stdout.splitlines() if line.strip()}
    assert lines["Overall"].split()[1] == "▁▄▆"  # 3.3, 41.7 and 65.0 on a fixed 0-100 scale
    assert "3 results, 2026-03-01 to 2026-09-01" in flat(run.stdout)


def test_trend_markdown_is_a_table_with_one_column_per_date(cli, three_results):
    text = cli("trend", *three_results, "-f", "markdown").stdout
    header = next(line for line in text.splitlines() if line.startswith("| Pack"))
    assert header == "| Pack | 2026-03-01 | 2026-06-01 | 2026-09-01 | Change |"
    assert "| Alpha pitfall | 5.0 | 50.0 | 85.0 | +80.0 |" in text


def test_trend_html_draws_a_chart_per_theme_over_the_status_bands(cli, three_results, tmp_path):
    page = tmp_path / "trend.html"
    assert cli("trend", tmp_path, "-f", "html", "-o", page).exit_code == 0  # a folder of results works
    html = page.read_text()
    charts = html.split("<figure")[1:]
    assert [c.split("<figcaption", 1)[1].split(">", 1)[1].split("<", 1)[0] for c in charts] == [
        "Overall",
        "Theme: leadership",
        "Theme: insight",
    ]
    for chart in charts:
        svg = ElementTree.fromstring("<svg" + chart.split("<svg", 1)[1].split("</svg>", 1)[0] + "</svg>")
        assert len(svg.findall("circle")) == 3 and len(svg.findall("path")) == 1  # well-formed SVG
        assert all(f"<title>{band}</title>" in chart for band in ("critical", "at-risk", "healthy"))
    assert "<script" not in html


def test_a_pack_whose_questions_changed_is_marked_not_read_as_progress(cli, three_results):
    latest = json.loads(three_results[-1].read_text())
    latest["packs"][0]["version"] = 2  # alpha was revised before the third assessment
    three_results[-1].write_text(json.dumps(latest))
    data = json.loads(cli("trend", *three_results, "-f", "json").stdout)
    alpha = data["packs"][0]
    assert alpha["points"][-1]["revised"] == "v1 → v2"
    assert alpha["change"] is None  # nothing to compare with since the revision
    assert data["overall"]["points"][-1]["revised"] and data["overall"]["change"] is None
    assert data["packs"][1]["change"] == 25.0  # beta was not revised: its progress still counts
    markdown = cli("trend", *three_results, "-f", "markdown").stdout
    assert "| Alpha pitfall | 5.0 | 50.0 | 85.0 (v1 → v2) | — (revised) |" in markdown
    assert "never across it" in markdown


def test_results_of_another_organisation_are_refused(cli, sample, three_results, tmp_path):
    other = tmp_path / "other.json"
    answers = answers_file(tmp_path, "2026-07-01", ANSWERS["2026-06-01"], organisation="Other Ltd")
    assert sample("assess", answers, "-f", "json", "-o", other, "--no-config").exit_code == 0
    page = tmp_path / "trend.md"
    run = cli("trend", *three_results, other, "-f", "markdown", "-o", page)
    assert run.exit_code == 2
    assert f"{other}: this result is of another organisation" in run.stderr
    assert "'Other Ltd'" in run.stderr and "'Test & Co'" in run.stderr
    assert not page.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ({"date": None}, "has no date, so it cannot be placed in a trend"),
        ({"schema_version": 99}, "unsupported result schema version"),
    ],
)
def test_a_result_that_cannot_join_a_trend_is_bad_input(cli, three_results, content, message):
    data = json.loads(three_results[1].read_text())
    three_results[1].write_text(json.dumps({**data, **content}))
    run = cli("trend", *three_results)
    assert run.exit_code == 2
    assert f"{three_results[1]}" in run.stderr and message in run.stderr
    assert "Traceback" not in run.stderr


def test_an_empty_folder_is_bad_input(cli, tmp_path):
    run = cli("trend", tmp_path)
    assert run.exit_code == 2 and "no results in this folder" in run.stderr


# --- assess with a history folder ---------------------------------------------------------


def test_save_history_names_the_file_by_date_and_never_overwrites(sample, tmp_path):
    history = tmp_path / "history"
    answers = answers_file(tmp_path, "2026-03-01", ANSWERS["2026-03-01"])
    for _ in range(2):
        run = sample("assess", answers, "--history", history, "--save-history", "-q", "--no-config")
        assert run.exit_code == 0, run.stderr
    first, second = history / "2026-03-01.json", history / "2026-03-01-2.json"
    assert set(history.iterdir()) == {first, second}
    assert load_result(first).score == load_result(second).score


def test_assess_html_report_gains_a_trend_section_from_the_history(sample, three_results, tmp_path):
    history = tmp_path / "history"
    history.mkdir()
    for path in three_results[:2]:
        path.rename(history / path.name)
    answers = answers_file(tmp_path, "2026-09-01", ANSWERS["2026-09-01"])
    report = tmp_path / "report.html"
    run = sample("assess", answers, "--history", history, "-f", "html", "-o", report, "--no-config")
    assert run.exit_code == 0, run.stderr
    section = report.read_text().split('<section class="trend">')[1].split("</section>")[0]
    assert "3 results, 2026-03-01 to 2026-09-01, this one last" in section
    assert section.count("<svg") == 3
    without = tmp_path / "plain.html"
    sample("assess", answers, "-f", "html", "-o", without, "--no-config")
    assert 'class="trend"' not in without.read_text()


def test_a_typed_history_folder_must_exist(sample, tmp_path):
    answers = answers_file(tmp_path, "2026-03-01", ANSWERS["2026-03-01"])
    run = sample("assess", answers, "--history", tmp_path / "missing", "--no-config")
    assert run.exit_code == 2 and "history folder not found" in run.stderr


# --- waivers ------------------------------------------------------------------------------

WAIVE_BETA = """
fail-pack: {beta: 80}
waivers:
  - pack: beta
    reason: survey contract being renegotiated
    owner: Head of Insight
    until: 2026-10-31
"""


def test_an_active_waiver_takes_its_pack_out_of_the_gates_but_keeps_its_score(sample, tmp_path):
    config = settings_file(tmp_path, WAIVE_BETA)
    answers = answers_file(tmp_path, "2026-09-01", ANSWERS["2026-09-01"])
    run = sample("assess", answers, "--config", config, "--today", "2026-10-31", "-f", "json")
    assert run.exit_code == 0, run.stderr
    result = json.loads(run.stdout)
    assert [p["score"] for p in result["packs"] if p["id"] == "beta"] == [25.0]
    assert result["waivers"][0] | {"expired": False, "score": 25.0} == result["waivers"][0]
    assert not any(a["pack"] == "beta" for a in result["actions"] + result["backlog"])
    table = flat(sample("assess", answers, "--config", config, "--today", "2026-10-31").stdout)
    assert "beta 25.0: waived until 2026-10-31: survey contract being renegotiated (Head of Insight)" in table
    plan = sample("assess", answers, "--config", config, "--today", "2026-10-31", "-f", "markdown").stdout
    assert (
        "| Beta pitfall | 25.0 | 2026-10-31 | survey contract being renegotiated | Head of Insight | yes |"
        in plan
    )


def test_without_the_waiver_or_once_it_expires_the_gate_fails_again(sample, tmp_path):
    config = settings_file(tmp_path, WAIVE_BETA)
    answers = answers_file(tmp_path, "2026-09-01", ANSWERS["2026-09-01"])
    raw = sample("assess", answers, "--config", config, "--today", "2026-10-01", "--no-waivers")
    assert raw.exit_code == 1 and "beta 25.0 is below the required 80.0" in flat(raw.stdout)
    expired = sample("assess", answers, "--config", config, "--today", "2026-11-01", "-f", "json")
    assert expired.exit_code == 1
    result = json.loads(expired.stdout)
    assert result["waivers"][0]["expired"] is True
    assert any(a["pack"] == "beta" for a in result["actions"])  # back in the plan
    table = flat(sample("assess", answers, "--config", config, "--today", "2026-11-01").stdout)
    assert "waiver expired on 2026-10-31, so it no longer applies" in table


def test_fail_expired_waivers_fails_ci_on_an_expired_waiver_alone(sample, tmp_path):
    config = settings_file(
        tmp_path,
        "waivers:\n  - {pack: alpha, question: checked, reason: new PMO, owner: COO, until: 2026-08-01}\n",
    )
    answers = answers_file(tmp_path, "2026-09-01", ANSWERS["2026-09-01"])
    assert sample("assess", answers, "--config", config, "--today", "2026-09-01", "-q").exit_code == 0
    run = sample(
        "assess", answers, "--config", config, "--today", "2026-09-01", "--fail-expired-waivers", "-q"
    )
    assert run.exit_code == 1
    assert "the waiver on alpha.checked expired on 2026-08-01: new PMO" in flat(run.stderr)


def test_a_waived_question_leaves_the_plan_while_the_rest_of_its_pack_stays(sample, tmp_path):
    config = settings_file(
        tmp_path,
        "waivers:\n  - {pack: alpha, question: checked, reason: new PMO, owner: COO, until: 2026-12-31}\n",
    )
    answers = answers_file(tmp_path, "2026-06-01", ANSWERS["2026-06-01"])
    result = json.loads(
        sample("assess", answers, "--config", config, "--today", "2026-09-01", "-f", "json").stdout
    )
    planned = {(a["pack"], a["question"]) for a in result["actions"] + result["backlog"]}
    assert ("alpha", "checked") not in planned and ("alpha", "owner") in planned
    assert result["waivers"][0]["score"] == 50.0


@pytest.mark.parametrize(
    ("waiver", "line", "message"),
    [
        ("{pack: gamma, reason: r, owner: o, until: 2027-01-01}", 3, "waivers[0]: unknown pack 'gamma'"),
        (
            "{pack: alpha, question: nope, reason: r, owner: o, until: 2027-01-01}",
            3,
            "has no question 'nope'",
        ),
        ("{pack: alpha, owner: o, until: 2027-01-01}", 3, "missing required key 'reason'"),
        ("{pack: alpha, reason: r, owner: o, until: soon}", 3, "waivers[0].until"),
    ],
)
def test_a_waiver_that_names_nothing_or_lacks_a_reason_is_bad_input(sample, tmp_path, waiver, line, message):
    config = settings_file(tmp_path, f"plan-size: 5\nwaivers:\n  - {waiver}\n")
    answers = answers_file(tmp_path, "2026-06-01", ANSWERS["2026-06-01"])
    output = tmp_path / "out.json"
    run = sample("assess", answers, "--config", config, "--today", "2026-09-01", "-f", "json", "-o", output)
    assert run.exit_code == 2
    assert f"{config}:{line}" in run.stderr and message in run.stderr
    assert not output.exists()


# --- targets ------------------------------------------------------------------------------


def test_a_target_shows_its_gap_and_the_score_if_the_plan_is_done(sample, tmp_path):
    config = settings_file(tmp_path, "targets:\n  alpha: {score: 80, by: 2027-06-30}\n")
    answers = answers_file(tmp_path, "2026-06-01", ANSWERS["2026-06-01"])
    run = sample("assess", answers, "--config", config, "--today", "2026-06-02", "-f", "json")
    target = json.loads(run.stdout)["targets"][0]
    assert target | {"actual": 50.0, "gap": 30.0, "state": "no-trend"} == target
    assert target["if_plan_done"] > target["actual"] and target["actions"]
    table = flat(sample("assess", answers, "--config", config, "--today", "2026-06-02").stdout)
    assert "alpha 50.0, target 80 by 2027-06-30: 30.0 to go; no trend yet" in table


def test_a_target_whose_date_passed_unmet_fails_only_with_fail_off_track(sample, tmp_path):
    config = settings_file(tmp_path, "targets:\n  overall: {score: 90, by: 2026-08-31}\n")
    answers = answers_file(tmp_path, "2026-06-01", ANSWERS["2026-06-01"])
    shown = sample("assess", answers, "--config", config, "--today", "2026-09-01", "-f", "markdown")
    assert shown.exit_code == 0
    assert "| Overall | 41.7 | 90 | 2026-08-31 | 48.3 |" in shown.stdout and "missed" in shown.stdout
    gated = sample("assess", answers, "--config", config, "--today", "2026-09-01", "--fail-off-track", "-q")
    assert gated.exit_code == 1
    assert "overall 41.7 is off track for its target of 90 by 2026-08-31: the date has passed" in flat(
        gated.stderr
    )
    early = sample("assess", answers, "--config", config, "--today", "2026-08-31", "--fail-off-track", "-q")
    assert early.exit_code == 0  # the last day still counts: no trend yet, so nothing to fail


@pytest.mark.parametrize(("required", "exit_code", "state"), [(95, 0, "on-track"), (100.0, 1, "off-track")])
def test_with_history_a_straight_line_decides_on_or_off_track(
    sample, three_results, tmp_path, required, exit_code, state
):
    history = tmp_path / "history"
    history.mkdir()
    for path in three_results[:2]:
        path.rename(history / path.name)
    # 3.3, 41.7 and 81.7 a quarter apart: the line passes 95 a month after the last point
    # and reaches 100 only in 2027, so a target of 100 by 2026-12-01 is off track.
    config = settings_file(tmp_path, f"targets:\n  overall: {{score: {required}, by: 2026-12-01}}\n")
    answers = answers_file(tmp_path, "2026-09-01", ANSWERS["2026-09-01"])
    args = ("assess", answers, "--config", config, "--history", history, "--today", "2026-09-02")
    run = sample(*args, "--fail-off-track", "-f", "json")
    assert run.exit_code == exit_code, run.stderr
    target = json.loads(run.stdout)["targets"][0]
    assert target["state"] == state
    assert target["basis"] == "3 results from 2026-03-01 to 2026-09-01"
    plan = sample(*args, "-f", "markdown").stdout
    assert "a straight line through the results so far" in plan and "not a forecast" in plan


def test_a_target_for_an_unknown_pack_is_bad_input_with_its_line(sample, tmp_path):
    config = settings_file(
        tmp_path,
        "plan-size: 5\ntargets:\n  overall: {score: 70, by: 2027-01-01}\n"
        "  gamma: {score: 1, by: 2027-01-01}\n",
    )
    answers = answers_file(tmp_path, "2026-06-01", ANSWERS["2026-06-01"])
    run = sample("assess", answers, "--config", config, "--today", "2026-06-02")
    assert run.exit_code == 2
    assert f"{config}:4" in run.stderr and "targets: unknown pack 'gamma'" in run.stderr


# --- the pure rules -----------------------------------------------------------------------


def test_the_plan_done_projection_is_the_score_when_there_is_no_plan(sample, three_results):
    packs = load_catalogue([SAMPLE_PACKS], builtin=False)
    for path in three_results:
        result = load_result(path)
        overall, by_pack = if_plan_done(packs, result.model_copy(update={"actions": []}))
        assert overall == result.score
        assert by_pack == {p.id: p.score for p in result.packs}
        planned, _ = if_plan_done(packs, result)
        assert planned is not None and result.score is not None and planned >= result.score


def test_the_straight_line_counts_only_from_the_last_revision():
    def point(day: int, score: float, revised: str | None = None) -> TrendPoint:
        return TrendPoint(
            date=dt.date(2026, 1, 1) + dt.timedelta(days=day), score=score, status="at-risk", revised=revised
        )

    rising = TrendSeries(id="x", title="X", points=[point(0, 10), point(10, 20), point(20, 30)])
    assert straight_line(rising, dt.date(2026, 2, 10)) == (50.0, "3 results from 2026-01-01 to 2026-01-21")
    revised = rising.model_copy(update={"since": dt.date(2026, 1, 11)})
    assert straight_line(revised, dt.date(2026, 2, 10)) == (50.0, "2 results from 2026-01-11 to 2026-01-21")
    single = rising.model_copy(update={"since": dt.date(2026, 1, 21)})
    assert straight_line(single, dt.date(2026, 2, 10)) is None


def test_write_new_never_overwrites(tmp_path):
    first = write_new(tmp_path, "2026-01-01", ".json", "one")
    second = write_new(tmp_path, "2026-01-01", ".json", "two")
    assert (first.name, second.name) == ("2026-01-01.json", "2026-01-01-2.json")
    assert first.read_text() == "one" and second.read_text() == "two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2026-01-01-2.json", "2026-01-01.json"]


def test_config_shows_each_target_and_waiver_with_its_line(cli, tmp_path):
    config = settings_file(tmp_path, "targets:\n  overall: {score: 70, by: 2027-01-01}\n" + WAIVE_BETA)
    packs = ("--no-builtin", "--rules", SAMPLE_PACKS)  # config checks fail-pack's ids as assess does
    run = cli("config", "--config", config, *packs)
    assert run.exit_code == 0, run.stderr
    text = flat(run.stdout)
    assert "targets.overall 70 by 2027-01-01" in text and "waivers[0] beta until 2026-10-31" in text
    shown = json.loads(cli("config", "--config", config, "--json", *packs).stdout)
    assert shown["values"]["waivers"][0]["until"] == "2026-10-31"
    line = config.read_text().splitlines().index("  - pack: beta") + 1  # where the list starts
    assert shown["sources"]["waivers"] == f"{config}:{line}"


# --- the bundled example ------------------------------------------------------------------


@pytest.fixture
def acme_history(cli, tmp_path) -> Path:
    """Three quarterly results of the bundled Acme example: the same answers, dated a quarter
    apart, with the partner standards improving each time."""
    history = tmp_path / "history"
    history.mkdir()
    text = (EXAMPLES / "acme-retail.yaml").read_text()
    for date, rung in (("2026-05-20", 1), ("2026-08-20", 2), ("2026-11-20", 3)):
        answers = tmp_path / f"acme-{date}.yaml"
        edited = text.replace("date: 2026-11-20", f"date: {date}")
        answers.write_text(edited.replace("    partner-standards: 1\n", f"    partner-standards: {rung}\n"))
        result = history / f"{date}.json"
        run = cli("assess", answers, "-f", "json", "-o", result, "--no-config")
        assert result.is_file(), run.stderr
    return history


def test_trend_of_the_bundled_example_in_every_format(cli, acme_history, tmp_path):
    data = json.loads(cli("trend", acme_history, "-f", "json").stdout)
    partners = next(s for s in data["packs"] if s["id"] == "ignoring-partners")
    scores = [p["score"] for p in partners["points"]]
    assert scores == sorted(scores) and scores[0] < scores[-1] and partners["change"] > 0
    unchanged = next(s for s in data["packs"] if s["id"] == "silo-thinking")
    assert unchanged["change"] == 0
    table = cli("trend", acme_history)
    assert table.exit_code == 0 and "Acme Retail: 3 results, 2026-05-20 to 2026-11-20" in flat(table.stdout)
    markdown = cli("trend", acme_history, "-f", "markdown").stdout
    assert "| Pack | 2026-05-20 | 2026-08-20 | 2026-11-20 | Change |" in markdown
    page = tmp_path / "trend.html"
    assert cli("trend", acme_history, "-f", "html", "-o", page).exit_code == 0
    html = page.read_text()
    themes = {s["theme"] for s in data["packs"]}
    assert html.count("<figure") == 1 + len(themes) and html.count("<svg") == 1 + len(themes)


def test_the_readme_settings_with_targets_and_waivers_fit_the_catalogue(cli, tmp_path, monkeypatch):
    readme = (REPO / "README.md").read_text()
    block = readme.split("```yaml\n# .cxcheck.yaml\n", 1)[1].split("```", 1)[0]
    (tmp_path / ".cxcheck.yaml").write_text(block)  # its baseline is skipped until it exists
    shutil.copy(EXAMPLES / "acme-retail.yaml", tmp_path / "cx.yaml")
    monkeypatch.chdir(tmp_path)
    run = cli("assess", "--today", "2027-01-10", "-f", "json", "--save-history")
    assert run.exit_code in (0, 1), run.stderr
    result = json.loads(run.stdout)
    assert [t["target"] for t in result["targets"]] == ["overall", "silo-thinking"]
    assert result["waivers"][0]["title"].startswith(
        next(p["title"] for p in result["packs"] if p["id"] == "ignoring-partners")
    )
    assert not any(a["question"] == "partner-standards" for a in result["actions"] + result["backlog"])
    assert [p.name for p in (tmp_path / "cxcheck-history").iterdir()] == ["2026-11-20.json"]


def test_the_trend_table_prints_markup_in_user_text_literally(cli, three_results):
    """Control sequences are the console's job (cxcheck.terminal on the security branch)."""
    for path in three_results:
        data = json.loads(path.read_text())
        data["organisation"] = "[bold]Test & Co"
        data["packs"][0]["title"] = "[/]Alpha [link=https://example.com]x"
        path.write_text(json.dumps(data))
    run = cli("trend", *three_results)
    assert run.exit_code == 0, run.stderr
    assert "[bold]Test & Co" in run.stdout and "[/]Alpha [link=https://example.com]x" in flat(run.stdout)


def test_a_waived_pack_falling_since_the_baseline_is_shown_but_not_failed(sample, tmp_path):
    baseline = tmp_path / "baseline.json"
    before = answers_file(tmp_path, "2026-06-01", {**ANSWERS["2026-06-01"], "beta": {"channels": "all"}})
    assert sample("assess", before, "-f", "json", "-o", baseline, "--no-config").exit_code == 0
    config = settings_file(tmp_path, WAIVE_BETA.replace("fail-pack: {beta: 80}", "fail-on-drop: 5"))
    after = answers_file(tmp_path, "2026-09-01", ANSWERS["2026-09-01"])
    args = ("assess", after, "--config", config, "--baseline", baseline, "--today", "2026-09-02")
    assert sample(*args, "--no-waivers", "-q").exit_code == 1
    run = sample(*args, "-f", "json")
    assert run.exit_code == 0, run.stderr
    beta = next(c for c in json.loads(run.stdout)["comparison"]["packs"] if c["id"] == "beta")
    assert beta["change"] < -5 and beta["dropped"] is False


def test_junit_fails_an_off_track_target_and_skips_a_waived_pack(sample, tmp_path):
    config = settings_file(tmp_path, "targets:\n  alpha: {score: 90, by: 2026-08-31}\n" + WAIVE_BETA)
    answers = answers_file(tmp_path, "2026-06-01", ANSWERS["2026-06-01"])
    run = sample(
        "assess", answers, "--config", config, "--today", "2026-09-01", "--fail-off-track", "-f", "junit"
    )
    assert run.exit_code == 1
    cases = {case.get("name"): case for case in ElementTree.fromstring(run.stdout).iter("testcase")}
    failure = cases["alpha"].find("failure")
    assert failure is not None and "off track for its target of 90 by 2026-08-31" in failure.get(
        "message", ""
    )
    skipped = cases["beta"].find("skipped")
    assert skipped is not None and "waived until 2026-10-31" in skipped.get("message", "")


def test_the_trend_is_the_same_whatever_order_the_results_come_in(three_results):
    named = [(str(p), load_result(p)) for p in three_results]
    trends = {build_trend(list(order)).model_dump_json() for order in itertools.permutations(named)}
    assert len(trends) == 1


@given(
    slope=st.floats(-1, 1),
    start=st.floats(0, 100),
    gaps=st.lists(st.integers(1, 200), min_size=1, max_size=6),
    ahead=st.integers(0, 400),
)
def test_the_straight_line_through_points_on_a_line_continues_it(slope, start, gaps, ahead):
    days = list(itertools.accumulate([0, *gaps]))
    points = [
        TrendPoint(date=dt.date(2026, 1, 1) + dt.timedelta(days=d), score=start + slope * d, status="at-risk")
        for d in days
    ]
    on = points[-1].date + dt.timedelta(days=ahead)
    found = straight_line(TrendSeries(id="x", title="X", points=points), on)
    expected = min(100.0, max(0.0, start + slope * (days[-1] + ahead)))
    assert found is not None and found[0] == pytest.approx(expected, abs=0.1)


def test_the_scorecard_shows_the_overall_over_time_from_the_history(sample, three_results, tmp_path):
    history = tmp_path / "history"
    history.mkdir()
    for path in three_results[:2]:
        path.rename(history / path.name)
    answers = answers_file(tmp_path, "2026-09-01", ANSWERS["2026-09-01"])
    table = flat(sample("assess", answers, "--history", history, "--no-config").stdout)
    assert "Over time (3 results from 2026-03-01): overall ▁▄▆ +61.7" in table


@pytest.mark.parametrize(
    ("targets", "message"),
    [
        ("  alpha: {score: 120, by: 2027-01-01}", "targets.alpha.score"),
        ("  alpha: {score: 60, by: soon}", "targets.alpha.by"),
        ("  alpha: {score: 60}", "missing required key 'by'"),
        ("  alpha: 60", "targets.alpha"),
    ],
)
def test_a_malformed_target_is_bad_input_with_its_line(sample, tmp_path, targets, message):
    config = settings_file(tmp_path, f"plan-size: 5\ntargets:\n{targets}\n")
    answers = answers_file(tmp_path, "2026-06-01", ANSWERS["2026-06-01"])
    run = sample("assess", answers, "--config", config, "--today", "2026-06-02")
    assert run.exit_code == 2
    assert f"{config}:3" in run.stderr and message in run.stderr
    assert "Traceback" not in run.stderr


def test_trend_never_writes_over_a_result_it_reads(cli, three_results):
    before = three_results[1].read_text()
    run = cli("trend", *three_results, "-f", "markdown", "-o", three_results[1])
    assert run.exit_code == 2 and "is also a result read" in run.stderr
    assert three_results[1].read_text() == before


def test_assess_refuses_a_history_of_another_organisation_and_writes_nothing(sample, tmp_path):
    history = tmp_path / "history"
    history.mkdir()
    other = answers_file(tmp_path, "2026-03-01", ANSWERS["2026-03-01"], organisation="Other Ltd")
    assert sample("assess", other, "-f", "json", "-o", history / "other.json", "--no-config").exit_code == 0
    answers = answers_file(tmp_path, "2026-09-01", ANSWERS["2026-09-01"])
    report = tmp_path / "report.html"
    run = sample(
        "assess", answers, "--history", history, "--save-history", "-f", "html", "-o", report, "--no-config"
    )
    assert run.exit_code == 2
    assert f"{history / 'other.json'}: this result is of another organisation" in flat(run.stderr)
    assert not report.exists() and [p.name for p in history.iterdir()] == ["other.json"]


def test_targets_may_live_in_a_file_of_their_own_and_the_settings_win(sample, tmp_path):
    targets = tmp_path / "targets.yaml"
    targets.write_text(
        "# agreed with the board\noverall: {score: 70, by: 2027-06-30}\nalpha: {score: 90, by: 2027-06-30}\n"
    )
    config = settings_file(
        tmp_path, "targets-file: targets.yaml\ntargets:\n  alpha: {score: 60, by: 2027-03-31}\n"
    )
    answers = answers_file(tmp_path, "2026-06-01", ANSWERS["2026-06-01"])
    run = sample("assess", answers, "--config", config, "--today", "2026-06-02", "-f", "json")
    found = {t["target"]: (t["required"], t["by"]) for t in json.loads(run.stdout)["targets"]}
    assert found == {"overall": (70.0, "2027-06-30"), "alpha": (60.0, "2027-03-31")}
    targets.write_text("overall: {score: 70, by: 2027-06-30}\ngamma: {score: 1, by: 2027-06-30}\n")
    run = sample("assess", answers, "--targets-file", targets, "--no-config", "--today", "2026-06-02")
    assert run.exit_code == 2 and f"{targets}:2" in run.stderr and "unknown pack 'gamma'" in run.stderr
    targets.write_text("overall: {score: 170, by: 2027-06-30}\n")
    run = sample("assess", answers, "--targets-file", targets, "--no-config", "--today", "2026-06-02")
    assert run.exit_code == 2 and f"{targets}:1" in run.stderr and "overall.score" in run.stderr


def test_trend_table_written_to_a_file_is_plain_text(cli, three_results, tmp_path):
    table = tmp_path / "trend.txt"
    run = cli("trend", *three_results, "-o", table)
    assert run.exit_code == 0 and run.stdout == "" and f"wrote {table}" in flat(run.stderr)
    text = table.read_text()
    assert "▁▄▆" in text and "\x1b" not in text
