"""The 90-day plan: steps that fit where the organisation stands, in order, within the caps."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxcheck.catalogue import load_catalogue
from cxcheck.model import Given, Response
from cxcheck.planning import PER_OWNER_WINDOW, PER_PACK_NOW, PER_PACK_PLAN, WINDOWS, quadrant
from cxcheck.scoring import Options, assess

PLAN_PACKS = load_catalogue([Path(__file__).parent / "data" / "plan"], builtin=False)
CATALOGUE = load_catalogue()


def answers(**by_question: int) -> list[Response]:
    packs = {"owner": "ladder", "log": "ladder", "many": "spread"}
    given: dict = {}
    for question, rung in by_question.items():
        given.setdefault(packs[question], {})[question] = Given(rung, None)
    return [Response(file="a.yaml", answers=given)]


def planned(result) -> list[str]:
    return [a.id for a in result.actions]


def test_a_step_is_offered_only_within_its_range():
    at_rung_two = assess(PLAN_PACKS, answers(owner=1, log=4, many=4))
    assert "give-remit" in planned(at_rung_two)
    assert not {"name-owner", "start-forum", "review-forum"} & set(
        planned(at_rung_two) + [a.id for a in at_rung_two.backlog]
    )


def test_a_prerequisite_not_done_is_brought_in_first():
    # the log is at rung 2, so taking it to the forum needs the forum, which needs an owner;
    # one pitfall gets at most three steps in the plan, so the fourth waits first in the backlog
    result = assess(PLAN_PACKS, answers(owner=0, log=1, many=4))
    order = planned(result) + [a.id for a in result.backlog]
    assert order.index("name-owner") < order.index("start-forum") < order.index("log-to-forum")
    assert order.index("tag-log") < order.index("log-to-forum")
    step = next(a for a in result.actions + result.backlog if a.id == "log-to-forum")
    assert set(step.after) == {"start-forum", "tag-log"}


def test_a_prerequisite_whose_question_is_past_its_range_is_done():
    result = assess(PLAN_PACKS, answers(owner=3, log=1, many=4))
    assert "start-forum" not in planned(result)
    assert next(a for a in result.actions + result.backlog if a.id == "log-to-forum").after == ["tag-log"]


def test_the_caps_hold_and_the_rest_waits_in_the_backlog():
    result = assess(PLAN_PACKS, answers(owner=0, log=0, many=0), options=Options(plan_size=6))
    assert len(result.actions) <= 6
    now = [a for a in result.actions if a.horizon == "now"]
    assert Counter(a.pack for a in now).most_common(1)[0][1] <= PER_PACK_NOW
    assert all(a.effort != "high" for a in now)
    assert result.backlog and all(a.horizon == "backlog" for a in result.backlog)
    everything = planned(result) + [a.id for a in result.backlog]
    assert len(everything) == len(set(everything))


def test_when_is_the_latest_window_a_step_may_take():
    result = assess(PLAN_PACKS, answers(owner=4, log=2, many=4))
    automate = [a for a in result.actions if a.id == "automate-log"]
    assert automate and automate[0].horizon == "next"  # high effort: not now; when: next


def test_quadrants():
    assert quadrant("high", "low") == "Quick wins"
    assert quadrant("high", "high") == "Big bets"
    assert quadrant("medium", "low") == "Fill-ins"
    assert quadrant("low", "medium") == "Only if needed"


# --- properties over the real catalogue and the planner's packs ---------------------------

PACK_SETS = [CATALOGUE, PLAN_PACKS]


@st.composite
def assessment(draw):
    packs = draw(st.sampled_from(PACK_SETS))
    given: dict = {}
    for pack in packs:
        for question in pack.questions:
            scores = question.possible_scores()
            if question.type == "scale":
                value = draw(st.integers(0, len(question.levels) - 1))
            elif question.type == "choice":
                value = draw(st.sampled_from([o.label for o in question.options]))
            elif question.type == "yes_no":
                value = draw(st.sampled_from(question.choices()))
            else:
                edges = [b.max for b in question.bands if b.max is not None]
                value = draw(st.sampled_from([*edges, edges[-1] + 1]))
            assert scores
            given.setdefault(pack.id, {})[question.id] = Given(value, None)
    size = draw(st.integers(1, 30))
    return packs, [Response(file="a.yaml", answers=given)], size


PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(assessment())
def test_the_plan_keeps_its_rules(case):
    packs, people, size = case
    result = assess(packs, people, options=Options(plan_size=size))
    questions = {(p.id, q.id): q for p in result.packs for q in p.questions}
    actions = {a.id: a for p in packs for q in p.questions for a in q.actions}
    assert len(result.actions) <= size
    capacity = math.ceil(size / len(WINDOWS))
    position = {a.id: i for i, a in enumerate(result.actions)}
    for window in WINDOWS:
        in_window = [a for a in result.actions if a.horizon == window]
        assert len(in_window) <= capacity
        assert max(Counter(a.owner for a in in_window).values(), default=0) <= PER_OWNER_WINDOW
    now = [a for a in result.actions if a.horizon == "now"]
    assert max(Counter(a.pack for a in now).values(), default=0) <= PER_PACK_NOW
    assert max(Counter(a.pack for a in result.actions).values(), default=0) <= PER_PACK_PLAN
    assert all(a.effort != "high" for a in now)
    assert [WINDOWS.index(a.horizon) for a in result.actions] == sorted(
        WINDOWS.index(a.horizon) for a in result.actions
    )
    for item in result.actions:
        source = actions.get(item.id)
        if source is not None and source.when:
            assert WINDOWS.index(item.horizon) <= WINDOWS.index(source.when)
        for ref in item.after:
            assert ref in position and position[ref] < position[item.id], (ref, item.id)
        score = questions[(item.pack, item.question)].score
        # a step is either for where its question stands, or a prerequisite not yet done
        assert score is not None and score < (source.below if source else 1)


@PROPERTY
@given(assessment())
def test_best_answers_give_an_empty_plan(case):
    packs, _, size = case
    best: dict = {}
    for pack in packs:
        for question in pack.questions:
            if question.type == "scale":
                value = len(question.levels) - 1
            elif question.type == "choice":
                value = max(question.options, key=lambda o: o.score).label
            elif question.type == "yes_no":
                value = "yes"
            else:
                value = (
                    next(b.max for b in question.bands if b.score == 1)
                    if question.bands[0].score == 1
                    else 10**9
                )
            best.setdefault(pack.id, {})[question.id] = Given(value, None)
    result = assess(packs, [Response(file="b.yaml", answers=best)], options=Options(plan_size=size))
    assert result.actions == [] and result.backlog == []


@PROPERTY
@given(assessment(), st.data())
def test_raising_an_answer_never_adds_a_step_it_has_outgrown(case, data):
    """Raising an answer only ever offers the steps of the rung it now stands on: none whose
    range it has passed, and never one that the lower answer did not call for at that rung."""
    packs, people, size = case
    pack = data.draw(st.sampled_from(packs))
    question = data.draw(st.sampled_from(pack.questions))
    if question.type != "scale":
        return
    now = people[0].answers[pack.id][question.id].value
    higher = data.draw(st.integers(now, len(question.levels) - 1))
    people[0].answers[pack.id][question.id] = Given(higher, None)
    after = assess(packs, people, options=Options(plan_size=size))
    new_score = question.score(higher)
    ranges = {a.id: a for a in question.actions}
    for item in after.actions + after.backlog:
        if item.pack == pack.id and item.question == question.id and item.id in ranges:
            assert new_score < ranges[item.id].below, item.id
    if higher == len(question.levels) - 1:
        assert not [
            a for a in after.actions + after.backlog if a.pack == pack.id and a.question == question.id
        ]


@pytest.mark.parametrize("size", [1, 3, 5])
def test_plan_size_is_the_cap_when_more_steps_apply(size):
    result = assess(PLAN_PACKS, answers(owner=0, log=0, many=0), options=Options(plan_size=size))
    assert len(result.actions) == size
    assert len(result.backlog) >= 1


def test_a_step_that_cannot_start_by_its_when_waits_in_the_backlog():
    result = assess(PLAN_PACKS, answers(owner=0, log=0, many=0))
    assert "step-h" in [a.id for a in result.backlog]  # now is full; its `when` says now or never


def _pack_with_links(folder, links: dict[str, list[str]]) -> None:
    """A pack whose one question has an action per id, each coming after the ids given."""
    actions = "".join(
        f"      - {{id: {action}, title: Step {action}, text: Do {action}., owner: IT, after: {after}}}\n"
        for action, after in links.items()
    )
    (folder / "linked.yaml").write_text(
        "id: linked\ntitle: Linked\ntheme: journey\nsummary: s\nwhy: w\nquestions:\n"
        "  - id: q\n    text: Is it done?\n    type: yes_no\n    actions:\n" + actions,
        encoding="utf-8",
    )


@pytest.mark.parametrize(
    ("links", "says"),
    [
        ({"a": ["nowhere"]}, "linked.yaml:11:64: action 'a' comes after 'nowhere', which no pack defines"),
        ({"a": ["b"], "b": ["a"]}, "prerequisites go round in a circle: a -> b -> a"),
        ({"a": [], "b": ["a"], "c": ["c"]}, "prerequisites go round in a circle: c -> c"),
    ],
)
def test_unknown_prerequisites_and_cycles_are_pack_errors_with_their_line(cli, tmp_path, links, says):
    _pack_with_links(tmp_path, links)
    for args in (["packs", "validate", tmp_path], ["packs", "list", "--no-builtin", "--rules", tmp_path]):
        result = cli(*args)
        assert result.exit_code == 2 and says in " ".join(result.stderr.split()), result.stderr
        assert "Traceback" not in result.stderr
