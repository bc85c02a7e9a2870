"""Evidence on answers: what backs a claim shows in every report, top-rung answers without it
are listed, answers and evidence past --max-age are stale, and --fail-stale fails the run."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cxcheck.scoring import months_before

from .conftest import SAMPLE_PACKS, flat

TODAY = dt.date.today()
RECENT = TODAY - dt.timedelta(days=30)
OLD = TODAY - dt.timedelta(days=500)
NPS_HEADER = "How likely are you to recommend us to a friend?"


def answers(
    tmp_path: Path, owner: str, checked: str = "yes", date: dt.date = RECENT, name="a.yaml", who="Dana"
) -> Path:
    """Sample answers: owner (a scale, 3 and 4 are the top rungs) carries `owner` as written."""
    path = tmp_path / name
    path.write_text(
        "cxcheck: 1\n"
        "organisation: Test & Co\n"
        f"respondent: {{name: {who}, role: Operations}}\n"
        f"date: {date}\n"
        "answers:\n"
        "  alpha:\n"
        f"    owner: {owner}\n"
        f"    checked: {checked}\n"
        "    reply-hours: 30\n"
        "  beta:\n"
        "    channels: all\n"
        "    surveyed: no\n",
        encoding="utf-8",
    )
    return path


def survey(tmp_path: Path) -> Path:
    path = tmp_path / "survey-q3.csv"
    rows = ["10 - Extremely likely"] * 6 + ["8"] * 2 + ["3"] * 2
    path.write_text(
        f"id,{NPS_HEADER}\n" + "".join(f"{i},{r}\n" for i, r in enumerate(rows)), encoding="utf-8"
    )
    return path


def assess(sample, path: Path, *extra: str):
    return sample("assess", "--answers", path, "--no-config", *extra)


def result_json(sample, path: Path, *extra: str) -> dict:
    finished = assess(sample, path, "--format", "json", *extra)
    assert finished.exit_code == 0, finished.stderr
    return json.loads(finished.stdout)


def question(data: dict, pack: str, question_id: str) -> dict:
    found = next(p for p in data["packs"] if p["id"] == pack)
    return next(q for q in found["questions"] if q["id"] == question_id)


def test_top_rung_answers_without_evidence_are_counted_and_listed_in_every_report(sample, tmp_path):
    path = answers(tmp_path, owner="3")
    data = result_json(sample, path)
    # owner 3 (0.75, stage 4), checked yes and channels all (1.0) are top-rung; reply-hours 30 scores 0
    expected = {
        (p["id"], q["id"]) for p in data["packs"] for q in p["questions"] if (q["score"] or 0) >= 0.75
    }
    assert {(c["pack"], c["question"]) for c in data["evidence"]["unevidenced"]} == expected
    assert len(expected) == 3
    table = flat(assess(sample, path).stdout)
    assert "3 top-rung answers have no evidence" in table and "alpha/owner" in table
    markdown = assess(sample, path, "--format", "markdown").stdout
    assert "**3 top-rung answers have no evidence**" in markdown and "- Who owns it? (" in markdown
    html = assess(sample, path, "--format", "html").stdout
    assert "<strong>3 top-rung answers have no evidence</strong>" in html


def test_evidence_shows_beside_its_answer_and_takes_it_off_the_unevidenced_list(sample, tmp_path):
    owner = (
        "{value: 4, evidence: {link: 'https://intranet.example/board-minutes', date: %s, by: Board office}}"
    )
    path = answers(tmp_path, owner=owner % RECENT)
    data = result_json(sample, path)
    assert question(data, "alpha", "owner")["evidence"] == [
        {
            "link": "https://intranet.example/board-minutes",
            "file": None,
            "metrics": None,
            "measured": None,
            "date": str(RECENT),
            "by": "Board office",
            "stale": False,
        }
    ]
    assert ("alpha", "owner") not in {(c["pack"], c["question"]) for c in data["evidence"]["unevidenced"]}
    assert data["evidence"]["evidenced"] == 1
    assert "2 top-rung answers have no evidence" in flat(assess(sample, path).stdout)
    markdown = assess(sample, path, "--format", "markdown").stdout
    assert f"https://intranet.example/board-minutes · {RECENT} · Board office" in markdown
    html = assess(sample, path, "--format", "html").stdout
    assert '<a href="https://intranet.example/board-minutes" rel="noopener noreferrer">' in html


def test_a_survey_export_as_evidence_puts_its_measured_figures_in_every_report(sample, tmp_path):
    survey(tmp_path)
    path = answers(tmp_path, owner="4", checked="{value: yes, evidence: {metrics: survey-q3.csv}}")
    # 6 promoters, 2 passives, 2 detractors of 10: NPS +40
    data = result_json(sample, path)
    measured = question(data, "alpha", "checked")["evidence"][0]["measured"]
    assert measured.startswith("NPS +40 ± ") and "(n 10)" in measured
    assert measured in " ".join(assess(sample, path).stdout.split())
    shown_in_markdown = measured.replace("*", "\\*")  # ten answers: starred as a small sample
    assert f"{shown_in_markdown} (from survey-q3.csv)" in assess(sample, path, "--format", "markdown").stdout
    assert f"<strong>{measured}</strong>" in assess(sample, path, "--format", "html").stdout


def test_a_broken_survey_export_named_as_evidence_stops_with_its_row_and_column(sample, tmp_path):
    export = tmp_path / "survey-q3.csv"
    export.write_text(f"id,{NPS_HEADER}\n1,9\n2,eleven\n", encoding="utf-8")
    path = answers(tmp_path, owner="4", checked="{value: yes, evidence: {metrics: survey-q3.csv}}")
    finished = assess(sample, path)
    assert finished.exit_code == 2 and finished.stdout == ""
    assert f"{export}:3:2: row 3, column B" in " ".join(finished.stderr.split())


@pytest.mark.parametrize(
    ("evidence", "message"),
    [
        ("{date: 2026-01-01}", "evidence names what backs the answer"),
        ("{link: x, colour: red}", "evidence names what backs the answer"),
        ("{link: x, date: last spring}", "evidence date must be a date"),
        ("{link: 42}", "evidence link must be text"),
        ("[{link: x}, 7]", "evidence must be a mapping"),
        ("{metrics: missing.csv}", "file not found"),
    ],
)
def test_malformed_evidence_is_one_located_message_and_exit_2(sample, tmp_path, evidence, message):
    path = answers(tmp_path, owner=f"{{value: 4, evidence: {evidence}}}")
    finished = assess(sample, path)
    assert finished.exit_code == 2, finished.stdout
    assert message in finished.stderr and "Traceback" not in finished.stderr
    if "missing" not in evidence:
        assert f"{path}:7:" in finished.stderr  # the line of the answer


def test_old_answers_and_old_evidence_are_stale_and_fail_the_run_only_when_asked(sample, tmp_path):
    owner = f"{{value: 4, evidence: {{file: board-minutes.pdf, date: {OLD}}}}}"
    path = answers(tmp_path, owner=owner, date=OLD)
    data = result_json(sample, path)
    stale = data["evidence"]["stale"]
    assert {(s["what"], s["where"], s["date"]) for s in stale} == {
        ("answers", str(path), str(OLD)),
        ("evidence", "alpha/owner", str(OLD)),
    }
    assert question(data, "alpha", "owner")["evidence"][0]["stale"] is True
    assert "2 answers or pieces of evidence dated more than 12 months" in flat(assess(sample, path).stdout)
    assert "**Stale**" in assess(sample, path, "--format", "markdown").stdout
    failed = assess(sample, path, "--fail-stale", "--format", "json")
    assert failed.exit_code == 1
    assert "threshold failed: 2 answers or evidence older than 12 months" in failed.stderr
    assert assess(sample, path, "--fail-stale", "--max-age", "2y").exit_code == 0
    assert result_json(sample, path, "--max-age", "18m")["evidence"]["stale"] == []


def test_max_age_comes_from_the_settings_file_and_bad_values_exit_2(cli, tmp_path, monkeypatch):
    path = answers(tmp_path, owner="4", date=OLD)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".cxcheck.yaml").write_text("max-age: 2y\nfail-stale: true\n", encoding="utf-8")
    base = ("assess", "--no-builtin", "--rules", SAMPLE_PACKS, "--answers", path)
    assert cli(*base).exit_code == 0
    (tmp_path / ".cxcheck.yaml").write_text("max-age: 12m\nfail-stale: true\n", encoding="utf-8")
    assert cli(*base).exit_code == 1
    (tmp_path / ".cxcheck.yaml").write_text("max-age: soon\n", encoding="utf-8")
    refused = cli(*base)
    assert refused.exit_code == 2 and ".cxcheck.yaml:1" in refused.stderr
    typed = cli(*base, "--max-age", "3 weeks")
    assert typed.exit_code == 2 and "expected months or years such as 12m or 1y" in typed.stderr


def test_anonymous_reports_leave_out_who_holds_the_evidence(sample, tmp_path):
    path = answers(
        tmp_path, owner="{value: 4, evidence: {link: https://x.example, by: Dana Smith}}", date=OLD
    )
    data = result_json(sample, path, "--anonymous")
    assert question(data, "alpha", "owner")["evidence"][0]["by"] is None
    assert "Dana" not in json.dumps(data["evidence"])


def test_a_saved_result_without_evidence_still_re_renders(sample, cli, tmp_path):
    path = answers(tmp_path, owner="4")
    data = result_json(sample, path)
    del data["evidence"]
    saved = tmp_path / "old.json"
    saved.write_text(json.dumps(data), encoding="utf-8")
    for fmt in ("table", "markdown", "html"):
        finished = cli("report", saved, "--format", fmt)
        assert finished.exit_code == 0, finished.stderr
        assert "top-rung" not in finished.stdout


def test_evidence_survives_writing_the_answers_file_back():
    from cxcheck.answers import answers_document
    from cxcheck.io.safeyaml import load_yaml
    from cxcheck.model import Evidence, Given, Response

    evidence = (Evidence(link="https://x.example", date=dt.date(2026, 10, 5), by="Insight"),)
    response = Response(file="a.yaml", answers={"alpha": {"owner": Given(4, None, evidence)}})
    written = load_yaml(answers_document(response, [], header="test"))
    assert written["answers"]["alpha"]["owner"] == {
        "value": 4,
        "evidence": [{"link": "https://x.example", "date": dt.date(2026, 10, 5), "by": "Insight"}],
    }


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 12, 1), 12, dt.date(2025, 12, 1)),
        (dt.date(2026, 3, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2024, 3, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2026, 1, 15), 13, dt.date(2024, 12, 15)),
    ],
)
def test_months_before_counts_calendar_months(day, months, expected):
    assert months_before(day, months) == expected


# --- the interview: a link typed in a note is evidence ----------------------------------


def test_a_link_in_a_note_is_taken_out_as_evidence():
    from cxcheck.catalogue import load_catalogue
    from cxcheck.interview.replies import Reply, ReplyRejected, parse_reply

    from .test_interview import PACKS

    owner = next(q for p in load_catalogue([PACKS], builtin=False) for q in p.questions if q.id == "owner")
    assert parse_reply("3 ; board minutes https://intranet.example/m1", owner) == Reply(
        "answer", 3, "board minutes", ("https://intranet.example/m1",)
    )
    assert parse_reply("3 ; https://a.example http://b.example", owner) == Reply(
        "answer", 3, None, ("https://a.example", "http://b.example")
    )  # links alone leave the note as it was
    assert parse_reply("; https://a.example", owner) == Reply("keep", links=("https://a.example",))
    with pytest.raises(ReplyRejected):
        parse_reply("s ; https://a.example", owner)


@pytest.mark.slow
def test_the_interview_saves_a_typed_link_as_dated_evidence(tmp_path):
    import yaml

    from .test_interview import MINI, Terminal

    term = Terminal(tmp_path, "assess", *MINI, "--save", "mine.yaml", "--format", "json", "-o", "r.json")
    term.introduce(name="Dana")
    term.answer("4 ; minutes https://intranet.example/m1", "<")  # owner, then back to it
    term.expect("· note: minutes · evidence: https://intranet.example/m1")
    term.answer("", "y", "s", "6", "y")
    term.decline_files()
    assert term.exit_code() == 0
    saved = yaml.safe_load((tmp_path / "mine.yaml").read_text())
    assert saved["answers"]["service"]["owner"] == {
        "value": 4,
        "note": "minutes",
        "evidence": [{"link": "https://intranet.example/m1", "date": TODAY, "by": "Dana"}],
    }
    result = json.loads((tmp_path / "r.json").read_text())
    owner = next(q for q in result["packs"][0]["questions"] if q["id"] == "owner")
    assert owner["evidence"][0]["link"] == "https://intranet.example/m1"
    assert "service/owner" not in {f"{c['pack']}/{c['question']}" for c in result["evidence"]["unevidenced"]}


def test_evidence_reaches_the_terminal_without_control_sequences(sample, tmp_path):
    owner = '{value: 4, evidence: {link: "https://x.example/\\e[2J", by: "\\e[31mDana", date: 2026-10-05}}'
    path = answers(tmp_path, owner=owner)
    finished = assess(sample, path)
    assert finished.exit_code == 0, finished.stderr
    assert "\x1b" not in finished.stdout and "https://x.example/[2J" in finished.stdout


def test_the_readme_evidence_example_is_a_valid_answer_with_its_figures(cli, tmp_path):
    """README's snippet, in an answers file beside the example survey export, scores and shows
    the measured NPS beside the answer."""
    import re
    import shutil

    from .conftest import EXAMPLES, REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("**Evidence on answers.**") :]
    snippet = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert snippet is not None
    shutil.copy(EXAMPLES / "survey-q3.csv", tmp_path)
    path = tmp_path / "cx.yaml"
    path.write_text(f"cxcheck: 1\ndate: {RECENT}\nanswers:\n{snippet[1]}", encoding="utf-8")
    finished = cli("assess", "--answers", path, "--no-config", "--format", "json")
    assert finished.exit_code == 0, finished.stderr
    data = json.loads(finished.stdout)
    evidence = question(data, "not-measuring", "outcome-measure")["evidence"]
    assert evidence[0]["measured"].startswith("NPS +10 ± 10.1 (n 242)")
    assert evidence[1]["link"] == "https://intranet.example/cx-dashboard"


def test_the_answers_schema_accepts_evidence_and_refuses_evidence_without_a_source(cli):
    """Editors validating answers files against `cxcheck schema answers` must not flag evidence."""
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(cli("schema", "answers").stdout)
    pack_id, pack = next(iter(schema["properties"]["answers"]["properties"].items()))
    question_id = next(iter(pack["anyOf"][0]["properties"]))
    evidence = [{"link": "https://x.example", "date": "2026-10-05", "by": "Insight"}, {"metrics": "q3.csv"}]
    answer = {"value": "unknown", "note": "see the dashboard", "evidence": evidence}
    validator = jsonschema.Draft202012Validator(schema)
    validator.validate({"cxcheck": 1, "answers": {pack_id: {question_id: answer}}})
    for wrong in ({"date": "2026-10-05"}, {"link": "x", "colour": "red"}, ["https://x.example"]):
        bad = {"cxcheck": 1, "answers": {pack_id: {question_id: {**answer, "evidence": wrong}}}}
        assert not validator.is_valid(bad), wrong


def test_junit_fails_the_overall_case_for_stale_answers_with_fail_stale(sample, tmp_path):
    path = answers(tmp_path, owner="4", date=OLD)
    junit = tmp_path / "cx.xml"
    finished = assess(sample, path, "--fail-stale", "--junit", junit, "--format", "json")
    assert finished.exit_code == 1
    xml = junit.read_text(encoding="utf-8")
    assert 'message="overall 1 answer or evidence older than 12 months"' in xml


def test_a_workshop_shows_shared_evidence_once_and_each_persons_own(sample, tmp_path):
    shared = "{link: https://dash.example, date: 2026-10-05}"
    first = answers(tmp_path, owner=f"{{value: 4, evidence: {shared}}}", name="a.yaml")
    second = answers(
        tmp_path, owner=f"{{value: 3, evidence: [{shared}, {{file: minutes.pdf}}]}}", name="b.yaml", who="Sam"
    )
    data = result_json(sample, first, "--answers", second)
    links = [e["link"] or e["file"] for e in question(data, "alpha", "owner")["evidence"]]
    assert links == ["https://dash.example", "minutes.pdf"]


def test_survey_evidence_takes_the_options_cxcheck_metrics_takes(sample, tmp_path):
    """An export with two NPS-looking columns on 1-10: columns and scale named beside `metrics`."""
    export = tmp_path / "survey.csv"
    rows = "".join(f"{i},{n},{n}\n" for i, n in enumerate([10, 9, 9, 1, 7]))
    export.write_text("id,Recommend (1-10),Recommend again\n" + rows, encoding="utf-8")
    refused = assess(sample, answers(tmp_path, owner="{value: 4, evidence: {metrics: survey.csv}}"))
    assert refused.exit_code == 2 and "several columns look like NPS" in refused.stderr
    owner = "{value: 4, evidence: {metrics: survey.csv, nps: B, nps-scale: 1-10}}"
    data = result_json(sample, answers(tmp_path, owner=owner))
    assert question(data, "alpha", "owner")["evidence"][0]["measured"].startswith("NPS +40 ± ")
    bad = assess(
        sample, answers(tmp_path, owner="{value: 4, evidence: {metrics: survey.csv, nps-scale: ten}}")
    )
    assert bad.exit_code == 2 and "evidence nps-scale is not a scale" in bad.stderr
    linked = assess(sample, answers(tmp_path, owner="{value: 4, evidence: {link: x, nps: B}}"))
    assert linked.exit_code == 2 and "evidence names what backs the answer" in linked.stderr


def test_only_web_addresses_become_links_in_html(sample, tmp_path):
    owner = '{value: 4, evidence: [{link: "javascript:alert(1)"}, {link: "https://ok.example/?a=1&b=<2>"}]}'
    html = assess(sample, answers(tmp_path, owner=owner), "--format", "html").stdout
    assert 'href="javascript' not in html and "javascript:alert(1)" in html
    assert '<a href="https://ok.example/?a=1&amp;b=&lt;2&gt;"' in html


def test_a_lowest_rung_answer_with_a_measured_survey_export_is_questioned_in_every_report(sample, tmp_path):
    survey(tmp_path)
    path = answers(tmp_path, owner="4", checked="{value: no, evidence: {metrics: survey-q3.csv}}")
    data = result_json(sample, path)
    note = next(n for n in data["notes"] if n.startswith("alpha/checked"))
    assert "answered 'no' (the lowest rung), yet its evidence survey-q3.csv measures NPS +40" in note
    assert "check the answer against the data" in flat(assess(sample, path, "--format", "markdown").stdout)
    assert "check the answer against the data" in assess(sample, path, "--format", "html").stdout
    fine = answers(tmp_path, owner="4", checked="{value: yes, evidence: {metrics: survey-q3.csv}}")
    assert not [n for n in result_json(sample, fine)["notes"] if "check the answer" in n]
