"""Workshops: one answers file per participant, aggregated, with where the roles disagree.

The figures are checked against each participant scored on their own, so the aggregation is
tested against an independent computation rather than against itself.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics

import pytest
import yaml

from cxcheck.catalogue import load_catalogue
from tests.conftest import EXAMPLES, SAMPLE_ANSWERS

CATALOGUE = {pack.id: pack for pack in load_catalogue()}

WORKSHOP = EXAMPLES / "workshop"
PEOPLE = sorted(WORKSHOP.glob("*.yaml"))
ROLES = ["Customer Service", "HR", "Leadership", "Marketing", "Operations"]


@pytest.fixture(scope="module")
def room() -> dict:
    from typer.testing import CliRunner

    from cxcheck.cli import app

    outcome = CliRunner().invoke(app, ["assess", "--answers", str(WORKSHOP), "--format", "json"])
    assert outcome.exit_code == 0, outcome.output
    return json.loads(outcome.stdout)


@pytest.fixture(scope="module")
def one_per_role() -> dict:
    from typer.testing import CliRunner

    from cxcheck.cli import app

    args = ["assess", "--answers", str(WORKSHOP), "--format", "json", "--one-per-role"]
    outcome = CliRunner().invoke(app, args)
    assert outcome.exit_code == 0, outcome.output
    return json.loads(outcome.stdout)


@pytest.fixture(scope="module")
def alone() -> dict[str, tuple[str, dict]]:
    """Each participant scored on their own: file stem -> (role, result)."""
    from typer.testing import CliRunner

    from cxcheck.cli import app

    results = {}
    for path in PEOPLE:
        outcome = CliRunner().invoke(app, ["assess", "--answers", str(path), "--format", "json"])
        assert outcome.exit_code == 0, outcome.output
        role = yaml.safe_load(path.read_text(encoding="utf-8"))["respondent"]["role"]
        results[path.stem] = (role, json.loads(outcome.stdout))
    return results


def by_id(items: list[dict]) -> dict[str, dict]:
    return {item["id"]: item for item in items}


def own_question(result: dict, pack_id: str, question_id: str) -> dict:
    return by_id(by_id(result["packs"])[pack_id]["questions"])[question_id]


def test_the_workshop_is_eight_people_in_five_roles_answering_everything(room):
    assert len(PEOPLE) == 8
    assert room["organisation"] == "Harbour & Finch Outdoor"
    assert room["respondents"] == 8 and room["roles"] == ROLES
    sizes = {role: [p["role"] for p in room["respondent_list"]].count(role) for role in ROLES}
    assert sizes == {"Customer Service": 2, "HR": 1, "Leadership": 2, "Marketing": 1, "Operations": 2}
    assert room["coverage"] == 1.0
    assert room["status"] == "critical" and 20 <= room["score"] <= 40


def role_scores(alone, pack_id: str, question_id: str) -> dict[str, list[float]]:
    """Each role's people's own scores for one question (n/a left out; unknown scores 0)."""
    scores: dict[str, list[float]] = {}
    for role, result in alone.values():
        own = own_question(result, pack_id, question_id)
        if own["not_applicable"] == 0:
            scores.setdefault(role, []).append(own["score"])
    return scores


def test_each_role_column_is_its_people_scored_alone_on_the_opinion_questions(room, alone):
    """Facts are not a department's view: a role's column leaves them out (they are checked
    for consistency instead), averages its people and weighs questions as the pack does."""
    for pack in room["packs"]:
        weights = {q.id: q.weight for q in CATALOGUE[pack["id"]].questions}
        for role in ROLES:
            mine = []
            for question in pack["questions"]:
                people = role_scores(alone, pack["id"], question["id"]).get(role)
                if not question["fact"] and people:
                    mine.append((statistics.fmean(people), weights[question["id"]]))
            expected = round(100 * sum(s * w for s, w in mine) / sum(w for _, w in mine), 1)
            assert pack["by_role"][role] == pytest.approx(expected, abs=0.05), (pack["id"], role)


def test_opinions_are_the_mean_with_unknown_as_zero_and_facts_come_from_their_owner(room, alone):
    for pack in room["packs"]:
        for question in pack["questions"]:
            where = f"{pack['id']}/{question['id']}"
            by_role = role_scores(alone, pack["id"], question["id"])
            everyone = [score for scores in by_role.values() for score in scores]
            answered = [
                own["score"]
                for _, result in alone.values()
                if (own := own_question(result, pack["id"], question["id"]))["answered"]
            ]
            if not everyone:  # everyone said n/a (the organisation has no chatbot)
                assert question["score"] is None and question["not_applicable"] == 8, where
                continue
            owner = CATALOGUE[pack["id"]].question(question["id"]).owner_role
            if question["fact"] and owner in by_role:
                assert question["figure_from"] == owner, where
                expected = statistics.median_low(by_role[owner])
            elif question["fact"]:
                assert question["figure_from"] == "median", where
                expected = statistics.median_low(everyone)
            else:
                expected = statistics.fmean(everyone)
                means = {role: statistics.fmean(scores) for role, scores in by_role.items()}
                assert question["by_role"] == pytest.approx(means, abs=1e-4), where
            assert question["score"] == pytest.approx(expected, abs=1e-4), where
            spread = max(answered) - min(answered) if answered else None
            assert question["spread"] == (None if spread is None else pytest.approx(spread, abs=1e-4)), where
            assert question["known"] == pytest.approx(len(answered) / len(everyone), abs=1e-4), where


def expected_silos(result: dict, sizes: dict[str, int], least: int) -> dict[str, list[str]]:
    silos = {}
    for pack in result["packs"]:
        scores = pack["by_role"]
        high, low = max(scores, key=scores.get), min(scores, key=scores.get)
        assert pack["role_gap"] == pytest.approx(scores[high] - scores[low], abs=0.05)
        if round(scores[high] - scores[low], 1) >= 25 and min(sizes[high], sizes[low]) >= least:
            silos[pack["id"]] = [high, low]
    return silos


def test_silo_signals_need_two_people_at_each_end_unless_the_workshop_is_one_per_role(room, one_per_role):
    """Two people disagreeing is not two departments disagreeing."""
    sizes = {role: [p["role"] for p in room["respondent_list"]].count(role) for role in ROLES}
    found = {p["id"]: p["silo_signal"] for p in room["packs"] if p["silo_signal"]}
    assert found == expected_silos(room, sizes, least=2)
    everywhere = {p["id"]: p["silo_signal"] for p in one_per_role["packs"] if p["silo_signal"]}
    assert everywhere == expected_silos(one_per_role, sizes, least=1)
    assert set(found) < set(everywhere)  # some wide gaps rest on HR or Marketing alone
    assert any("run with --one-per-role" in note for note in room["notes"])
    assert not any("--one-per-role" in note for note in one_per_role["notes"])
    # the story of the example: leadership sees its own packs far more kindly than the front line
    assert found["lip-service-leadership"] == ["Leadership", "Customer Service"]
    assert found["silo-thinking"] == ["Leadership", "Customer Service"]


def test_divided_questions_are_listed_most_divided_first(room):
    divided = {(p["id"], q["id"]) for p in room["packs"] for q in p["questions"] if q["disagreement"]}
    listed = room["disagreements"]
    assert {(d["pack"], d["question"]) for d in listed} == divided
    assert 20 <= len(divided) <= 45
    keys = [(d["spread"], d["role_gap"]) for d in listed]
    assert keys == sorted(keys, reverse=True)


def test_notes_say_who_wrote_them(room):
    question = by_id(by_id(room["packs"])["complacency"]["questions"])["plan-last-revised"]
    writers = {(n["name"], n["role"]) for n in question["notes"]}
    assert writers == {("Eleanor Marsh", "Leadership"), ("Owen Pryce", "Leadership")}
    assert "Owen Pryce: " in question["note"] and "Eleanor Marsh: " in question["note"]


def test_a_respondent_without_a_role_is_a_column_of_its_own(sample, tmp_path):
    anonymous = yaml.safe_load((SAMPLE_ANSWERS / "dana.yaml").read_text(encoding="utf-8"))
    del anonymous["respondent"]
    (tmp_path / "anon.yaml").write_text(yaml.safe_dump(anonymous), encoding="utf-8")
    outcome = sample(
        "assess", "--answers", SAMPLE_ANSWERS / "sam.json", tmp_path / "anon.yaml", "--format", "json"
    )
    result = json.loads(outcome.stdout)
    assert result["roles"] == ["Marketing", "unspecified"]
    assert set(result["packs"][0]["by_role"]) == {"Marketing", "unspecified"}


def test_scorecard_shows_the_heatmap_silos_and_disagreements_at_80_columns_without_colour(
    run_installed, one_per_role
):
    outcome = run_installed(
        "assess", "--answers", WORKSHOP, "--one-per-role", env={"COLUMNS": "80", "NO_COLOR": "1"}
    )
    assert outcome.returncode == 0, outcome.stderr
    text = outcome.stdout
    assert "\x1b[" not in text
    assert max(len(line) for line in text.splitlines()) <= 80
    heatmap = text[text.index("Scores by role") : text.index("Silo signals")]
    for role in ["HR", "Leadership", "Marketing", "Operations", "Customer", "Service"]:
        assert role in heatmap
    # numbers, not only colour: the lip-service row carries every role's score and the silo flag
    pack = by_id(one_per_role["packs"])["lip-service-leadership"]
    row = next(line for line in heatmap.splitlines() if line.startswith("Lip-service leadership"))
    expected = [f"{pack['by_role'][role]:.1f}" for role in ROLES] + [f"{pack['role_gap']:.1f}"]
    assert sorted(re.findall(r"\d+\.\d", row)) == sorted(expected)
    assert row.rstrip().endswith("⚑")
    silos = [p for p in one_per_role["packs"] if p["silo_signal"]]
    assert f"Silo signals ({len(silos)})" in text
    high, low = pack["silo_signal"]
    assert f"Lip-service leadership: {high} {pack['by_role'][high]:.1f} vs {low}" in " ".join(text.split())
    assert re.search(r"Where you disagree \(\d+ divided questions\)", text)


def test_heatmap_cells_are_coloured_by_status_in_a_terminal(room):
    from rich.console import Console

    from cxcheck.model import Result
    from cxcheck.render.scorecard import role_heatmap

    console = Console(record=True, width=120, color_system="standard", force_terminal=True)
    console.print(role_heatmap(Result.model_validate(room)))
    styled = console.export_text(styles=True)
    row = next(line for line in styled.splitlines() if "Lip-service" in line)
    assert "\x1b[30;42m" in row and "\x1b[37;41m" in row  # healthy (93.4) and critical cells


def test_one_respondent_gets_no_workshop_sections(sample):
    text = sample("assess", "--answers", SAMPLE_ANSWERS / "dana.yaml").stdout
    assert "Scores by role" not in text and "Where you disagree" not in text


def test_one_bad_file_among_many_stops_the_run_naming_it_and_writes_nothing(cli, tmp_path):
    room = tmp_path / "room"
    shutil.copytree(WORKSHOP, room)
    bad = room / "mei-chen.yaml"
    bad.write_text(re.sub(r"training-impact: \d", "training-impact: 9", bad.read_text(encoding="utf-8")))
    outcome = cli(
        "assess",
        "--answers",
        room,
        "--format",
        "html",
        "--output",
        tmp_path / "r.html",
        "--plan",
        tmp_path / "p.md",
    )
    assert outcome.exit_code == 2
    assert "mei-chen.yaml" in outcome.stderr and "box-ticking-training/training-impact" in outcome.stderr
    assert "ravi-patel.yaml" not in outcome.stderr
    assert "Traceback" not in outcome.stderr
    assert not (tmp_path / "r.html").exists() and not (tmp_path / "p.md").exists()


def test_readme_shows_what_the_workshop_example_really_prints(run_installed):
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Workshops") :]
    excerpt = re.search(r"```text\n(.*?)```", section, re.S).group(1)
    printed = {line.rstrip() for line in run_installed("assess", "--answers", WORKSHOP).stdout.splitlines()}
    missing = [line for line in excerpt.splitlines() if line.strip() and line.rstrip() not in printed]
    assert not missing, missing


def test_eight_roles_still_fit_80_columns_with_every_gap_shown(run_installed, tmp_path):
    roles = ["Leadership", "Marketing", "Operations", "Customer Service", "HR", "Finance and Procurement"]
    roles += ["IT", "Store Managers"]
    for number, role in enumerate(roles):
        for person in PEOPLE:
            data = yaml.safe_load(person.read_text(encoding="utf-8"))
            data["respondent"] = {"name": f"{person.stem} {number}", "role": role}
            first_pack = next(iter(data["answers"].values()))
            question, answer = next(iter(first_pack.items()))
            value = answer["value"] if isinstance(answer, dict) else answer
            first_pack[question] = {"value": value, "note": f"copy {number}"}  # each file its own person
            (tmp_path / f"{number}-{person.name}").write_text(yaml.safe_dump(data), encoding="utf-8")
    outcome = run_installed("assess", "--answers", tmp_path, env={"COLUMNS": "80"})
    assert outcome.returncode == 0, outcome.stderr
    assert max(len(line) for line in outcome.stdout.splitlines()) <= 80
    heatmap = outcome.stdout[outcome.stdout.index("Scores by role") : outcome.stdout.index("⚑ silo signal")]
    assert "Gap" in heatmap
    rows = re.findall(r"(?m)(?:\d+\.\d +){8}\d+\.\d *$", heatmap)
    assert len(rows) == len(load_catalogue())
