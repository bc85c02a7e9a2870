"""Loading: packs and answers become models, and every problem names file, line and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxcheck.answers import answers_paths, load_responses
from cxcheck.catalogue import load_catalogue, load_pack_file, select_packs
from cxcheck.errors import BadInput
from cxcheck.io.resources import builtin_rules_dir
from cxcheck.io.writing import write_atomic
from cxcheck.model import NOT_APPLICABLE, UNKNOWN

from .conftest import SAMPLE_ANSWERS, SAMPLE_PACKS

SAMPLE = load_catalogue([SAMPLE_PACKS], builtin=False)

HEADER = "cxcheck: 1\norganisation: T\nanswers:\n"


def problems_of(call, *args):
    with pytest.raises(BadInput) as caught:
        call(*args)
    return caught.value.problems


def answers_file(tmp_path: Path, body: str, name: str = "a.yaml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def load(path: Path):
    return load_responses([path], SAMPLE)[0]


def test_builtin_packs_ship_inside_the_package():
    assert (builtin_rules_dir() / "silo-thinking.yaml").is_file()
    assert len(load_catalogue()) == 28


def test_values_of_every_type_are_read_canonically(tmp_path):
    path = answers_file(
        tmp_path,
        HEADER + "  alpha:\n    owner: 4\n    checked: no\n    reply-hours: 3.5\n"
        "  beta:\n    channels: ALL\n    surveyed: {value: yes, note: monthly}\n",
    )
    response = load(path)
    assert response.answers["alpha"]["owner"].value == 4
    assert response.answers["alpha"]["checked"].value == "no"  # YAML's boolean no
    assert response.answers["alpha"]["reply-hours"].value == 3.5
    assert response.answers["beta"]["channels"].value == "all"
    assert response.answers["beta"]["surveyed"][:2] == ("yes", "monthly")  # value and note; no evidence


def test_blank_values_are_unanswered_and_specials_are_kept(tmp_path):
    path = answers_file(
        tmp_path, HEADER + "  alpha:\n    owner:\n    checked: n/a\n  beta:\n    surveyed: unknown\n"
    )
    response = load(path)
    assert "owner" not in response.answers["alpha"]
    assert response.answers["alpha"]["checked"].value == NOT_APPLICABLE
    assert response.answers["beta"]["surveyed"].value == UNKNOWN


@pytest.mark.parametrize(
    ("body", "line", "says"),
    [
        ("  alpha:\n    owner: 7\n", 5, "a level from 0 to 4"),
        ("  alpha:\n    owner: n/a\n", 5, "a level from 0 to 4, unknown"),  # allow_na: false
        ("  alpha:\n    checked: maybe\n", 5, "yes, partly, no"),
        ("  alpha:\n    reply-hours: -3\n", 5, "a number of hours, 0 or more"),
        ("  beta:\n    channels: most\n", 5, "one of 'none', 'some', 'all'"),
        ("  alpha:\n    ownr: 2\n", 5, "one of owner, checked, reply-hours"),
        ("  gamma:\n    x: 1\n", 4, "one of alpha, beta"),
        ("  alpha:\n    owner: {value: 2, colour: red}\n", 5, "a value, and a note or evidence if wanted"),
    ],
)
def test_bad_answers_name_the_line_and_the_allowed_values(tmp_path, body, line, says):
    path = answers_file(tmp_path, HEADER + body)
    [problem] = problems_of(load, path)
    assert problem.file == str(path)
    assert problem.line == line
    assert says in str(problem)


def test_every_problem_in_a_file_is_reported_together(tmp_path):
    path = answers_file(
        tmp_path, HEADER + "  alpha:\n    owner: 9\n    checked: 3\n  beta:\n    channels: 8\n"
    )
    assert [p.line for p in problems_of(load, path)] == [5, 6, 8]


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("cxcheck: 1\nanswers: [1, 2\n", "invalid YAML"),
        ("cxcheck: 2\nanswers: {}\n", "unsupported answers format version"),
        ("- just\n- a list\n", "must be a mapping"),
        ("", "file is empty"),
        ("cxcheck: 1\norganization: typo\n", "unknown key 'organization'"),
        ("cxcheck: 1\ncxcheck: 1\n", "given twice"),
        ("cxcheck: 1\nanswers: !!python/object/apply:os.system [echo hi]\n", "tag is not allowed"),
        ("answers: {}\n", "missing required key 'cxcheck'"),
    ],
)
def test_malformed_answers_files_are_refused_clearly(tmp_path, body, says):
    path = answers_file(tmp_path, body)
    problems = problems_of(load, path)
    assert any(says in str(p) for p in problems), problems
    assert all(p.file == str(path) for p in problems)


def test_json_syntax_errors_name_line_and_column(tmp_path):
    path = answers_file(tmp_path, '{"cxcheck": 1,\n "answers": {,}}\n', "a.json")
    [problem] = problems_of(load, path)
    assert (problem.line, problem.column) == (2, 14)


def test_invalid_utf8_is_refused(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes(b"cxcheck: 1\norganisation: \xff\xfe\n")
    [problem] = problems_of(load, path)
    assert "not UTF-8" in str(problem) and problem.line == 2


def test_answers_paths_expand_folders_and_globs(tmp_path):
    assert answers_paths([str(SAMPLE_ANSWERS)]) == [SAMPLE_ANSWERS / "dana.yaml", SAMPLE_ANSWERS / "sam.json"]
    assert answers_paths([str(SAMPLE_ANSWERS / "*.json")]) == [SAMPLE_ANSWERS / "sam.json"]
    problems = problems_of(
        answers_paths, [str(tmp_path), str(tmp_path / "missing.yaml"), str(tmp_path / "*.yml")]
    )
    assert [p.message for p in problems] == [
        "no answers files in this folder",
        "file not found",
        "no files match this pattern",
    ]


def test_pack_errors_point_at_the_broken_line(tmp_path):
    text = (
        (SAMPLE_PACKS / "beta.yaml").read_text().replace("label: some, score: 0.5", "label: some, score: 5")
    )
    path = tmp_path / "beta.yaml"
    path.write_text(text)
    [problem] = problems_of(load_pack_file, path)
    assert problem.line == 13
    assert "questions[0].options[1].score" in problem.message and problem.expected == "at most 1"


def test_pack_id_must_match_file_name(tmp_path):
    path = tmp_path / "other.yaml"
    path.write_text((SAMPLE_PACKS / "beta.yaml").read_text())
    [problem] = problems_of(load_pack_file, path)
    assert problem.line == 1 and problem.expected == "'other'" and problem.found == "'beta'"


def test_pack_with_unknown_question_type_is_refused(tmp_path):
    path = tmp_path / "beta.yaml"
    path.write_text((SAMPLE_PACKS / "beta.yaml").read_text().replace("type: yes_no", "type: slider"))
    [problem] = problems_of(load_pack_file, path)
    assert problem.message == "questions[1].type: unknown type"
    assert problem.expected == "one of 'yes_no', 'scale', 'choice', 'number'" and problem.found == "'slider'"
    assert problem.line == 19


def test_selection_by_id_and_quick_profile():
    quick = select_packs(load_catalogue(), None, "quick")
    assert all(len(p.questions) == 1 and p.questions[0].key for p in quick)
    assert [p.id for p in select_packs(SAMPLE, ["beta"], "full")] == ["beta"]
    [problem] = problems_of(select_packs, SAMPLE, ["beta", "gamma"], "full")
    assert "unknown pack 'gamma'" in str(problem) and "alpha, beta" in str(problem)


def test_write_atomic_replaces_whole_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "out.md"
    target.write_text("old")
    write_atomic(target, "new")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]
    [problem] = problems_of(write_atomic, tmp_path / "missing" / "out.md", "x")
    assert "folder does not exist" in problem.message
