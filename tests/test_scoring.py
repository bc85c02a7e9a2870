"""Scoring: exact figures on hand-checked packs, and properties over the real catalogue."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxcheck.answers import load_responses
from cxcheck.catalogue import load_catalogue
from cxcheck.model import (
    NOT_APPLICABLE,
    UNKNOWN,
    ChoiceQuestion,
    Given,
    NumberQuestion,
    Response,
    ScaleQuestion,
)
from cxcheck.scoring import (
    NEXT_CAPACITY,
    NOW_CAPACITY,
    action_priority,
    assess,
    assign_horizons,
    level_for,
    status_for,
)

from .conftest import SAMPLE_ANSWERS, SAMPLE_PACKS

SAMPLE = load_catalogue([SAMPLE_PACKS], builtin=False)
CATALOGUE = load_catalogue()


def sample_result(*names: str, **thresholds):
    responses = load_responses([SAMPLE_ANSWERS / n for n in names], SAMPLE)
    return assess(SAMPLE, responses, **thresholds)


def by_id(items):
    return {item.id: item for item in items}


# --- exact figures (worked out by hand in tests/data) -----------------------------------


def test_one_respondent_scores_each_pack_by_weighted_mean():
    result = sample_result("dana.yaml")
    packs = by_id(result.packs)
    # alpha: owner 3/4 (w1), checked partly (w1), 12 hours -> 0.5 (w3): (0.75 + 0.5 + 1.5) / 5
    assert packs["alpha"].score == 55.0
    # beta: channels "some" 0.5; surveyed "unknown" is left out of the mean
    assert packs["beta"].score == 50.0
    # overall: pack weights 2 and 1
    assert result.score == pytest.approx(53.3)
    assert (result.status, result.level) == ("at-risk", 3)


def test_unknown_is_a_knowledge_gap_not_a_zero():
    result = sample_result("dana.yaml")
    assert [(g.pack, g.question) for g in result.knowledge_gaps] == [("beta", "surveyed")]
    assert result.answered == 4 and result.asked == 5
    assert result.coverage == 0.8


def test_notes_and_answers_are_reported_as_given():
    questions = by_id(by_id(sample_result("dana.yaml").packs)["alpha"].questions)
    assert questions["reply-hours"].answer == "12 hours"
    assert questions["reply-hours"].note == "weekends are slow"
    assert questions["checked"].answer == "partly"


def test_several_respondents_average_and_flag_disagreement():
    result = sample_result("dana.yaml", "sam.json")
    packs = by_id(result.packs)
    alpha = by_id(packs["alpha"].questions)
    assert alpha["owner"].score == pytest.approx(0.875)
    assert alpha["owner"].spread == 0.25 and not alpha["owner"].disagreement
    assert alpha["reply-hours"].spread == 0.5 and alpha["reply-hours"].disagreement
    assert alpha["owner"].by_role == {"Marketing": 1.0, "Operations": 0.75}
    assert packs["alpha"].score == 77.5
    assert packs["alpha"].by_role == {"Marketing": 100.0, "Operations": 55.0}
    assert packs["alpha"].silo_signal == ["Marketing", "Operations"]
    # beta's second question: one "unknown", one "n/a": nothing to score
    assert packs["beta"].score == 75.0
    assert result.score == pytest.approx(76.7)
    assert result.respondents == 2 and result.roles == ["Marketing", "Operations"]


def test_thresholds_fail_overall_and_per_pack():
    result = sample_result("dana.yaml", fail_under=60, fail_pack={"beta": 50, "alpha": 56})
    assert not result.thresholds.passed
    failures = {(f.target, f.required, f.actual) for f in result.thresholds.failures}
    assert failures == {("overall", 60, 53.3), ("alpha", 56, 55.0)}


def test_thresholds_pass_when_met():
    assert sample_result("dana.yaml", fail_under=53, fail_pack={"beta": 50}).thresholds.passed


def test_actions_only_for_questions_below_full_marks_and_ranked():
    result = sample_result("dana.yaml", "sam.json")
    assert all(a.pack in {"alpha", "beta"} for a in result.actions)
    priorities = [a.priority for a in result.actions]
    assert priorities == sorted(priorities, reverse=True)
    # a perfect answer needs no action
    perfect = assess(SAMPLE, [Response(file="p", answers={"alpha": {"owner": Given(4, None)}})])
    assert not [a for a in perfect.actions if a.question == "owner"]


@pytest.mark.parametrize(
    ("score", "status", "level"),
    [
        (None, "unanswered", None),
        (0, "critical", 1),
        (19.9, "critical", 1),
        (20, "critical", 2),
        (49.9, "critical", 3),
        (50, "at-risk", 3),
        (74.9, "at-risk", 4),
        (75, "healthy", 4),
        (80, "healthy", 5),
        (100, "healthy", 5),
    ],
)
def test_status_bands_and_levels(score, status, level):
    assert status_for(score) == status
    assert level_for(score) == level


def test_priority_rises_with_gap_and_impact_and_falls_with_effort():
    base = action_priority(0.5, 1, 1, "medium", "medium")
    assert action_priority(0.9, 1, 1, "medium", "medium") > base
    assert action_priority(0.5, 1, 1, "high", "medium") > base
    assert action_priority(0.5, 1, 1, "medium", "high") < base
    assert action_priority(0.5, 2, 1, "medium", "medium") > base


def test_horizons_fill_to_capacity_and_keep_heavy_work_out_of_the_first_month():
    efforts = ["high", *["low"] * (NOW_CAPACITY + 2), *["medium"] * NEXT_CAPACITY]
    horizons = assign_horizons(efforts)
    assert horizons[0] == "next"  # high effort never starts in the first 30 days
    assert horizons.count("now") == NOW_CAPACITY
    assert horizons.count("next") == NEXT_CAPACITY
    assert horizons[-1] == "later"


def test_the_plan_puts_the_highest_priorities_first_in_time():
    actions = sample_result("dana.yaml", "sam.json").actions
    order = {"now": 0, "next": 1, "later": 2}
    quick = [a for a in actions if a.effort != "high"]
    assert [order[a.horizon] for a in quick] == sorted(order[a.horizon] for a in quick)


# --- properties over the real catalogue -------------------------------------------------

QUESTIONS = [(pack, q) for pack in CATALOGUE for q in pack.questions]


def scored_values(question):
    """Every answer a question can take, as canonical values."""
    if isinstance(question, ScaleQuestion):
        return list(range(len(question.levels)))
    if isinstance(question, ChoiceQuestion):
        return [o.label for o in question.options]
    if isinstance(question, NumberQuestion):
        edges = [b.max for b in question.bands if b.max is not None]
        return [*edges, edges[-1] + 1]
    return question.choices()


def answer_for(question):
    specials = [UNKNOWN] + ([NOT_APPLICABLE] if question.allow_na else [])
    return st.one_of(st.none(), st.sampled_from(scored_values(question) + specials))


@st.composite
def responses(draw, min_size=1, max_size=4):
    count = draw(st.integers(min_size, max_size))
    people = []
    for n in range(count):
        answers: dict = {}
        for pack, question in QUESTIONS:
            value = draw(answer_for(question))
            if value is not None:
                answers.setdefault(pack.id, {})[question.id] = Given(value, None)
        role = draw(st.sampled_from(["Leadership", "Marketing", "Operations", None]))
        people.append(Response(file=f"r{n}.yaml", role=role, answers=answers))
    return people


def scores(result):
    return result.score, [(p.id, p.score) for p in result.packs]


PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.slow
@PROPERTY
@given(responses())
def test_every_score_stays_within_0_and_100(people):
    result = assess(CATALOGUE, people)
    for value in [result.score, *(p.score for p in result.packs)]:
        assert value is None or 0 <= value <= 100
    assert 0 <= result.coverage <= 1


@pytest.mark.slow
@PROPERTY
@given(responses(), st.data())
def test_raising_one_answer_never_lowers_any_score(people, data):
    person = data.draw(st.sampled_from(people))
    pack, question = data.draw(st.sampled_from(QUESTIONS))
    given_now = person.answers.get(pack.id, {}).get(question.id)
    values = scored_values(question)
    if given_now is None or given_now.value in (UNKNOWN, NOT_APPLICABLE):
        return
    better = [v for v in values if question.score(v) >= question.score(given_now.value)]
    raised = data.draw(st.sampled_from(better))
    before = assess(CATALOGUE, people)
    person.answers[pack.id][question.id] = Given(raised, None)
    after = assess(CATALOGUE, people)
    assert (after.score or 0) >= (before.score or 0)
    for old, new in zip(before.packs, after.packs, strict=True):
        assert (new.score or 0) >= (old.score or 0), new.id


@pytest.mark.slow
@PROPERTY
@given(responses(), st.data())
def test_not_applicable_leaves_every_other_pack_unchanged(people, data):
    candidates = [(p, q) for p, q in QUESTIONS if q.allow_na]
    pack, question = data.draw(st.sampled_from(candidates))
    person = data.draw(st.sampled_from(people))
    before = assess(CATALOGUE, people)
    person.answers.setdefault(pack.id, {})[question.id] = Given(NOT_APPLICABLE, None)
    after = assess(CATALOGUE, people)
    for old, new in zip(before.packs, after.packs, strict=True):
        if new.id != pack.id:
            assert new.score == old.score


@PROPERTY
@given(responses(min_size=2), st.randoms())
def test_order_of_respondents_changes_nothing(people, random):
    shuffled = list(people)
    random.shuffle(shuffled)
    first, second = assess(CATALOGUE, people), assess(CATALOGUE, shuffled)
    assert scores(first) == scores(second)
    assert [(a.pack, a.question, a.text, a.priority) for a in first.actions] == [
        (a.pack, a.question, a.text, a.priority) for a in second.actions
    ]
    for p1, p2 in zip(first.packs, second.packs, strict=True):
        assert p1.by_role == p2.by_role and p1.silo_signal == p2.silo_signal
        assert [(q.score, q.spread, q.disagreement) for q in p1.questions] == [
            (q.score, q.spread, q.disagreement) for q in p2.questions
        ]
