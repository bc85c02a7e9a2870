"""The built-in catalogue held to the bar in CONTENT.md, its generated document, and the examples.

The catalogue is the product: these tests fail when a pack falls short of the bar (question
count, one key question, a counted fact, anchored scales, enough actions with known owners,
sources and KPIs), when two questions say nearly the same thing, when a pack copies a phrase
from the articles it draws on, when docs/catalogue.md no longer matches the packs, or when an
example answers file stops telling its story.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import itertools
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from cxcheck.catalogue import load_catalogue, load_pack_file, select_packs
from cxcheck.cli import app
from cxcheck.ladder import RUNGS
from cxcheck.model import Pack
from cxcheck.render.catalogue_doc import THEME_ORDER, catalogue_markdown
from cxcheck.render.templating import markdown_text

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"
DOCS = ROOT / "docs" / "catalogue.md"
EXAMPLES = ROOT / "examples"
DATA = Path(__file__).parent / "data" / "catalogue"
# CI checks out the project with the shared brief beside it; elsewhere the list below stands alone.
CONTENT_MD = ROOT.parent / "shared" / "CONTENT.md"
REGENERATE = "cxcheck packs docs -o docs/catalogue.md"

# The map in CONTENT.md: pack id -> (theme, the articles it is drawn from).
CONTENT_PACKS: dict[str, tuple[str, frozenset[str]]] = {
    "silo-thinking": ("leadership", frozenset({"002"})),
    "lip-service-leadership": ("leadership", frozenset({"002", "003"})),
    "complacency": ("leadership", frozenset({"001"})),
    "not-listening": ("insight", frozenset({"000"})),
    "not-measuring": ("insight", frozenset({"000", "003"})),
    "satisfaction-not-experience": ("insight", frozenset({"002"})),
    "all-customers-equal": ("insight", frozenset({"002"})),
    "ignoring-expectations": ("insight", frozenset({"003"})),
    "inconsistency": ("journey", frozenset({"000"})),
    "all-touchpoints-equal": ("journey", frozenset({"002"})),
    "friction-and-handoffs": ("journey", frozenset({"001"})),
    "slow-service": ("journey", frozenset({"001"})),
    "ignoring-partners": ("journey", frozenset({"001"})),
    "failing-at-scale": ("journey", frozenset({"003"})),
    "neglected-employees": ("people", frozenset({"000"})),
    "box-ticking-training": ("people", frozenset({"002"})),
    "no-frontline-autonomy": ("people", frozenset({"003"})),
    "no-personalization": ("relationship", frozenset({"000"})),
    "poor-communication": ("relationship", frozenset({"000"})),
    "failing-to-engage": ("relationship", frozenset({"001"})),
    "failure-to-innovate": ("change", frozenset({"000"})),
    "technology-in-charge": ("change", frozenset({"002"})),
}
# Packs beyond the articles (CONTENT.md, round 2): each cites the standard or practice it follows.
NEW_PACKS: dict[str, str] = {
    "no-cx-strategy": "leadership",
    "unskilled-cx-team": "people",
    "ignoring-churn": "insight",
    "firefighting": "journey",
    "poor-service-recovery": "relationship",
    "excluding-vulnerable-customers": "relationship",
}
# Actions other packs may name in `after`, and the pack that owns each.
ANCHORS = {
    "write-cx-strategy": "no-cx-strategy",
    "appoint-cx-owner": "silo-thinking",
    "set-up-cx-forum": "silo-thinking",
    "map-customer-journeys": "all-touchpoints-equal",
    "identify-priority-customers": "all-customers-equal",
    "set-service-standards": "inconsistency",
    "start-feedback-log": "not-listening",
    "build-cx-scorecard": "not-measuring",
}
THEMES = ("leadership", "insight", "journey", "people", "relationship", "change")
OWNERS = frozenset(
    {"Leadership", "Marketing", "Operations", "HR", "Customer Service", "Data & Insight", "IT", "Finance"}
)
# Words that belong to one sector: a question using them must let others answer n/a.
SECTOR_WORDS = re.compile(
    r"\b(purchas\w*|sales?|stores?|shops?|launch\w*|profit\w*|bonus\w*|commission\w*)\b", re.I
)
ABSOLUTES = re.compile(r"\b(always|every|all)\b", re.I)
SENTINEL = re.compile(r"\benter (0|99|999|365)\b|\b(99|999)\b", re.I)
TIMING = re.compile(
    r"\b(this|next) (week|month|quarter)\b|\bwithin (\d+|a|one|two|three|six) (days?|weeks?|months?)\b"
    r"|\bin (the next )?\d+ days\b",
    re.I,
)
COUNTED_TYPES = ("number", "choice")

runner = CliRunner()
PACK_FILES = sorted(RULES.glob("*.yaml"))


@functools.cache
def pack_at(path: Path) -> Pack:
    return load_pack_file(path)


@functools.cache
def catalogue() -> list[Pack]:
    return load_catalogue()


# --- the bar each pack must meet ---------------------------------------------------------
# Each check returns what is wrong with a pack, in words a content writer can act on.


def _question_count(pack: Pack) -> list[str]:
    count = len(pack.questions)
    return [] if 3 <= count <= 6 else [f"has {count} questions, expected 3 to 6"]


def _one_key_question(pack: Pack) -> list[str]:
    keys = [q.id for q in pack.questions if q.key]
    if len(keys) == 1:
        return []
    return [f"has {len(keys)} key questions ({', '.join(keys) or 'none'}), expected exactly one"]


def _counted_fact(pack: Pack) -> list[str]:
    if any(q.type in COUNTED_TYPES for q in pack.questions):
        return []
    return ["has no number or choice question counting a fact"]


def _scale_levels(pack: Pack) -> list[str]:
    return [
        f"{q.id}: a scale of {len(q.levels)} levels, expected 5 (one a stage of the ladder)"
        for q in pack.questions
        if q.type == "scale" and len(q.levels) != 5
    ]


def _scores_on_rungs(pack: Pack) -> list[str]:
    return [
        f"{q.id}: scores {', '.join(f'{x:g}' for x in sorted(off))} are off the ladder's rungs "
        f"({', '.join(f'{r:g}' for r in RUNGS)})"
        for q in pack.questions
        if (off := set(q.possible_scores()) - set(RUNGS))
    ]


def _neutral_heading(pack: Pack) -> list[str]:
    if not pack.heading:
        return ["has no neutral heading for respondents"]
    if pack.title.lower() in pack.heading.lower():
        return [f"heading {pack.heading!r} names the pitfall; respondents should see a neutral one"]
    return []


def _version_stated(pack: Pack) -> list[str]:
    return [] if "version" in pack.model_fields_set else ["states no version"]


def _no_sentinels(pack: Pack) -> list[str]:
    return [
        f"{q.id}: a sentinel number in its wording; give a word answer (`words:`) instead"
        for q in pack.questions
        if q.type == "number" and SENTINEL.search(f"{q.text} {q.help or ''}")
    ]


def _shares_capped(pack: Pack) -> list[str]:
    return [
        f"{q.id}: a percentage needs max: 100"
        for q in pack.questions
        if q.type == "number" and q.unit.strip().lower() in ("%", "per cent", "percent") and q.max != 100
    ]


def _facts_owned(pack: Pack) -> list[str]:
    return [
        f"{q.id}: a fact needs owner_role, one of {', '.join(sorted(OWNERS))}"
        for q in pack.questions
        if (q.is_fact() or q.owner_role) and q.owner_role not in OWNERS
    ]


def _no_absolutes_in_yes_no(pack: Pack) -> list[str]:
    return [
        f"{q.id}: 'always', 'every' or 'all' in a yes/no question nobody can honestly answer yes to"
        for q in pack.questions
        if q.type == "yes_no" and ABSOLUTES.search(q.text)
    ]


def _sector_words_allow_na(pack: Pack) -> list[str]:
    return [
        f"{q.id}: {found.group(0)!r} fits one sector; allow n/a for the others"
        for q in pack.questions
        if (found := SECTOR_WORDS.search(q.text)) and not q.allow_na
    ]


def _actions_named(pack: Pack) -> list[str]:
    return [
        f"{q.id}: action {a.text[:40]!r} needs an id and a title"
        for q in pack.questions
        for a in q.actions
        if not (a.id and a.title)
    ]


def _no_timing_prose(pack: Pack) -> list[str]:
    return [
        f"{a.id or q.id}: {found.group(0)!r} in the text; the plan decides when"
        for q in pack.questions
        for a in q.actions
        if (found := TIMING.search(a.text))
    ]


def _next_step_at_every_rung(pack: Pack) -> list[str]:
    """Wherever a question stands below the top, the plan can offer the step to the next rung."""
    problems = []
    for q in pack.questions:
        top = max(q.possible_scores())
        bare = [
            s
            for s in sorted(set(q.possible_scores()))
            if s < top and not any(a.applies_to(s) for a in q.actions)
        ]
        if bare:
            problems.append(f"{q.id}: no action for a score of {', '.join(f'{s:g}' for s in bare)}")
    return problems


def _actions_per_question(pack: Pack) -> list[str]:
    return [
        f"{q.id}: {len(q.actions)} action(s), expected at least 2"
        for q in pack.questions
        if len(q.actions) < 2
    ]


def _action_owners(pack: Pack) -> list[str]:
    return [
        f"{q.id}: action owner {a.owner!r} is not one of {', '.join(sorted(OWNERS))}"
        for q in pack.questions
        for a in q.actions
        if a.owner not in OWNERS
    ]


def _theme(pack: Pack) -> list[str]:
    return [] if pack.theme in THEMES else [f"theme {pack.theme!r} is not one of {', '.join(THEMES)}"]


def _sources(pack: Pack) -> list[str]:
    """Seed packs cite the article and item; packs beyond the articles cite a standard or practice."""
    if not pack.sources:
        return ["names no sources"]
    if pack.id in NEW_PACKS:  # a standard or practice needs only its title; an article, its item too
        return [
            f"source {s.title!r} cites an article but not its item"
            for s in pack.sources
            if s.article and not s.item
        ]
    return [
        f"source {s.title!r} needs both the article id and the item it draws on"
        for s in pack.sources
        if not (s.article and s.item)
    ]


def _kpis(pack: Pack) -> list[str]:
    return [] if pack.kpis else ["lists no KPIs to watch"]


BAR: dict[str, Callable[[Pack], list[str]]] = {
    "3 to 6 questions": _question_count,
    "one key question": _one_key_question,
    "a counted fact": _counted_fact,
    "scales of 5 levels": _scale_levels,
    "scores on the rungs": _scores_on_rungs,
    "a neutral heading": _neutral_heading,
    "a stated version": _version_stated,
    "no sentinel numbers": _no_sentinels,
    "percentages capped at 100": _shares_capped,
    "facts have an owner": _facts_owned,
    "no absolutes in yes/no": _no_absolutes_in_yes_no,
    "sector words allow n/a": _sector_words_allow_na,
    "actions have ids and titles": _actions_named,
    "no timing in action text": _no_timing_prose,
    "a next step at every rung": _next_step_at_every_rung,
    "2 or more actions a question": _actions_per_question,
    "owners from the list": _action_owners,
    "one of the six themes": _theme,
    "sources": _sources,
    "kpis": _kpis,
}


@pytest.mark.parametrize("path", PACK_FILES, ids=lambda p: p.stem)
def test_every_pack_file_validates(path: Path) -> None:
    assert pack_at(path).id == path.stem


def test_packs_validate_accepts_the_whole_rules_folder() -> None:
    outcome = runner.invoke(app, ["packs", "validate", str(RULES)])
    assert outcome.exit_code == 0, outcome.output


@pytest.mark.parametrize("rule", BAR)
@pytest.mark.parametrize("path", PACK_FILES, ids=lambda p: p.stem)
def test_pack_meets_the_bar(path: Path, rule: str) -> None:
    problems = BAR[rule](pack_at(path))
    assert not problems, f"{path.name}: " + "; ".join(problems)


@pytest.mark.parametrize("rule", BAR)
def test_the_bar_catches_a_pack_that_misses_it(rule: str) -> None:
    """Each check must be able to fail: one of the substandard fixtures breaks each of them."""
    fixtures = [load_pack_file(DATA / name) for name in ("substandard.yaml", "substandard-v2.yaml")]
    assert any(BAR[rule](pack) for pack in fixtures)


# --- the catalogue as a whole -------------------------------------------------------------


def content_table(text: str) -> dict[str, tuple[str, frozenset[str]]]:
    """The pack map from CONTENT.md's table: id -> (theme, article ids in 'drawn from')."""
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", cells[0]):
            rows[cells[0]] = (cells[1], frozenset(re.findall(r"\b\d{3}\b", cells[3])))
    return rows


def test_the_embedded_pack_map_matches_content_md() -> None:
    if not CONTENT_MD.is_file():
        pytest.skip(f"{CONTENT_MD} is not beside this checkout; the embedded map stands in for it")
    assert content_table(CONTENT_MD.read_text(encoding="utf-8")) == CONTENT_PACKS


def test_content_table_parser_reads_pack_rows_only() -> None:
    text = (
        "| pack id | theme | pitfall | drawn from | probe |\n|---|---|---|---|---|\n"
        '| lip-service-leadership | leadership | x | 002 #2, 003 "not serious" | y |\n'
        "| complacency | leadership | plan made once | 001 #8 | z |\n"
    )
    assert content_table(text) == {
        "lip-service-leadership": ("leadership", frozenset({"002", "003"})),
        "complacency": ("leadership", frozenset({"001"})),
    }


def test_the_catalogue_is_exactly_the_content_md_packs_and_the_new_ones() -> None:
    ids = [p.id for p in catalogue()]
    assert len(ids) == len(set(ids))
    expected = set(CONTENT_PACKS) | set(NEW_PACKS)
    missing, extra = sorted(expected - set(ids)), sorted(set(ids) - expected)
    assert not missing and not extra, f"missing: {missing}; not in CONTENT.md or NEW_PACKS: {extra}"


def test_seed_packs_are_rewritten_and_new_packs_sit_in_their_theme() -> None:
    packs = {p.id: p for p in catalogue()}
    assert [i for i in CONTENT_PACKS if packs[i].version < 2] == []
    assert {i: packs[i].theme for i in NEW_PACKS} == NEW_PACKS


def all_actions() -> dict[str, tuple[str, object]]:
    found: dict[str, tuple[str, object]] = {}
    for pack in catalogue():
        for question in pack.questions:
            for action in question.actions:
                assert action.id not in found, (
                    f"action id {action.id!r} in {pack.id} and {found[action.id][0]}"
                )
                found[action.id] = (pack.id, action)
    return found


def test_action_ids_are_unique_and_prerequisites_exist_without_cycles() -> None:
    actions = all_actions()
    unknown = [(i, ref) for i, (_, a) in actions.items() for ref in a.after if ref not in actions]
    assert unknown == []
    state: dict[str, str] = {}

    def visit(node: str, path: list[str]) -> None:
        if state.get(node) == "done":
            return
        assert state.get(node) != "open", f"prerequisite cycle: {' -> '.join([*path, node])}"
        state[node] = "open"
        for ref in actions[node][1].after:
            visit(ref, [*path, node])
        state[node] = "done"

    for node in actions:
        visit(node, [])


def test_the_anchors_other_packs_build_on_exist_in_their_packs() -> None:
    actions = all_actions()
    assert {anchor: actions[anchor][0] for anchor in ANCHORS if anchor in actions} == ANCHORS


def test_pack_titles_are_unique_because_the_scorecard_shows_only_titles() -> None:
    titles = [p.title.lower() for p in catalogue()]
    assert len(titles) == len(set(titles))


@pytest.mark.parametrize("pack_id", CONTENT_PACKS)
def test_pack_sits_in_its_theme_and_cites_its_articles(pack_id: str) -> None:
    pack = pack_at(RULES / f"{pack_id}.yaml")
    theme, articles = CONTENT_PACKS[pack_id]
    assert pack.theme == theme
    cited = {s.article for s in pack.sources}
    assert articles <= cited, f"{pack_id} should cite article(s) {sorted(articles - cited)}"


def test_every_theme_has_packs() -> None:
    assert {p.theme for p in catalogue()} == set(THEMES)
    assert set(THEME_ORDER) == set(THEMES)


def test_each_article_is_cited_under_one_title() -> None:
    titles: dict[str, set[str]] = {}
    for pack in catalogue():
        for source in pack.sources:
            if source.article:
                titles.setdefault(source.article, set()).add(source.title)
    assert {article: t for article, t in titles.items() if len(t) > 1} == {}


def test_quick_profile_asks_one_question_per_pack() -> None:
    quick = select_packs(catalogue(), None, "quick")
    assert sum(len(p.questions) for p in quick) == len(CONTENT_PACKS) + len(NEW_PACKS) == 28


# --- no two questions say nearly the same thing -----------------------------------------
# Token Jaccard over content words is blind to word order, so a reshuffled copy scores as high
# as a verbatim one. The threshold sits well above the closest pair in the catalogue (0.41,
# two autonomy questions) and below the lightly reworded copies planted below (0.67 and up).

SIMILAR = 0.6
STOP_WORDS_TEXT = (
    "a an the of to and or in on for is are do does did how many much what which who whom whose "
    "when where why your you we our us it its by with from at be as that this these those they "
    "their them than has have had been being any each not no there"
)
STOP_WORDS = frozenset(STOP_WORDS_TEXT.split())


def content_words(text: str) -> frozenset[str]:
    """Lower-case words without stop words, plurals folded ('customers' ~ 'customer')."""
    words = set()
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        if word in STOP_WORDS:
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.add(word)
    return frozenset(words)


def near_duplicates(texts: dict[str, str], threshold: float = SIMILAR) -> list[tuple[str, str, float]]:
    """Every pair of texts whose content words overlap by `threshold` or more (Jaccard)."""
    words = {key: content_words(text) for key, text in texts.items()}
    pairs = []
    for (a, wa), (b, wb) in itertools.combinations(words.items(), 2):
        union = wa | wb
        score = len(wa & wb) / len(union) if union else 1.0
        if score >= threshold:
            pairs.append((a, b, round(score, 2)))
    return pairs


def question_texts(packs: list[Pack]) -> dict[str, str]:
    return {f"{p.id}/{q.id}": q.text for p in packs for q in p.questions}


def test_no_two_questions_in_the_catalogue_say_nearly_the_same_thing() -> None:
    assert near_duplicates(question_texts(catalogue())) == []


def test_no_action_is_a_near_copy_of_another() -> None:
    actions = {
        f"{p.id}/{q.id} action {i + 1}": a.text
        for p in catalogue()
        for q in p.questions
        for i, a in enumerate(q.actions)
    }
    assert near_duplicates(actions) == []


@pytest.mark.parametrize(
    ("original", "planted"),
    [
        (
            "silo-thinking/cx-owner",
            "Who owns the end-to-end customer experience across all the departments it passes through?",
        ),
        (
            "silo-thinking/cx-owner",
            "Across every department it passes through, who owns the customer experience end to end?",
        ),
        (
            "not-measuring/outcome-measure",
            "How do you track an overall measure of how customers feel about the organisation?",
        ),
        (
            "not-measuring/outcome-measure",
            "Which overall measure of how customers feel about the organisation is tracked, and how?",
        ),
        (
            "not-listening/feedback-review",
            "What happens to the customer feedback that has been collected?",
        ),
    ],
)
def test_similarity_check_catches_a_planted_near_duplicate(original: str, planted: str) -> None:
    texts = {**question_texts(catalogue()), "planted/question": planted}
    assert [(a, b) for a, b, _ in near_duplicates(texts)] == [(original, "planted/question")]


def test_similarity_check_lets_a_different_question_on_the_same_topic_through() -> None:
    texts = {
        **question_texts(catalogue()),
        "planted/question": "Who signs off the customer-experience plan each year?",
    }
    assert near_duplicates(texts) == []


# --- in the writers' own words --------------------------------------------------------------
# CONTENT.md asks for the articles' ideas and facts, never their sentences. Six words in a row
# taken from an article is a copied phrase; outside its sources, the catalogue shares none.
# The articles are not ours to publish, so the project carries a fingerprint of every run of
# six words in them (tests/data/seed-runs.txt), kept current against ../shared/seeds when the
# brief is beside the checkout.

SEEDS = ROOT.parent / "shared" / "seeds"
SEED_RUNS = Path(__file__).parent / "data" / "seed-runs.txt"
COPIED_RUN = 6


def word_runs(text: str, length: int = COPIED_RUN) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))
    return {tuple(words[i : i + length]) for i in range(len(words) - length + 1)}


def fingerprint(run: tuple[str, ...]) -> str:
    return hashlib.sha256(" ".join(run).encode()).hexdigest()[:16]


def strings_in(value: object) -> list[str]:
    """Every piece of text in a pack's data, however deeply nested."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings_in(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings_in(item)]
    return []


def copied_phrases(pack: Pack, article_runs: set[str]) -> list[str]:
    """Runs of words the pack shares with the articles (by fingerprint); its sources rightly quote
    their headings."""
    texts = strings_in(pack.model_dump(exclude={"sources"}))
    return sorted(
        {" ".join(run) for text in texts for run in word_runs(text) if fingerprint(run) in article_runs}
    )


@functools.cache
def seed_runs() -> frozenset[str]:
    return frozenset(SEED_RUNS.read_text(encoding="utf-8").split())


def test_copied_phrase_check_finds_a_sentence_lifted_from_an_article() -> None:
    pack = load_pack_file(DATA / "substandard.yaml")
    lifted = pack.model_copy(update={"why": "Customers are not interested in subcontractors, so own it."})
    assert copied_phrases(pack, seed_runs()) == []
    assert copied_phrases(lifted, seed_runs()) == ["customers are not interested in subcontractors"]


def test_the_seed_fingerprints_match_the_articles() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is not beside this checkout; tests/data/seed-runs.txt stands in for it")
    runs = set().union(*(word_runs(a.read_text(encoding="utf-8")) for a in SEEDS.glob("*.txt")))
    assert seed_runs() == {fingerprint(run) for run in runs}, "regenerate tests/data/seed-runs.txt"


@pytest.mark.parametrize("path", PACK_FILES, ids=lambda p: p.stem)
def test_pack_is_in_its_own_words(path: Path) -> None:
    assert copied_phrases(pack_at(path), seed_runs()) == []


# --- docs/catalogue.md ---------------------------------------------------------------------


def test_docs_catalogue_is_up_to_date() -> None:
    outcome = runner.invoke(app, ["packs", "docs"])
    assert outcome.exit_code == 0, outcome.output
    committed = DOCS.read_text(encoding="utf-8") if DOCS.is_file() else ""
    if outcome.stdout != committed:
        diff = difflib.unified_diff(
            committed.splitlines(), outcome.stdout.splitlines(), "docs/catalogue.md", "packs", lineterm=""
        )
        excerpt = "\n".join(itertools.islice(diff, 30))
        pytest.fail(f"docs/catalogue.md is stale; regenerate it with `{REGENERATE}`\n{excerpt}")


def test_packs_docs_writes_the_file_from_a_real_process(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("cxcheck")
    done = subprocess.run(
        [str(script), "packs", "docs", "-o", "catalogue.md"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert "wrote catalogue.md" in done.stderr
    assert (tmp_path / "catalogue.md").read_text(encoding="utf-8") == catalogue_markdown(catalogue())


def test_docs_group_packs_under_their_theme_in_reading_order() -> None:
    text = catalogue_markdown(catalogue())
    headings = [text.index(f"\n## {theme.capitalize()}\n") for theme in THEME_ORDER]
    assert headings == sorted(headings)
    bounds = dict(zip(THEME_ORDER, [*headings[1:], text.index("\n## Sources\n")], strict=True))
    for pack in catalogue():
        where = text.index(f'<a id="{pack.id}"></a>')
        start = text.index(f"\n## {pack.theme.capitalize()}\n")
        assert start < where < bounds[pack.theme], f"{pack.id} is outside its theme {pack.theme}"


def test_docs_show_every_question_scale_action_kpi_and_source() -> None:
    text = catalogue_markdown(catalogue())
    for pack in catalogue():
        assert markdown_text(pack.summary) in text
        assert markdown_text(pack.why) in text
        for kpi in pack.kpis:
            assert markdown_text(kpi) in text
        for source in pack.sources:
            assert (
                f"(#source-{source.article})" in text
                if source.article
                else markdown_text(source.title) in text
            )
            assert source.item is None or markdown_text(source.item) in text
        for question in pack.questions:
            assert f"`{pack.id}/{question.id}`" in text
            assert markdown_text(question.text) in text
            for level in getattr(question, "levels", []):
                assert markdown_text(level) in text
            for action in question.actions:
                assert markdown_text(action.text) in text
    for article in sorted({s.article for p in catalogue() for s in p.sources if s.article}):
        assert f'<a id="source-{article}"></a>' in text
    assert text.count(" ★\n") == 28


def test_docs_keep_pack_text_inert_and_drop_unsafe_links() -> None:
    outcome = runner.invoke(app, ["packs", "docs", "--no-builtin", "--rules", str(DATA / "extra")])
    assert outcome.exit_code == 0, outcome.output
    text = outcome.stdout
    assert "<script>" not in text and "<b>" not in text
    assert "| [Pipes \\| and \\<b\\>tags\\</b\\>](#odd-characters) |" in text
    assert "javascript:" not in text
    assert "1 rule pack in 1 theme, with 1 question and 2 actions" in text


def test_packs_docs_reports_a_broken_pack_instead_of_writing(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    target = tmp_path / "out.md"
    outcome = runner.invoke(
        app, ["packs", "docs", "--no-builtin", "--rules", str(tmp_path), "-o", str(target)]
    )
    assert outcome.exit_code == 2
    assert "broken.yaml:" in outcome.output
    assert not target.exists()


# --- the example answers files -------------------------------------------------------------


def test_readme_answers_example_fits_the_catalogue(tmp_path: Path) -> None:
    """Content edits can retire an answer the README shows (an n/a no longer allowed, say)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Answers files") :]
    example = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert example, "README's Answers files section has no yaml example"
    (tmp_path / "readme.yaml").write_text(example.group(1), encoding="utf-8")
    outcome = runner.invoke(app, ["assess", "--answers", str(tmp_path / "readme.yaml"), "--format", "json"])
    assert outcome.exit_code == 0, outcome.output


def assess_example(name: str, *extra: str) -> dict:
    outcome = runner.invoke(app, ["assess", "--answers", str(EXAMPLES / name), "--format", "json", *extra])
    assert outcome.exit_code == 0, outcome.output
    return json.loads(outcome.stdout)


def statuses(result: dict) -> dict[str, str]:
    return {pack["id"]: pack["status"] for pack in result["packs"]}


@pytest.mark.parametrize("name", ["acme-retail.yaml", "northshire-council.yaml"])
def test_example_lists_every_question_in_the_catalogue(name: str) -> None:
    """Blank answers included, so a reader sees the whole catalogue and what was skipped."""
    answers = yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))["answers"]
    listed = {f"{pack}/{question}" for pack, given in answers.items() for question in given}
    assert listed == set(question_texts(catalogue()))


def test_acme_retail_is_at_risk_with_strong_marketing_and_weak_hand_offs() -> None:
    result = assess_example("acme-retail.yaml")
    assert result["organisation"] == "Acme Retail"
    assert result["status"] == "at-risk"
    assert 40 <= result["score"] <= 60  # inside the at-risk stage (37.5 to 62.5)
    by_pack = statuses(result)
    for pack in ("no-personalization", "failing-to-engage", "not-measuring"):
        assert by_pack[pack] == "healthy", pack
    for pack in ("friction-and-handoffs", "no-frontline-autonomy", "silo-thinking"):
        assert by_pack[pack] == "critical", pack
    assert all(list(by_pack.values()).count(band) >= 3 for band in ("healthy", "at-risk", "critical"))
    assert len(result["knowledge_gaps"]) >= 2
    questions = [q for pack in result["packs"] for q in pack["questions"]]
    assert sum(q["not_applicable"] for q in questions) >= 2
    assert sum(1 for q in questions if q["note"]) >= 5
    assert 0.9 <= result["coverage"] < 1


def test_northshire_council_is_critical_but_holds_its_partners_to_account() -> None:
    result = assess_example("northshire-council.yaml")
    assert result["status"] == "critical"
    by_pack = statuses(result)
    assert by_pack["ignoring-partners"] == "healthy"
    assert by_pack["inconsistency"] == "at-risk"
    assert by_pack["technology-in-charge"] == "critical"
    assert by_pack["no-personalization"] == "critical"


def test_the_examples_contrast() -> None:
    acme, council = assess_example("acme-retail.yaml"), assess_example("northshire-council.yaml")
    assert acme["score"] - council["score"] >= 15
    acme_status, council_status = statuses(acme), statuses(council)
    assert acme_status["ignoring-partners"] == "critical" and council_status["ignoring-partners"] == "healthy"


def test_quick_profile_of_an_example_asks_28_questions() -> None:
    result = assess_example("acme-retail.yaml", "--profile", "quick")
    assert result["asked"] == 28
    assert all(pack["total"] == 1 for pack in result["packs"])
