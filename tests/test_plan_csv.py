"""`assess --plan-csv FILE` (or `plan-csv:` in the settings file): the plan as rows a tracker
imports, due dates from the plan's windows."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil

from .conftest import SAMPLE_ANSWERS, SAMPLE_PACKS

COLUMNS = ["Title", "Description", "Owner", "Due date", "Effort", "Impact", "Pitfall", "Status"]


def read_rows(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # what Excel expects of a CSV
    with path.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        assert reader.fieldnames == COLUMNS
        return list(reader)


def test_the_plan_as_tracker_rows_in_plan_order_with_due_dates(sample, tmp_path):
    plan = tmp_path / "plan.csv"
    done = sample(
        "assess", "--answers", str(SAMPLE_ANSWERS / "dana.yaml"), "--format", "json", "--plan-csv", plan
    )
    assert done.exit_code in (0, 1), done.stderr
    result = json.loads(done.stdout)
    rows = read_rows(plan)
    items = result["actions"] + result["find_out"] + result["backlog"]
    assert items, "the sample answers leave something to do"
    assert [r["Owner"] for r in rows] == [i["owner"] for i in items]
    assessed = dt.date.fromisoformat(result["date"])
    days = {"now": 30, "next": 60, "later": 90}
    for row, item in zip(rows, items, strict=True):
        assert row["Title"] == (item["title"] or item["text"])
        assert row["Description"].startswith(item["text"])
        assert f"Question: {item['question_text']}" in row["Description"]
        assert (row["Effort"], row["Impact"]) == (item["effort"], item["impact"])
        assert row["Pitfall"] == item["pack_title"]
        if item["horizon"] == "backlog":
            assert (row["Due date"], row["Status"]) == ("", "Backlog")
        else:
            due = assessed + dt.timedelta(days=days[item["horizon"]])
            assert (row["Due date"], row["Status"]) == (due.isoformat(), "To do")


def test_the_settings_file_names_the_plan_csv(run_installed, tmp_path):
    shutil.copytree(SAMPLE_PACKS, tmp_path / "packs")
    shutil.copy(SAMPLE_ANSWERS / "dana.yaml", tmp_path / "cx.yaml")
    (tmp_path / ".cxcheck.yaml").write_text(
        "answers: [cx.yaml]\nrules: [packs]\nno-builtin: true\nplan-csv: tracker.csv\n", encoding="utf-8"
    )
    done = run_installed("assess", "--quiet")
    assert done.returncode in (0, 1), done.stderr
    assert read_rows(tmp_path / "tracker.csv")


def test_a_plan_csv_over_an_answers_file_is_refused(sample, tmp_path):
    answers = tmp_path / "dana.yaml"
    shutil.copy(SAMPLE_ANSWERS / "dana.yaml", answers)
    done = sample("assess", "--answers", str(answers), "--plan-csv", str(answers))
    assert done.exit_code == 2
    assert f"--plan-csv {answers} is also an answers file" in done.stderr
