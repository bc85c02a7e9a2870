"""What may go into a workshop, and what it may show about people: each check as a facilitator
would meet it, through the command line, on the small test packs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from tests.conftest import SAMPLE_ANSWERS, flat

DANA, SAM = SAMPLE_ANSWERS / "dana.yaml", SAMPLE_ANSWERS / "sam.json"


def person(folder: Path, name: str, role: str | None, answers: dict, organisation: str = "Test & Co") -> Path:
    data: dict = {"cxcheck": 1, "organisation": organisation, "answers": answers}
    if role is not None:
        data["respondent"] = {"name": name, "role": role}
    path = folder / f"{name.lower().replace(' ', '-')}.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def room(folder: Path) -> Path:
    """Dana and Sam, as copies a test may add to."""
    folder.mkdir(exist_ok=True)
    shutil.copy(DANA, folder)
    shutil.copy(SAM, folder)
    return folder


def test_answers_of_another_organisation_stop_the_run_naming_both_files(sample, tmp_path):
    folder = room(tmp_path / "room")
    stray = person(folder, "Kim", "HR", {"alpha": {"owner": 1}}, organisation="Other Ltd")
    plan = tmp_path / "plan.md"
    result = sample("assess", "-a", folder, "--plan", plan)
    assert result.exit_code == 2
    said = flat(result.stderr)
    assert "answers from two organisations" in said and str(stray) in said and "Other Ltd" in said
    assert "Traceback" not in result.stderr and not plan.exists()


def test_the_same_person_twice_stops_the_run(sample, tmp_path):
    folder = room(tmp_path / "room")
    shutil.copy(DANA, folder / "dana-again.yaml")
    result = sample("assess", "-a", folder)
    assert result.exit_code == 2
    assert "the same respondent twice" in flat(result.stderr) and "dana-again.yaml" in result.stderr


def test_identical_answers_under_another_name_count_as_a_copy(cli, tmp_path):
    """A copied file with the name changed; two people agreeing on a few questions is not one."""
    workshop = Path(__file__).parent.parent / "examples" / "workshop"
    folder = tmp_path / "room"
    shutil.copytree(workshop, folder)
    original = sorted(folder.glob("*.yaml"))[0]
    data = yaml.safe_load(original.read_text(encoding="utf-8"))
    data["respondent"] = {"name": "Someone Else", "role": "HR"}
    (folder / "copy.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    result = cli("assess", "-a", folder)
    assert result.exit_code == 2 and "identical answers" in flat(result.stderr)


def test_two_people_agreeing_on_a_few_questions_are_two_people(sample, tmp_path):
    folder = tmp_path / "room"
    folder.mkdir()
    person(folder, "Ann", "Operations", {"alpha": {"owner": 1, "checked": "no"}})
    person(folder, "Bob", "Operations", {"alpha": {"owner": 1, "checked": "no"}})
    result = sample("assess", "-a", folder, "--packs", "alpha", "-f", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["respondents"] == 2


def test_a_nearly_blank_file_is_left_out_and_named(sample, tmp_path):
    folder = room(tmp_path / "room")
    blank = person(folder, "Lee", "HR", {})
    result = sample("assess", "-a", folder, "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["respondents"] == 2 and "HR" not in data["roles"]
    note = f"{blank} left out: it answers 0% of the questions (under 20%)"
    assert note in flat(result.stderr) and note in data["notes"]
    plan = sample("assess", "-a", folder, "-f", "markdown").stdout
    assert "## About these answers" in plan and "lee.yaml left out" in plan
    kept = sample("assess", "-a", folder, "-f", "json", "--min-answered", "0")
    assert json.loads(kept.stdout)["respondents"] == 3


def test_roles_spelled_two_ways_merge_and_aliases_come_from_the_settings(sample, tmp_path):
    folder = tmp_path / "room"
    folder.mkdir()
    person(folder, "Ann", "Customer Service", {"alpha": {"owner": 1, "checked": "no"}})
    person(folder, "Bob", "customer  service", {"alpha": {"owner": 2, "checked": "no"}})
    person(folder, "Cy", "CS", {"alpha": {"owner": 3, "checked": "no"}})
    person(folder, "Di", "Customer Success", {"alpha": {"owner": 4, "checked": "yes"}})
    result = sample("assess", "-a", folder, "-f", "json", "--packs", "alpha", "--no-config")
    data = json.loads(result.stdout)
    assert data["roles"] == ["CS", "Customer Service", "Customer Success"]  # distinct names stay apart
    assert "roles 'customer  service' read as 'Customer Service'" in result.stderr
    settings = tmp_path / "cx.yaml"
    settings.write_text("roles: {CS: Customer Service}\n", encoding="utf-8")
    aliased = sample("assess", "-a", folder, "-f", "json", "--packs", "alpha", "--config", settings)
    assert json.loads(aliased.stdout)["roles"] == ["Customer Service", "Customer Success"]


def test_anonymous_names_nobody_and_folds_small_roles(sample, tmp_path):
    folder = tmp_path / "room"
    folder.mkdir()
    people = [("Annabel Quist", "Operations", 1), ("Bogdan Vale", "Operations", 2)]
    people += [("Cyrus Tamm", "Operations", 3), ("Dilys Prosser", "HR", 4)]
    for name, role, owner in people:
        answers = {"alpha": {"owner": owner, "checked": {"value": "no", "note": "handovers drop"}}}
        person(folder, name, role, answers)
    run = ("assess", "-a", folder, "--packs", "alpha", "--anonymous")
    data = json.loads(sample(*run, "-f", "json").stdout)
    assert data["roles"] == ["Operations", "other roles"]
    assert {p["name"] for p in data["respondent_list"]} == {None}
    texts = [json.dumps(data), sample(*run, "-f", "markdown").stdout, sample(*run, "-f", "html").stdout]
    texts.append(sample(*run).stdout)
    for text in texts:
        for name in ("Quist", "Vale", "Tamm", "Prosser", "annabel-quist.yaml", "HR"):
            assert name not in text, name
    assert "Who answered" not in texts[2] and "handovers drop" in texts[1]


def test_min_coverage_fails_a_run_whose_score_rests_on_too_few_answers(sample):
    failed = sample("assess", "-a", DANA, "--min-coverage", "90", "-q")
    assert failed.exit_code == 1
    assert (
        failed.stderr.strip() == "threshold failed: only 83.3% of the score is known, below the required 90%"
    )
    assert sample("assess", "-a", DANA, "--min-coverage", "80", "-q").exit_code == 0


def test_plan_size_caps_the_90_day_plan_and_the_rest_waits_in_the_backlog(cli, tmp_path):
    acme = Path(__file__).parent.parent / "examples" / "acme-retail.yaml"
    data = json.loads(cli("assess", "-a", acme, "-f", "json", "--plan-size", "6").stdout)
    assert len(data["actions"]) == 6 and data["backlog"]
    assert [a["horizon"] for a in data["actions"]] == ["now"] * 2 + ["next"] * 2 + ["later"] * 2
    wider = json.loads(cli("assess", "-a", acme, "-f", "json", "--plan-size", "12").stdout)
    assert [a["id"] for a in wider["actions"][:2]] == [a["id"] for a in data["actions"][:2]]
    bad = cli("assess", "-a", acme, "--plan-size", "0")
    assert bad.exit_code == 2 and "--plan-size" in bad.stderr
