"""Hostile input, round 2: the classes of issue 19, each driven by files in tests/badinput/
where a file can hold the case (templates, results, terminal text), and made at test time where
it is a file system object (FIFOs, devices, symlinks, long names).

Every case must end the clean way test_bad_input.py defines (exit 2, a located message, no
traceback, nothing written), or, for text that is accepted, reach the terminal inert.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import SAMPLE_ANSWERS, SAMPLE_PACKS
from .test_bad_input import assert_clean_refusal, sample_assess

CORPUS = Path(__file__).parent / "badinput"
DANA = SAMPLE_ANSWERS / "dana.yaml"


@pytest.fixture
def saved(cli, tmp_path) -> Path:
    """A result saved with --format json from the sample packs."""
    path = tmp_path / "result.json"
    outcome = cli(
        "assess", "--no-builtin", "--rules", SAMPLE_PACKS, "--answers", DANA, "--format", "json", "-o", path
    )
    assert outcome.exit_code == 0, outcome.stderr
    return path


# --- 3. templates: the published sandbox escapes, recursion, and unbounded work ---------------

# template file -> what its refusal says
TEMPLATE_SAYS = {
    "built-attribute-name.md.j2": "template refused by the sandbox: access to attribute '__class__'",
    "cve-2025-27516-attr-format.md.j2": "template refused by the sandbox",
    "doubling-concatenation.md.j2": "+ would build a value of more than 1,048,576 items",
    "endless-loop.md.j2": "template refused: it ran too long",
    "globals-environ.md.j2": "template refused: it reaches for Python internals '__globals__', '__init__'",
    "huge-list-multiplication.md.j2": "* would build a value of more than 1,048,576 items",
    "huge-output.md.j2": "template refused: its output is too large (expected at most 20 MB)",
    "huge-power.md.j2": "** would build a number of more than 4096 bits",
    "huge-string-multiplication.md.j2": "* would build a value of more than 1,048,576 items",
    "include-outside.md.j2": "it includes '/etc/passwd', which is not there",
    "include-parent.md.j2": "it includes '../../answers/empty.yaml', which is not there",
    "lipsum-globals.md.j2": "template refused: it reaches for Python internals '__globals__'",
    "macro-recursion.md.j2": "template refused: it recurses without end",
    "self-include.md.j2": "template refused: it recurses without end",
    "str-format-internals.md.j2": "template refused by the sandbox: access to attribute '__class__'",
}


def test_every_template_in_the_corpus_is_in_the_table():
    assert {p.name for p in (CORPUS / "templates").iterdir()} == set(TEMPLATE_SAYS)


@pytest.mark.parametrize("name", sorted(TEMPLATE_SAYS))
def test_a_hostile_template_ends_in_exit_2(cli, saved, tmp_path, name, monkeypatch):
    monkeypatch.setattr("cxcheck.render.templating.MAX_SECONDS", 2.0)  # the endless loop, sooner
    template = CORPUS / "templates" / name
    out = tmp_path / "out.md"
    started = time.perf_counter()
    outcome = cli("report", saved, "--format", "markdown", "--template", template, "-o", out)
    assert_clean_refusal(outcome)
    assert outcome.stderr.startswith(f"error: {template}") and TEMPLATE_SAYS[name] in outcome.stderr
    assert not out.exists()
    assert time.perf_counter() - started < 8


def test_the_dependency_floors_exclude_the_known_flaws():
    """Jinja2 < 3.1.6 has the |attr sandbox escape, PyYAML 6.0.1 the slow loader."""
    text = (Path(__file__).parent.parent / "pyproject.toml").read_text()
    assert '"Jinja2>=3.1.6"' in text and '"PyYAML>=6.0.2"' in text
    import jinja2
    import yaml

    def version(text: str) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", text)[:3])

    assert version(jinja2.__version__) >= (3, 1, 6) and version(yaml.__version__) >= (6, 0, 2)


def test_a_template_file_name_is_never_code(cli, saved, tmp_path):
    """CVE-2024-56201: Jinja2 3.1.4 compiled a template's file name into Python."""
    folder = tmp_path / "templates"
    folder.mkdir()
    name = "x'''\"\"\"+__import__('os').system('touch PWNED')+\"\"\"'''.md"
    (folder / name).write_text("{{ result.organisation }}\n")
    outcome = cli("report", saved, "--format", "markdown", "--template", folder / name)
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout == "Test & Co\n"
    assert not list(Path.cwd().glob("PWNED")) and not list(tmp_path.rglob("PWNED"))


# --- 4. reads that never end, and OS errors ---------------------------------------------------


def special_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Paths that are not regular files -> the kind the refusal names."""
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    return {
        "fifo": (fifo, "a pipe"),
        "dev-zero": (Path("/dev/zero"), "a device"),
        "symlink-to-dev-zero": (link, "a device"),
    }


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="needs POSIX")
@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "symlink-to-dev-zero"])
def test_special_files_are_refused_not_read_forever(cli, tmp_path, kind):
    path, says = special_files(tmp_path)[kind]
    outcome = sample_assess(cli, tmp_path, "--answers", path)
    assert_clean_refusal(outcome, path)
    assert f"not a regular file (expected a file, found {says})" in outcome.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="needs POSIX")
def test_a_committed_settings_file_naming_dev_zero_is_refused_in_a_real_process(tmp_path):
    """The case as it was found: a settings file's answers and baseline are symlinks to /dev/zero."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "cx.yaml").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "base.json")
    (tmp_path / ".cxcheck.yaml").write_text("answers: cx.yaml\n")
    sample = ["--no-builtin", "--rules", str(SAMPLE_PACKS)]
    for args in (sample, [*sample, "--answers", str(DANA), "--baseline", "base.json"]):
        outcome = subprocess.run(
            [sys.executable, "-m", "cxcheck", "assess", *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=30,
        )
        assert outcome.returncode == 2, outcome.stderr
        assert "not a regular file" in outcome.stderr and "Traceback" not in outcome.stderr


def test_a_file_name_longer_than_255_bytes_is_one_message(cli, tmp_path):
    long = tmp_path / ("é" * 200 + ".yaml")
    outcome = sample_assess(cli, tmp_path, "--answers", long)
    assert_clean_refusal(outcome)
    assert "File name too long" in outcome.stderr or "file not found" in outcome.stderr


# --- 7. answers that mean something else, and duplicates --------------------------------------


def sample_json(cli, *args):
    return cli("assess", "--no-builtin", "--rules", SAMPLE_PACKS, "--format", "json", *args)


def test_one_file_reached_three_ways_counts_once(cli, tmp_path):
    folder = tmp_path / "answers"
    folder.mkdir()
    shutil.copy(DANA, folder / "dana.yaml")
    os.link(folder / "dana.yaml", folder / "hard-link.yaml")
    (tmp_path / "linked").symlink_to(folder)
    named_again = "./" + os.path.relpath(folder / "dana.yaml")
    every_yaml = f"{tmp_path}/**/*.yaml"
    outcome = sample_json(cli, "--answers", folder / "dana.yaml", "--answers", every_yaml, named_again)
    assert outcome.exit_code == 0, outcome.stderr
    assert json.loads(outcome.stdout)["respondents"] == 1


def test_a_symlink_loop_does_not_make_a_glob_endless(cli, tmp_path):
    folder = tmp_path / "answers"
    folder.mkdir()
    shutil.copy(DANA, folder / "dana.yaml")
    for name in ("loop-a", "loop-b", "loop-c"):
        (folder / name).symlink_to(tmp_path)
    started = time.perf_counter()
    outcome = sample_json(cli, "--answers", f"{tmp_path}/**/*.yaml")
    assert outcome.exit_code == 0, outcome.stderr
    assert json.loads(outcome.stdout)["respondents"] == 1
    assert time.perf_counter() - started < 5


# --- 4. signals and closed streams: the right exit code, no traceback -----------------------

SLOW_TEMPLATE = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"


def cxcheck(*args: object) -> list[str]:
    return [sys.executable, "-m", "cxcheck", *map(str, args)]


@pytest.mark.skipif(not hasattr(os, "kill") or sys.platform == "win32", reason="needs POSIX signals")
def test_sigterm_ends_a_run_with_143_and_writes_nothing(saved, tmp_path):
    template = tmp_path / "slow.md.j2"
    template.write_text(SLOW_TEMPLATE)
    out = tmp_path / "out.md"
    process = subprocess.Popen(
        cxcheck("report", saved, "--template", template, "-o", out),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.5)  # started, and rendering
    process.terminate()
    _, errors = process.communicate(timeout=30)
    assert process.returncode == 143, errors
    assert "Traceback" not in errors and not out.exists()
    assert not list(tmp_path.glob(".out.md.*"))  # no temporary left behind


def test_a_reader_that_goes_away_ends_with_141_and_no_traceback():
    process = subprocess.Popen(cxcheck("schema", "answers"), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    process.stdout.close()  # before cxcheck writes: every write finds the pipe broken
    _, errors = process.communicate(timeout=30)
    assert process.returncode == 141, errors
    assert b"Traceback" not in errors and b"Exception ignored" not in errors


@pytest.mark.skipif(not Path("/bin/sh").exists(), reason="needs a POSIX shell")
def test_a_closed_stdout_is_one_message_and_exit_2():
    command = " ".join(f"'{part}'" for part in cxcheck("schema", "answers")) + " >&-"
    outcome = subprocess.run(["/bin/sh", "-c", command], capture_output=True, text=True, timeout=30)
    assert outcome.returncode == 2, outcome.stderr
    assert outcome.stderr == "error: cannot write to standard output: it is closed\n"


# --- 5. outputs never replace inputs or special files; all or none -----------------------------


def clash_cases(tmp_path: Path, saved: Path) -> dict[str, tuple[list[object], str]]:
    """Each way an output could land on what the run reads -> the command and what it says."""
    template = tmp_path / "mine.md.j2"
    template.write_text("{{ result.organisation }}\n")
    (tmp_path / "alias.json").symlink_to(saved)
    os.link(saved, tmp_path / "hard.json")
    answers = tmp_path / "cx.yaml"
    shutil.copy(DANA, answers)
    (tmp_path / ".cxcheck.yaml").write_text("no-builtin: true\n")
    rules = tmp_path / "rules"
    shutil.copytree(SAMPLE_PACKS, rules)
    (tmp_path / "results").mkdir()
    shutil.copy(saved, tmp_path / "results" / "2026-11-22.json")
    (tmp_path / "answers").mkdir()
    shutil.copy(DANA, tmp_path / "answers" / "dana.yaml")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assess = ["assess", "--rules", rules, "--answers", answers]
    return {
        "report-over-its-result": (["report", saved, "-o", saved], "is also the result"),
        "report-over-a-symlinked-result": (
            ["report", saved, "-o", tmp_path / "alias.json"],
            "is also the result",
        ),
        "report-over-a-hard-link": (["report", tmp_path / "hard.json", "-o", saved], "is also the result"),
        "report-over-its-template": (
            ["report", saved, "--template", template, "-o", f"{tmp_path}/./mine.md.j2"],
            "is also the template",
        ),
        "plan-over-the-settings-file": ([*assess, "--plan", ".cxcheck.yaml"], "is also the settings file"),
        "junit-over-answers-by-dot-path": ([*assess, "--junit", "./cx.yaml"], "is also an answers file"),
        "plan-into-a-rules-folder": ([*assess, "--plan", rules / "plan.yaml"], "is inside a rules folder"),
        "docs-into-a-rules-folder": (
            ["packs", "docs", "--rules", rules, "-o", rules / "catalogue.yaml"],
            "is inside a rules folder",
        ),
        "init-into-a-rules-folder": (
            ["init", "--rules", rules, "--force", "-o", rules / "alpha.yaml"],
            "is inside a rules folder",
        ),
        "output-into-an-answers-folder": (
            [
                "assess",
                "--rules",
                rules,
                "--answers",
                answers.parent / "answers",
                "-f",
                "json",
                "-o",
                "answers/r.json",
            ],
            "is inside an answers folder",
        ),
        "trend-into-its-results-folder": (
            ["trend", tmp_path / "results", "-f", "json", "-o", tmp_path / "results" / "trend.json"],
            "is inside a results folder",
        ),
        "output-to-a-fifo": ([*assess, "--format", "json", "--output", fifo], "is not a regular file"),
        "output-over-a-symlink": ([*assess, "--plan", tmp_path / "alias.json"], "is a symbolic link"),
    }


CLASHES = [
    "report-over-its-result",
    "report-over-a-symlinked-result",
    "report-over-a-hard-link",
    "report-over-its-template",
    "plan-over-the-settings-file",
    "junit-over-answers-by-dot-path",
    "plan-into-a-rules-folder",
    "docs-into-a-rules-folder",
    "init-into-a-rules-folder",
    "output-to-a-fifo",
    "output-over-a-symlink",
    "output-into-an-answers-folder",
    "trend-into-its-results-folder",
]


def test_every_clash_case_is_run(saved, tmp_path):
    assert set(clash_cases(tmp_path, saved)) == set(CLASHES)


@pytest.mark.parametrize("case", CLASHES)
def test_an_output_never_replaces_an_input_or_a_special_file(cli, saved, tmp_path, monkeypatch, case):
    monkeypatch.chdir(tmp_path)
    args, says = clash_cases(tmp_path, saved)[case]
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and not p.is_symlink()}
    outcome = cli(*args)
    assert_clean_refusal(outcome)
    assert says in outcome.stderr
    after = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and not p.is_symlink()}
    assert after == before  # nothing replaced, nothing added
    assert (tmp_path / "fifo").is_fifo()


@pytest.mark.skipif(not Path("/dev/stdout").is_symlink(), reason="needs /dev/stdout as a symlink (Linux)")
def test_output_to_dev_stdout_never_replaces_it(tmp_path):
    """Run as root, this once replaced the /dev/stdout symlink with a regular file."""
    outcome = subprocess.run(
        cxcheck(
            "assess",
            "--no-builtin",
            "--rules",
            SAMPLE_PACKS,
            "--answers",
            DANA,
            "-f",
            "json",
            "-o",
            "/dev/stdout",
        ),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert outcome.returncode == 2, outcome.stderr
    assert "--output /dev/stdout is" in outcome.stderr and "Traceback" not in outcome.stderr
    assert Path("/dev/stdout").is_symlink()


def test_the_interview_session_file_is_never_an_output(tmp_path, monkeypatch):
    """`--save s.yaml --output s.yaml`, a session saved as .json, and a missing folder are all
    refused before the first question."""
    from cxcheck.app.assess import assess
    from cxcheck.app.console import Console
    from cxcheck.errors import BadInput
    from cxcheck.settings import resolve

    monkeypatch.chdir(tmp_path)
    base = {"rules": [str(SAMPLE_PACKS)], "no_builtin": True}
    cases = [
        ({"output": "s.yaml"}, Path("s.yaml"), "--output s.yaml is also the interview's session file"),
        ({}, Path("session.json"), "--save writes a YAML answers file"),
        ({}, Path("missing/s.yaml"), "cannot save here: the folder does not exist"),
    ]
    for given, save, says in cases:
        with pytest.raises(BadInput) as refused:
            assess(resolve({**base, **given}, None), Console(), save=save, interactive=True)
        assert says in str(refused.value)
    assert list(tmp_path.iterdir()) == []


def test_a_failing_rename_puts_back_the_files_already_replaced(tmp_path, monkeypatch):
    from cxcheck.errors import BadInput
    from cxcheck.io import writing

    first, second = tmp_path / "a.json", tmp_path / "b.md"
    first.write_text("old a")
    second.write_text("old b")
    real_replace = os.replace
    calls = []

    def fail_second(source, target):
        calls.append(target)
        if Path(target) == second and str(source).endswith(".tmp"):
            raise OSError(28, "No space left on device", str(target))
        return real_replace(source, target)

    monkeypatch.setattr(writing.os, "replace", fail_second)
    with pytest.raises(BadInput, match="No space left on device; nothing was written"):
        writing.write_all_atomic({first: "new a", second: "new b"})
    assert first.read_text() == "old a" and second.read_text() == "old b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.md"]  # no temporary, no copy


def test_a_full_disk_is_one_message_and_nothing_written(cli, tmp_path, monkeypatch):
    import io

    real_fdopen = os.fdopen

    class Full(io.StringIO):
        def write(self, text):
            raise OSError(28, "No space left on device")

    def full(handle, *args, **kwargs):
        os.close(handle)
        return Full()

    monkeypatch.setattr(os, "fdopen", full)
    outcome = sample_assess(cli, tmp_path, "--answers", DANA)
    monkeypatch.setattr(os, "fdopen", real_fdopen)
    assert_clean_refusal(outcome)
    assert "No space left on device" in outcome.stderr


# --- 2. nothing from input reaches the terminal as a control sequence ---------------------------

TERMINAL = CORPUS / "terminal"
HOSTILE_RULES = TERMINAL / "rules"
SGR = re.compile(r"\x1b\[[0-9;]*m")  # Rich's own colours: the only escape sequences allowed
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# corpus file -> (command, exit code, text that must show literally)
TERMINAL_CASES: dict[str, tuple[list[object], int, list[str]]] = {
    "answers-escapes.yaml": (
        ["assess", "--no-builtin", "--rules", SAMPLE_PACKS, "--answers", TERMINAL / "answers-escapes.yaml"],
        0,
        ["[link=https://evil.example]Corp[/link]", "[archive]"],
    ),
    "unknown-key-escapes.yaml": (
        [
            "assess",
            "--no-builtin",
            "--rules",
            SAMPLE_PACKS,
            "--answers",
            TERMINAL / "unknown-key-escapes.yaml",
        ],
        2,
        ["unknown question alpha/own\ufffd\ufffder\ufffd"],  # never `alpha/owner`, which exists
    ),
    "rules": (["packs", "list", "--no-builtin", "--rules", HOSTILE_RULES], 0, ["[/]", "[link=https://evil"]),
}
# More commands over the hostile pack; each shows some of its text.
PACK_COMMANDS: list[tuple[list[object], list[str]]] = [
    (["packs", "show", "hostile-text"], ["[archive]", "[bold]not bold[/bold]"]),
    (["explain", "hostile-text"], ["[archive]"]),
    (["explain", "hostile-text/owner"], ["[bold]not bold[/bold]"]),
    (["init", "--packs", "hostile-text"], []),
]


def assert_inert(output: str, literal: list[str]) -> None:
    """No escape sequence but Rich's colours, no control or bidi character; markup left as text."""
    bare = SGR.sub("", output)
    assert "\x1b" not in bare and not UNSAFE.search(bare.replace("\n", "").replace("\r", "")), repr(bare)
    flat_text = " ".join(bare.split())
    for text in literal:
        assert text in flat_text, (text, flat_text)


def test_every_terminal_case_is_in_the_table():
    assert {p.name for p in TERMINAL.iterdir()} == set(TERMINAL_CASES)


@pytest.mark.parametrize("name", sorted(TERMINAL_CASES))
def test_hostile_text_reaches_the_screen_inert(cli, name):
    args, code, literal = TERMINAL_CASES[name]
    outcome = cli(*args)
    assert outcome.exit_code == code, outcome.stderr
    assert_inert(outcome.stdout + outcome.stderr, literal)


@pytest.mark.parametrize("args", [a for a, _ in PACK_COMMANDS], ids=lambda a: " ".join(map(str, a[:2])))
def test_hostile_pack_text_is_inert_in_every_command(cli, args):
    literal = dict((tuple(a), lit) for a, lit in PACK_COMMANDS)[tuple(args)]
    outcome = cli(*args, "--no-builtin", "--rules", HOSTILE_RULES)
    assert outcome.exit_code == 0, outcome.stderr
    if args[0] != "init":  # init writes a YAML file: the pack's text, escaped as YAML does
        assert_inert(outcome.stdout + outcome.stderr, literal)


def test_a_hostile_file_name_is_inert_in_error_messages(cli, tmp_path):
    path = tmp_path / "a\x1b]0;pwned\x07\u202eb.yaml"
    path.write_text("not: [valid")
    outcome = cli("check-answers", "--no-builtin", "--rules", SAMPLE_PACKS, path)
    assert outcome.exit_code == 2
    assert_inert(outcome.stderr, [])


def run_in_terminal(*args: object) -> tuple[int, str]:
    """Run cxcheck with a pseudo-terminal as stdout and stderr, as a person sees it."""
    import pty

    main, child = pty.openpty()
    process = subprocess.Popen(
        cxcheck(*args),
        stdout=child,
        stderr=child,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "COLUMNS": "120", "TERM": "xterm-256color"},
    )
    os.close(child)
    output = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    os.close(main)
    return process.wait(timeout=60), output.decode("utf-8", "replace")


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("name", sorted(TERMINAL_CASES))
def test_hostile_text_is_inert_in_a_real_terminal(name):
    args, code, literal = TERMINAL_CASES[name]
    returned, output = run_in_terminal(*args)
    assert returned == code, output
    assert "\x1b[" in output or code == 2  # it is a terminal: Rich colours the scorecard
    assert_inert(output, literal)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_the_chosen_format_printed_to_a_terminal_is_inert():
    args, _, _ = TERMINAL_CASES["answers-escapes.yaml"]
    returned, output = run_in_terminal(*args, "--format", "markdown")
    assert returned == 0, output
    assert_inert(output, [])


# --- 6. saved results are validated like answers ------------------------------------------------

# result file -> the line its message names, and what it says
RESULT_SAYS: dict[str, tuple[int, str]] = {
    "blank-role.json": (16, "roles.0: a role is blank"),
    "duplicate-key.json": (28, "invalid JSON: key 'packs' is given twice"),
    "infinite-pack-score.json": (38, "packs.0.score: not a number a result can hold"),
    "nan-score.json": (19, "invalid JSON: NaN is not a JSON number"),
    "negative-infinity-overall.json": (19, "invalid JSON: -Infinity is not a JSON number"),
    "score-out-of-range.json": (19, "score: out of range (expected 0 to 100, found 250)"),
    "silo-unknown-role.json": (48, "names a role the result does not have"),
}


def test_every_result_in_the_corpus_is_in_the_table():
    assert {p.name for p in (CORPUS / "results").iterdir()} == set(RESULT_SAYS)


@pytest.mark.parametrize("name", sorted(RESULT_SAYS))
@pytest.mark.parametrize("command", ["report", "report-table", "diff-before", "diff-after"])
def test_a_bad_result_is_refused_by_report_and_diff(cli, saved, tmp_path, name, command):
    path = CORPUS / "results" / name
    args = {
        "report": ["report", path, "-f", "markdown", "-o", tmp_path / "out.md"],
        "report-table": ["report", path, "-f", "table"],
        "diff-before": ["diff", path, saved, "--fail-on-drop", "5"],  # a NaN baseline once passed
        "diff-after": ["diff", saved, path, "-f", "markdown"],
    }[command]
    line, says = RESULT_SAYS[name]
    outcome = cli(*args)
    assert_clean_refusal(outcome, path, line)
    assert says in outcome.stderr
    assert not (tmp_path / "out.md").exists()


# --- 7. answers that mean something else ------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("010", 10),  # YAML 1.1: 8
        ("0o17", 15),
        ("0x1F", 31),
        ("1e3", 1000.0),  # YAML 1.1: the text '1e3'
        ("+12", 12),
        ("1:30", "1:30"),  # YAML 1.1: 90
        ("0b11", "0b11"),  # YAML 1.1: 3
        ("1_000", "1_000"),  # YAML 1.1: 1000
        ("'010'", "010"),
    ],
)
def test_numbers_are_read_as_yaml_1_2_reads_them(typed, read):
    from cxcheck.io.safeyaml import load_yaml

    value = load_yaml(f"value: {typed}\n")["value"]
    assert value == read and type(value) is type(read)


def test_a_blank_role_is_no_role_not_a_crash(cli, tmp_path):
    blank = tmp_path / "blank.yaml"
    text = DANA.read_text().replace("role: Operations", 'role: "   "').replace("Dana", "Sam")
    blank.write_text(text.replace("owner: 3", "owner: 1"))
    outcome = cli("assess", "--no-builtin", "--rules", SAMPLE_PACKS, "--answers", blank, "--answers", DANA)
    assert outcome.exit_code == 0, outcome.stderr
    data = json.loads(sample_json(cli, "--answers", blank, "--answers", DANA).stdout)
    assert data["roles"] == ["Operations", "unspecified"]  # as if no role were given


# --- 6. pack text every output format can hold ----------------------------------------------


@pytest.fixture
def awkward_rules(tmp_path) -> Path:
    """A valid pack whose title is a folded YAML scalar (it ends with a line break) and whose
    text carries characters XML 1.0 and YAML comments cannot hold."""
    rules = tmp_path / "rules"
    rules.mkdir()
    text = (SAMPLE_PACKS / "alpha.yaml").read_text()
    text = text.replace("title: Alpha pitfall", "title: >\n  Alpha\n  pitfall\n", 1)
    text = text.replace("text: Who owns it?", 'text: "Who\\x01 owns\\x0b it?\\uFFFE"', 1)
    text = text.replace("theme: leadership", 'theme: "lead\\x1bership"', 1)
    (rules / "alpha.yaml").write_text(text)
    shutil.copy(SAMPLE_PACKS / "beta.yaml", rules / "beta.yaml")
    return rules


def test_init_writes_valid_yaml_whatever_the_pack_text(cli, awkward_rules, tmp_path):
    import yaml

    assert cli("packs", "validate", awkward_rules).exit_code == 0
    answers = tmp_path / "answers.yaml"
    outcome = cli("init", "--no-builtin", "--rules", awkward_rules, "-o", answers)
    assert outcome.exit_code == 0, outcome.stderr
    assert set(yaml.safe_load(answers.read_text())["answers"]) == {"alpha", "beta"}
    checked = cli("check-answers", "--no-builtin", "--rules", awkward_rules, answers)
    assert checked.exit_code == 0, checked.stderr


def test_junit_is_valid_xml_whatever_the_pack_text(cli, awkward_rules, tmp_path):
    from xml.etree import ElementTree as ET

    junit = tmp_path / "junit.xml"
    outcome = cli(
        "assess",
        "--no-builtin",
        "--rules",
        awkward_rules,
        "--answers",
        DANA,
        "--fail-under",
        "99",
        "--junit",
        junit,
    )
    assert outcome.exit_code == 1, outcome.stderr
    root = ET.fromstring(junit.read_bytes())  # a parser that refuses what XML 1.0 forbids
    assert root.find(".//testcase[@name='alpha']").get("classname") == "cxcheck.lead\ufffdership"


# --- 8. the interview under stress (a real console script in a pseudo-terminal) ----------------


@pytest.mark.slow
def test_sigterm_before_the_first_answer_keeps_who_was_typed(tmp_path):
    from .test_interview import MINI, Terminal

    term = Terminal(tmp_path, "assess", *MINI)
    term.introduce("Acme Retail", "Dana", "Operations")
    term.expect("›")
    term.child.kill(15)
    assert term.exit_code() == 143
    assert "Traceback" not in term.screen
    assert "cxcheck assess --resume cxcheck-session.yaml" in " ".join(term.screen.split())
    saved = (tmp_path / "cxcheck-session.yaml").read_text()
    assert "organisation: Acme Retail" in saved and "Dana" in saved and "Operations" in saved


@pytest.mark.slow
def test_a_superscript_digit_is_asked_again(tmp_path):
    from .test_interview import MINI, Terminal

    term = Terminal(tmp_path, "assess", *MINI)
    term.introduce()
    term.expect("›")
    term.child.sendline("²")  # AltGr+2 on an AZERTY keyboard, at a scale question
    term.expect("✗")
    term.expect("›")
    term.child.sendintr()
    assert term.exit_code() == 130
    assert "Traceback" not in term.screen


def test_a_file_name_too_long_at_the_last_prompt_is_asked_again(tmp_path, monkeypatch):
    from cxcheck.interview import flow

    shown: list[str] = []
    names = iter(["x" * 300 + ".md", "plan.md"])

    class Screen(flow.Screen):
        def file_name(self, default):
            return next(names)

        def rejected(self, hint):
            shown.append(hint)

    monkeypatch.chdir(tmp_path)
    interview = flow.Interview([], "full", None, Path("s.yaml"), screen=Screen())
    assert interview._ask_path(Path("plan.md")) == Path("plan.md")
    assert shown == ["cannot use that name: File name too long"]


@pytest.mark.slow
def test_two_interviews_on_one_session_file_cannot_overwrite_each_other(tmp_path):
    from .test_interview import MINI, Terminal

    first = Terminal(tmp_path, "assess", *MINI)
    first.introduce()
    first.expect("›")
    second = Terminal(tmp_path, "assess", *MINI)
    assert second.exit_code() == 2
    assert "cxcheck-session.yaml: another interview is using this session file" in " ".join(
        second.screen.split()
    )
    first.child.sendintr()
    assert first.exit_code() == 130
    third = Terminal(tmp_path, "assess", *MINI, "--resume", "cxcheck-session.yaml")  # the lock went with it
    third.expect("›")
    third.child.sendintr()
    assert third.exit_code() == 130


@pytest.mark.slow
@pytest.mark.parametrize(
    ("save", "says"),
    [("session.json", "--save writes a YAML answers file"), ("missing/s.yaml", "the folder does not exist")],
)
def test_a_session_file_that_cannot_work_is_refused_before_the_first_question(tmp_path, save, says):
    from .test_interview import MINI, Terminal

    term = Terminal(tmp_path, "assess", *MINI, "--save", save)
    assert term.exit_code() == 2
    assert says in term.screen and "Organisation" not in term.screen


def test_a_full_disk_keeps_the_answers_and_shows_them_when_saving_never_works(tmp_path, monkeypatch):
    """In-process: every write of the session fails; the answer typed is not lost."""
    from cxcheck.catalogue import load_catalogue
    from cxcheck.errors import BadInput
    from cxcheck.interview import flow

    from .test_interview import PACKS

    shown: list[str] = []

    class Screen(flow.Screen):
        def __init__(self, replies):
            super().__init__()
            self.replies = iter(replies)

        def text(self, label, required=False):
            return next(self.replies)

        def reply(self):
            reply = next(self.replies)
            if reply is KeyboardInterrupt:
                raise KeyboardInterrupt
            return reply

        def rejected(self, hint):
            shown.append(hint)

        def unsaved(self, session, document):
            shown.append(document)

    def full(path, text):
        raise BadInput("No space left on device")

    monkeypatch.setattr(flow, "write_atomic", full)
    monkeypatch.chdir(tmp_path)
    packs = load_catalogue([PACKS], builtin=False)
    interview = flow.Interview(
        packs, "full", None, Path("s.yaml"), screen=Screen(["Acme", "", "", "3", KeyboardInterrupt])
    )
    with pytest.raises(flow.Paused):
        interview.run()
    assert any("could not save the session: No space left on device" in text for text in shown)
    assert any("organisation: Acme" in text and "owner: 3" in text for text in shown)
