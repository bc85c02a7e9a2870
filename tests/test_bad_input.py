"""The bad-input corpus: every file and invocation here must end the same clean way.

Exit 2, one message per problem naming the file (and the line where there is one), no
traceback, nothing written, within seconds. Files live in tests/badinput/; inputs too large or
too deep to keep in git are made in tmp_path. A new corpus file must be added to the tables
below, so none goes untested.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cxcheck.io.documents import MAX_FILE_BYTES

from .conftest import SAMPLE_ANSWERS, SAMPLE_PACKS

CORPUS = Path(__file__).parent / "badinput"
SECONDS = 10.0  # generous: a shared CI machine may be busy; a hang or a blow-up takes far longer

# answers file -> the line its first message names (None: the problem has no line)
ANSWERS_LINE: dict[str, int | None] = {
    "answers-list.yaml": 2,
    "answers-string.yaml": 2,
    "binary-junk.yaml": 2,
    "binary-tag-value.yaml": 5,
    "choice-index-out-of-range.yaml": 5,
    "choice-unknown-label.yaml": 5,
    "date-impossible.yaml": 2,
    "date-not-a-date.yaml": 2,
    "empty.json": None,
    "evidence-date-not-a-date.yaml": 9,
    "evidence-not-a-mapping.yaml": 7,
    "evidence-without-link.yaml": 7,
    "empty.yaml": None,
    "invalid-utf8.yaml": 2,
    "json-duplicate-answers.json": 4,
    "json-huge-integer.json": None,
    "json-huge-number.json": 1,
    "json-infinity.json": 1,
    "json-nan.json": 1,
    "json-single-quotes.json": 1,
    "json-trailing-comma.json": 1,
    "json-truncated.json": 2,
    "json-unknown-question.json": 4,
    "json-wrong-type.json": 1,
    "latin1.json": 1,
    "list-as-key.yaml": 4,
    "many-problems.yaml": 5,
    "mapping-extra-key.yaml": 5,
    "mapping-without-value.yaml": 5,
    "missing-version.yaml": 1,
    "non-string-pack-key.yaml": 4,
    "non-string-question-key.yaml": 5,
    "note-not-text.yaml": 5,
    "note-number.yaml": 5,
    "nul-bytes.yaml": 2,
    "null-pack-key.yaml": 4,
    "number-infinite.yaml": 5,
    "number-309-digits.yaml": 5,
    "number-nan.yaml": 5,
    "number-negative.yaml": 5,
    "number-text.yaml": 5,
    "only-comment.yaml": 1,
    "only-whitespace.yaml": None,
    "organisation-mapping.yaml": 2,
    "pack-answers-list.yaml": 4,
    "pack-answers-number.yaml": 4,
    "png-named-yaml.yaml": 1,
    "respondent-list.yaml": 2,
    "respondent-unknown-key.yaml": 2,
    "scale-boolean.yaml": 5,
    "scale-float.yaml": 5,
    "scale-na-not-allowed.yaml": 5,
    "scale-negative.yaml": 5,
    "scale-out-of-range.yaml": 5,
    "scale-text.yaml": 5,
    "set-value.yaml": 5,
    "sheet-binary.csv": None,
    "sheet-damaged-xml.xlsx": None,
    "sheet-empty.csv": None,
    "sheet-level-out-of-range.csv": None,
    "sheet-no-question-columns.csv": None,
    "sheet-not-a-workbook.xlsx": None,
    "sheet-old-excel.xls": None,
    "sheet-question-twice.csv": None,
    "sheet-semicolon-bad-yes-no.csv": None,
    "sheet-truncated.xlsx": None,
    "sheet-unclosed-quote.csv": 2,
    "sheet-unknown-question-column.csv": None,
    "timestamp-value.yaml": 5,
    "top-level-list.yaml": 1,
    "top-level-number.json": 1,
    "top-level-string.yaml": 1,
    "unknown-pack.yaml": 4,
    "unknown-question.yaml": 5,
    "unknown-top-key.yaml": 2,
    "utf16.yaml": 1,
    "value-list.yaml": 5,
    "version-as-text.yaml": 1,
    "wrong-version.yaml": 1,
    "yaml11-binary.yaml": 5,
    "yaml11-sexagesimal-float.yaml": 5,
    "yaml11-sexagesimal.yaml": 5,
    "yaml11-underscores.yaml": 5,
    "yaml-bad-indent.yaml": 6,
    "yaml-billion-laughs.yaml": 7,
    "yaml-bomb-as-answers.yaml": 7,
    "yaml-bomb-as-organisation.yaml": 7,
    "yaml-bomb-in-note.yaml": 7,
    "yaml-custom-tag.yaml": 5,
    "yaml-duplicate-key.yaml": 6,
    "yaml-duplicate-top-key.yaml": 3,
    "yaml-null-document.yaml": 1,
    "yaml-python-name.yaml": 2,
    "yaml-python-object.yaml": 2,
    "yaml-recursive-alias.yaml": 3,
    "yaml-tab-indent.yaml": 5,
    "yaml-two-documents.yaml": 5,
    "yaml-unclosed-bracket.yaml": 5,
    "yaml-unclosed-quote.yaml": 4,
    "yaml-undefined-alias.yaml": 4,
    "yes-no-maybe.yaml": 5,
    "yes-no-number.yaml": 5,
}
# rule pack file -> the line its first message names
PACK_LINE: dict[str, int | None] = {
    "action-bad-effort.yaml": 11,
    "action-missing-owner.yaml": 11,
    "bad-slug.yaml": 1,
    "bands-last-has-max.yaml": 12,
    "bands-middle-without-max.yaml": 12,
    "bands-unordered.yaml": 12,
    "choice-duplicate-labels.yaml": 11,
    "choice-one-option.yaml": 11,
    "choice-score-above-one.yaml": 11,
    "duplicate-question-ids.yaml": 7,
    "empty-questions.yaml": 6,
    "empty.yaml": None,
    "id-mismatch.yaml": 1,
    "missing-id.yaml": 1,
    "missing-questions.yaml": 1,
    "missing-title.yaml": 1,
    "missing-type.yaml": 7,
    "missing-why.yaml": 1,
    "not-a-mapping.yaml": 1,
    "one-level-scale.yaml": 10,
    "python-tag.yaml": 2,
    "questions-mapping.yaml": 6,
    "scale-without-levels.yaml": 7,
    "seven-level-scale.yaml": 10,
    "syntax-error.yaml": 13,
    "unknown-key.yaml": 6,
    "unknown-type.yaml": 9,
    "weight-text.yaml": 6,
    "weight-zero.yaml": 6,
}


def sample_assess(cli, tmp_path: Path, *args: str):
    """assess against the small test packs, asked to write both outputs into tmp_path."""
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    started = time.perf_counter()
    result = cli(
        "assess",
        "--no-builtin",
        "--rules",
        SAMPLE_PACKS,
        "--format",
        "json",
        "--output",
        out / "result.json",
        "--plan",
        out / "plan.md",
        *args,
    )
    result.elapsed = time.perf_counter() - started
    result.written = sorted(p.name for p in out.iterdir())
    return result


def parenthesis_depth(line: str) -> int:
    """How deeply a message nests parentheses, quoted values left out: "(expected X (try Y))" is 2."""
    depth = deepest = 0
    for char in re.sub(r"'[^']*'|`[^`]*`", "", line):
        depth += {"(": 1, ")": -1}.get(char, 0)
        deepest = max(deepest, depth)
    return deepest


def test_parenthesis_depth_sees_nesting():
    assert parenthesis_depth("expected --answers FILE (try `x (y)` (to start one))") == 2
    assert parenthesis_depth("unknown pack 'a (b)' (expected one of a, b)") == 1


def assert_clean_refusal(result, path: Path | str | None = None, line: int | None = None) -> None:
    """Exit 2, a located message for the file, no traceback, no output file."""
    output = result.stdout + result.stderr
    assert result.exit_code == 2, output
    assert "Traceback" not in output
    assert result.stderr.startswith("error: "), result.stderr  # usage errors too: one format for all
    assert max(map(parenthesis_depth, result.stderr.splitlines())) <= 1, result.stderr
    if path is not None:
        where = f"error: {path}:{line}:" if line is not None else f"error: {path}: "
        assert where in result.stderr, result.stderr
    assert getattr(result, "written", []) == [], result.written
    assert getattr(result, "elapsed", 0) < SECONDS


def test_every_corpus_file_is_in_a_table():
    answers = {p.name for p in (CORPUS / "answers").iterdir()}
    packs = {p.name for p in (CORPUS / "packs").iterdir() if p.is_file()}
    assert answers == set(ANSWERS_LINE)
    assert packs == set(PACK_LINE)
    assert len(answers) + len(packs) >= 40


@pytest.mark.parametrize("name", sorted(ANSWERS_LINE))
def test_bad_answers_file_is_refused_cleanly(cli, tmp_path, name):
    path = CORPUS / "answers" / name
    result = sample_assess(cli, tmp_path, "--answers", path)
    assert_clean_refusal(result, path, ANSWERS_LINE[name])


@pytest.mark.parametrize("name", sorted(PACK_LINE))
def test_bad_pack_is_refused_by_validate_and_by_assess(cli, tmp_path, name):
    path = CORPUS / "packs" / name
    assert_clean_refusal(cli("packs", "validate", path), path, PACK_LINE[name])
    rules = tmp_path / "rules"
    rules.mkdir()
    shutil.copy(path, rules / name)
    result = sample_assess(cli, tmp_path, "--rules", rules, "--answers", SAMPLE_ANSWERS / "dana.yaml")
    assert_clean_refusal(result, rules / name, PACK_LINE[name])


def test_two_packs_with_one_id_are_refused(cli, tmp_path):
    folder = CORPUS / "packs" / "duplicate-ids"
    result = cli("packs", "validate", folder)
    assert_clean_refusal(result, folder / "twice.yml")
    assert "already defined in" in result.stderr
    result = sample_assess(cli, tmp_path, "--rules", folder, "--answers", SAMPLE_ANSWERS / "dana.yaml")
    assert_clean_refusal(result, folder / "twice.yml")


def test_a_pack_that_shadows_a_builtin_one_is_refused(cli, tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "silo-thinking.yaml").write_text(
        (SAMPLE_PACKS / "beta.yaml").read_text().replace("id: beta", "id: silo-thinking")
    )
    result = cli("assess", "--rules", rules, "--answers", SAMPLE_ANSWERS / "dana.yaml")
    assert_clean_refusal(result, rules / "silo-thinking.yaml")
    assert "already defined" in result.stderr


# --- inputs made at test time -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("deep.json", '{"cxcheck": 1, "answers": ' + "[" * 20_000 + "]" * 20_000 + "}", None),
        ("deep.yaml", "cxcheck: 1\nanswers: " + "[" * 20_000 + "]" * 20_000 + "\n", 2),
        ("deep-mapping.yaml", "cxcheck: 1\nanswers: " + "{a: " * 20_000 + "1" + "}" * 20_000 + "\n", 2),
        (
            "deep-note.yaml",
            "cxcheck: 1\nanswers:\n  alpha:\n    owner:\n      value: 1\n      note: "
            + "[" * 20_000
            + "]" * 20_000
            + "\n",
            6,
        ),
    ],
)
def test_nesting_twenty_thousand_levels_deep_is_refused(cli, tmp_path, name, text, line):
    path = tmp_path / name
    path.write_text(text)
    assert_clean_refusal(sample_assess(cli, tmp_path, "--answers", path), path, line)


def test_a_50_mb_file_is_refused_before_it_is_read(cli, tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("w") as stream:
        stream.write("cxcheck: 1\norganisation: T\nanswers: {}\n")
        stream.write(("# " + "x" * 1021 + "\n") * (50 * 1024))
    assert path.stat().st_size > 50 * 1024 * 1024 > MAX_FILE_BYTES
    result = sample_assess(cli, tmp_path, "--answers", path)
    assert_clean_refusal(result, path)
    assert "too large" in result.stderr


def refuse_to_open(monkeypatch, refused: Path) -> None:
    """Opening `refused` fails as it would for a user without read permission."""
    real_open = os.open

    def refuse(path, flags, *args, **kwargs):
        if Path(path) == refused:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)


def test_an_unreadable_file_is_refused(cli, tmp_path, monkeypatch):
    """chmod 000 where that stops us reading; as root it does not, so reading is made to fail."""
    path = tmp_path / "locked.yaml"
    shutil.copy(SAMPLE_ANSWERS / "dana.yaml", path)
    path.chmod(0)
    if os.access(path, os.R_OK):  # root reads anything: simulate the refusal honestly, in-process
        refuse_to_open(monkeypatch, path)
    result = sample_assess(cli, tmp_path, "--answers", path)
    assert_clean_refusal(result, path)
    assert "cannot read file: Permission denied" in result.stderr


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux's /proc")
def test_a_file_that_fails_to_read_even_for_root_is_refused(run_installed):
    """/proc/self/mem exists and is a file, but reading it from the start fails with EIO."""
    result = run_installed("assess", "--answers", "/proc/self/mem", "--format", "json")
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("error: /proc/self/mem: cannot read file")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda tmp: str(tmp), "no answers files in this folder"),
        (lambda tmp: str(tmp / "*.yaml"), "no files match this pattern"),
        (lambda tmp: str(tmp / "missing.yaml"), "file not found"),
    ],
    ids=["empty-folder", "glob-matching-nothing", "missing-file"],
)
def test_answers_that_are_not_there_are_refused(cli, tmp_path, make, says):
    folder = tmp_path / "answers"
    folder.mkdir()
    (folder / "notes.txt").write_text("not an answers file")
    spec = make(folder)
    result = sample_assess(cli, tmp_path, "--answers", spec)
    assert_clean_refusal(result, spec)
    assert says in result.stderr


# --- bad options ------------------------------------------------------------------------

DANA = str(SAMPLE_ANSWERS / "dana.yaml")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--format", "xml"], "xml"),
        (["--fail-under", "101"], "from 0 to 100"),
        (["--fail-under", "lots"], "--fail-under: expected a number, found 'lots'"),
        (["--fail-pack", "alpha"], "ID=N"),
        (["--fail-pack", "alpha=200"], "ID=N"),
        (["--fail-pack", "gamma=50"], "not being assessed"),
        (["--profile", "slow"], "slow"),
        (["--packs", "gamma"], "unknown pack 'gamma'"),
        (["--resume", "session.yaml"], "--resume and --save are for the interview"),
        (["--no-such-option"], "unknown option --no-such-option"),
    ],
)
def test_bad_options_are_refused(cli, tmp_path, args, says):
    result = sample_assess(cli, tmp_path, "--answers", DANA, *args)
    assert_clean_refusal(result)
    assert says in result.stderr


def test_an_output_where_none_can_be_written_is_refused(cli, tmp_path):
    missing = tmp_path / "no-such-folder" / "result.json"
    result = cli("assess", "--no-builtin", "--rules", SAMPLE_PACKS, "--answers", DANA, "--output", missing)
    assert_clean_refusal(result, missing)
    assert not missing.parent.exists()


def test_a_plan_that_cannot_be_written_leaves_no_result_either(cli, tmp_path):
    result_file = tmp_path / "result.json"
    result = cli(
        "assess",
        "--no-builtin",
        "--rules",
        SAMPLE_PACKS,
        "--answers",
        DANA,
        "--format",
        "json",
        "--output",
        result_file,
        "--plan",
        tmp_path / "missing" / "plan.md",
    )
    assert_clean_refusal(result)
    assert not result_file.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["report", "missing.json"],
        ["report", DANA],
        ["explain", "gamma"],
        ["explain", "alpha/nobody"],
        ["packs", "show", "gamma"],
        ["packs", "validate", "missing.yaml"],
        ["schema", "everything"],
        ["init", "--packs", "gamma"],
        ["assess", "--rules", "no-such-folder", "--answers", DANA],
    ],
    ids=lambda args: " ".join(Path(a).name for a in args),
)
def test_other_commands_refuse_bad_input_cleanly(cli, args):
    sample = ["--no-builtin", "--rules", str(SAMPLE_PACKS)] if args[0] in ("explain", "init") else []
    assert_clean_refusal(cli(*args, *sample))


# --- the real process: no traceback, bounded memory ----------------------------------------


# cxcheck's console script, reporting its own peak memory as it exits. The kernel's figure
# for a child (ru_maxrss) would include this pytest process, which the child starts as a copy of.
LAUNCH = """
import atexit, os, sys
def report():
    status = open("/proc/self/status").read()
    peak = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    open(os.environ["CXCHECK_PEAK_FILE"], "w").write(peak)
atexit.register(report)
from cxcheck.cli import main
sys.argv[0] = "cxcheck"
main()
"""


def run_measured(tmp_path: Path, *args: str) -> tuple[int, str, float, float]:
    """Run cxcheck in a real process: exit code, stderr, wall seconds and peak memory in MB."""
    if not Path("/proc/self/status").exists():
        pytest.skip("peak memory is read from Linux's /proc")
    peak_file = tmp_path / "peak-kb"
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", LAUNCH, *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "NO_COLOR": "1", "CXCHECK_PEAK_FILE": str(peak_file)},
        timeout=60,
    )
    seconds = time.perf_counter() - started
    return result.returncode, result.stderr, seconds, int(peak_file.read_text()) / 1024


@pytest.mark.parametrize(
    "name",
    ["yaml-billion-laughs.yaml", "yaml-python-object.yaml", "binary-junk.yaml", "yaml-recursive-alias.yaml"],
)
def test_the_real_process_refuses_hostile_files_in_bounded_time_and_memory(tmp_path, name):
    path = CORPUS / "answers" / name
    code, errors, seconds, peak_mb = run_measured(
        tmp_path, "assess", "--answers", str(path), "--plan", str(tmp_path / "plan.md")
    )
    assert code == 2, errors
    assert errors.startswith(f"error: {path}:") and "Traceback" not in errors
    assert not (tmp_path / "plan.md").exists()
    assert seconds < 30 and peak_mb < 150, (seconds, peak_mb)


def test_the_real_process_refuses_deep_and_huge_files_in_bounded_memory(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text('{"cxcheck": 1, "answers": ' + "[" * 20_000 + "]" * 20_000 + "}")
    huge = tmp_path / "huge.yaml"
    huge.write_bytes(b"cxcheck: 1\n" + b"#" * (50 * 1024 * 1024) + b"\n")
    for path in (deep, huge):
        code, errors, seconds, peak_mb = run_measured(tmp_path, "assess", "--answers", str(path))
        assert code == 2, errors
        assert errors.startswith(f"error: {path}") and "Traceback" not in errors
        assert seconds < 30 and peak_mb < 150, (seconds, peak_mb)
