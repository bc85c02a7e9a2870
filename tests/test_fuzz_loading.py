"""Fuzzing the loaders: whatever the bytes, the outcome is a clean result or a clean refusal.

Any other exception, or a refusal without a file name, is a bug.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cxcheck.answers import load_responses
from cxcheck.catalogue import load_catalogue, load_pack_file
from cxcheck.cli import app
from cxcheck.errors import BadInput

from .conftest import SAMPLE_ANSWERS, SAMPLE_PACKS

CATALOGUE = load_catalogue([SAMPLE_PACKS], builtin=False)
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**6), max_value=10**6)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from(["yes", "no", "partly", "unknown", "n/a", "some", "all", "value", "note", "alpha"])
)
documents = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["alpha", "beta", "owner", "checked", "value", "note"]) | st.text(max_size=8),
            children,
            max_size=4,
        )
    ),
    max_leaves=25,
)
answers_documents = st.fixed_dictionaries(
    {"cxcheck": st.just(1) | scalars},
    optional={"organisation": scalars, "respondent": documents, "date": scalars, "answers": documents},
)


def mutated(text: str) -> st.SearchStrategy[str]:
    """`text` with a slice deleted, replaced, or repeated somewhere else."""

    @st.composite
    def mutate(draw: st.DrawFn) -> str:
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 40)))
        insert = draw(st.text(alphabet=st.sampled_from(list(":-[]{}&*!|>'\"#,? \n\t0aé\x00")), max_size=6))
        kind = draw(st.sampled_from(["delete", "replace", "repeat"]))
        if kind == "delete":
            return text[:start] + text[end:]
        if kind == "replace":
            return text[:start] + insert + text[end:]
        return text[:start] + text[start:end] * 2 + text[end:]

    return mutate()


def written(text: str, suffix: str, folder: str, name: str = "fuzzed") -> Path:
    path = Path(folder) / f"{name}{suffix}"
    path.write_text(text, encoding="utf-8")
    return path


def loads_cleanly(load, path: Path) -> None:
    try:
        load(path)
    except BadInput as exc:
        assert exc.problems and all(str(path) == p.file for p in exc.problems), exc.problems


@pytest.mark.slow
@FUZZ
@given(answers_documents, st.sampled_from([".yaml", ".json"]))
def test_random_documents_load_or_are_refused_cleanly(document, suffix):
    text = json.dumps(document) if suffix == ".json" else yaml.safe_dump(document, allow_unicode=True)
    with tempfile.TemporaryDirectory() as folder:
        loads_cleanly(lambda path: load_responses([path], CATALOGUE), written(text, suffix, folder))


@pytest.mark.slow
@FUZZ
@given(mutated((SAMPLE_ANSWERS / "dana.yaml").read_text()))
def test_mutated_answers_files_load_or_are_refused_cleanly(text):
    with tempfile.TemporaryDirectory() as folder:
        loads_cleanly(lambda path: load_responses([path], CATALOGUE), written(text, ".yaml", folder))


@pytest.mark.slow
@FUZZ
@given(mutated((SAMPLE_PACKS / "alpha.yaml").read_text()))
def test_mutated_packs_load_or_are_refused_cleanly(text):
    with tempfile.TemporaryDirectory() as folder:
        loads_cleanly(load_pack_file, written(text, ".yaml", folder, name="alpha"))


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(mutated((SAMPLE_ANSWERS / "sam.json").read_text()))
def test_the_cli_ends_cleanly_on_mutated_files(text):
    """Through the whole command: exit 0 or 1 with a result, or 2 with a message, and no crash."""
    with tempfile.TemporaryDirectory() as folder:
        path = written(text, ".json", folder)
        plan = Path(folder) / "plan.md"
        result = CliRunner().invoke(
            app,
            [
                "assess",
                "--no-builtin",
                "--rules",
                str(SAMPLE_PACKS),
                "--answers",
                str(path),
                "--format",
                "json",
                "--plan",
                str(plan),
            ],
            catch_exceptions=False,
        )
        assert result.exit_code in (0, 1, 2)
        if result.exit_code == 2:
            assert result.stderr.startswith(f"error: {path}") and not plan.exists()
        else:
            assert json.loads(result.stdout)["respondents"] == 1 and plan.exists()
