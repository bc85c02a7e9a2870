"""Scoring: exact figures on hand-checked packs, and properties over the real catalogue."""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxcheck.answers import load_responses
from cxcheck.catalogue import load_catalogue
from cxcheck.ladder import RUNGS, stage_for, status_for, status_rank
from cxcheck.model import (
    NOT_APPLICABLE,
    UNKNOWN,
    ChoiceQuestion,
    Given,
    NumberQuestion,
    Response,
    ScaleQuestion,
)
from cxcheck.scoring import Options, assess

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
    assert (packs["alpha"].level, packs["alpha"].stage, packs["alpha"].status) == (
        3,
        "Established",
        "at-risk",
    )
    # beta: channels "some" 0.5; surveyed "unknown" counts 0 and halves what is known
    assert (packs["beta"].score, packs["beta"].known) == (25.0, 0.5)
    assert (packs["beta"].stage, packs["beta"].status) == ("Informal", "critical")
    # overall: pack weights 2 and 1
    assert result.score == pytest.approx(45.0)
    assert result.known == pytest.approx(0.8333, abs=1e-4)
    assert (result.status, result.level, result.stage) == ("at-risk", 3, "Established")


def test_unknown_is_a_knowledge_gap_and_counts_zero():
    result = sample_result("dana.yaml")
    assert [(g.pack, g.question, g.answered) for g in result.knowledge_gaps] == [("beta", "surveyed", 0)]
    assert result.answered == 4 and result.asked == 5
    assert result.coverage == 0.8
    assert [a.question for a in result.find_out] == ["surveyed"]


def test_notes_and_answers_are_reported_as_given():
    questions = by_id(by_id(sample_result("dana.yaml").packs)["alpha"].questions)
    assert questions["reply-hours"].answer == "12 hours"
    assert questions["reply-hours"].note == "weekends are slow"
    assert questions["checked"].answer == "partly"


def test_several_respondents_average_opinions_and_take_the_median_of_facts():
    result = sample_result("dana.yaml", "sam.json")
    packs = by_id(result.packs)
    alpha = by_id(packs["alpha"].questions)
    assert alpha["owner"].score == pytest.approx(0.875)
    assert alpha["owner"].spread == 0.25 and not alpha["owner"].disagreement
    # partly against yes is one step of a three-answer question: not divided
    assert not alpha["checked"].disagreement
    # a figure is a fact: the median, never "divided", and one band apart is consistent
    assert alpha["reply-hours"].fact and alpha["reply-hours"].figure_from == "median"
    assert not alpha["reply-hours"].disagreement and not alpha["reply-hours"].inconsistent
    assert alpha["owner"].by_role == {"Marketing": 1.0, "Operations": 0.75}
    assert "reply-hours" not in [q.id for q in packs["alpha"].questions if q.by_role]
    # two figures, 12 and 2 hours: the lower middle one (12 hours, 0.5) is a figure someone gave
    assert alpha["reply-hours"].score == 0.5
    assert packs["alpha"].score == 62.5
    assert packs["alpha"].by_role == {"Marketing": 100.0, "Operations": 62.5}
    # one person on each side is not a department: no silo signal
    assert packs["alpha"].silo_signal == []
    # beta's second question: Dana's "unknown" counts 0; Sam's "n/a" leaves Sam out
    assert (packs["beta"].score, packs["beta"].known) == (37.5, 0.5)
    assert result.score == pytest.approx(54.2)
    assert result.respondents == 2 and result.roles == ["Marketing", "Operations"]


def test_one_per_role_lets_one_person_each_signal_a_silo():
    responses = load_responses([SAMPLE_ANSWERS / n for n in ("dana.yaml", "sam.json")], SAMPLE)
    result = assess(SAMPLE, responses, options=Options(one_per_role=True))
    assert by_id(result.packs)["alpha"].silo_signal == ["Marketing", "Operations"]


def person(role, value, question="owner", pack="alpha", name=None):
    return Response(
        file=f"{role}-{name}.yaml", name=name, role=role, answers={pack: {question: Given(value, None)}}
    )


def test_a_fact_takes_its_owners_figure_and_reports_figures_bands_apart():
    alpha = SAMPLE[0]
    questions = [
        q.model_copy(update={"owner_role": "Customer Service"}) if q.id == "reply-hours" else q
        for q in alpha.questions
    ]
    pack = alpha.model_copy(update={"questions": questions})
    people = [
        person("Customer Service", 2, "reply-hours", name="Ana"),
        person("Marketing", 30, "reply-hours", name="Bo"),
        person("Marketing", 40, "reply-hours", name="Cy"),
    ]
    result = assess([pack], people)
    question = by_id(result.packs[0].questions)["reply-hours"]
    assert question.score == 1.0 and question.figure_from == "Customer Service"
    assert question.inconsistent and not question.disagreement
    [figure] = result.inconsistent_figures
    assert [(f.who, f.answer) for f in figure.figures] == [
        ("Ana", "2 hours"),
        ("Bo", "30 hours"),
        ("Cy", "40 hours"),
    ]
    assert "Customer Service" in figure.used


def test_divided_means_two_rungs_apart():
    one_apart = assess(SAMPLE, [person("A", 1, name="a"), person("B", 2, name="b")])
    two_apart = assess(SAMPLE, [person("A", 1, name="a"), person("B", 3, name="b")])
    assert not one_apart.disagreements
    assert [d.question for d in two_apart.disagreements] == ["owner"]


def test_a_pack_nobody_answered_is_insufficient_not_left_out():
    result = assess(SAMPLE, [person("A", 4)])
    beta = by_id(result.packs)["beta"]
    assert (beta.score, beta.known, beta.status, beta.level) == (0.0, 0.0, "insufficient", None)
    assert result.score is not None and result.score < 100


def test_thresholds_fail_overall_and_per_pack():
    result = sample_result("dana.yaml", fail_under=50, fail_pack={"beta": 20, "alpha": 56})
    assert not result.thresholds.passed
    failures = {(f.target, f.required, f.actual) for f in result.thresholds.failures}
    assert failures == {("overall", 50, 45.0), ("alpha", 56, 55.0)}


def test_thresholds_pass_when_met():
    assert sample_result("dana.yaml", fail_under=45, fail_pack={"beta": 25}).thresholds.passed


def test_min_coverage_fails_when_too_little_is_known():
    responses = load_responses([SAMPLE_ANSWERS / "dana.yaml"], SAMPLE)
    failing = assess(SAMPLE, responses, options=Options(min_coverage=90))
    [failure] = failing.thresholds.failures
    assert (failure.kind, failure.actual) == ("coverage", 83.3)
    assert "83.3% of the score is known" in failure.describe()
    assert assess(SAMPLE, responses, options=Options(min_coverage=80)).thresholds.passed


def test_a_perfect_answer_needs_no_action():
    perfect = assess(SAMPLE, [Response(file="p", answers={"alpha": {"owner": Given(4, None)}})])
    assert not [a for a in perfect.actions + perfect.backlog if a.question == "owner"]


@pytest.mark.parametrize(
    ("score", "known", "status", "level", "stage"),
    [
        (None, 1.0, "insufficient", None, None),
        (90, 0.49, "insufficient", None, None),
        (0, 1.0, "critical", 1, "Absent"),
        (12.4, 1.0, "critical", 1, "Absent"),
        (12.5, 1.0, "critical", 2, "Informal"),
        (37.4, 1.0, "critical", 2, "Informal"),
        (37.5, 0.5, "at-risk", 3, "Established"),
        (62.4, 1.0, "at-risk", 3, "Established"),
        (62.5, 1.0, "healthy", 4, "Measured"),
        (87.5, 1.0, "healthy", 5, "Self-correcting"),
        (100, 1.0, "healthy", 5, "Self-correcting"),
    ],
)
def test_one_ladder_status_groups_stages(score, known, status, level, stage):
    assert status_for(score, known) == status
    if level is not None:
        assert (stage_for(score).level, stage_for(score).name, stage_for(score).status) == (
            level,
            stage,
            status,
        )


def test_a_rung_scores_its_own_stage_whatever_the_scale_length():
    """Rung i of a five-rung scale is stage i; a four-rung scale's ends are stages 1 and 5."""
    for rung, score in enumerate(RUNGS, start=1):
        assert stage_for(100 * score).level == rung
    assert [stage_for(100 * i / 3).level for i in range(4)] == [1, 2, 4, 5]


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
    assert [(a.id, a.horizon) for a in first.actions] == [(a.id, a.horizon) for a in second.actions]
    for p1, p2 in zip(first.packs, second.packs, strict=True):
        assert p1.by_role == p2.by_role and p1.silo_signal == p2.silo_signal
        assert [(q.score, q.spread, q.disagreement) for q in p1.questions] == [
            (q.score, q.spread, q.disagreement) for q in p2.questions
        ]


def withheld(people, data):
    """The same answers with one scored answer replaced by 'unknown' or left blank."""
    scored = [
        (person, pack_id, question_id)
        for person in people
        for pack_id, answers in person.answers.items()
        for question_id, given in answers.items()
        if given.value not in (UNKNOWN, NOT_APPLICABLE)
    ]
    if not scored:
        return None
    person, pack_id, question_id = data.draw(st.sampled_from(scored))
    blank = data.draw(st.booleans())
    changed = copy.deepcopy(people)
    target = next(p for p in changed if p.file == person.file)
    if blank:
        del target.answers[pack_id][question_id]
    else:
        target.answers[pack_id][question_id] = Given(UNKNOWN, None)
    return changed


@PROPERTY
@given(responses(), st.data(), st.floats(0, 100), st.floats(0, 100))
def test_withholding_an_answer_never_helps(people, data, fail_under, min_coverage):
    """Unknown or blank never improves a score, a status, a stage, or a gate's outcome."""
    changed = withheld(people, data)
    if changed is None:
        return
    gates = {"fail_under": fail_under, "options": Options(min_coverage=min_coverage)}
    before, after = assess(CATALOGUE, people, **gates), assess(CATALOGUE, changed, **gates)
    assert (after.score or 0) <= (before.score or 0)
    assert status_rank(after.status) <= status_rank(before.status)
    assert (after.level or 0) <= (before.level or 0) or after.status == "insufficient"
    assert after.thresholds.passed <= before.thresholds.passed
    for old, new in zip(before.packs, after.packs, strict=True):
        assert (new.score or 0) <= (old.score or 0), new.id
        assert status_rank(new.status) <= status_rank(old.status), new.id
