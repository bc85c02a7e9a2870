"""The command line as a new user reads it: help pages without Python types or cut sentences,
usage errors in the words of every other error, and packs in one order everywhere."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cxcheck.catalogue import load_catalogue
from cxcheck.cli import app

from .conftest import SAMPLE_ANSWERS, SAMPLE_PACKS, flat

ORDER = Path(__file__).parent / "data" / "order"
COMMANDS = [
    [],
    ["assess"],
    ["config"],
    ["init"],
    ["explain"],
    ["schema"],
    ["check-answers"],
    ["report"],
    ["diff"],
    ["trend"],
    ["metrics"],
    ["packs"],
    ["packs", "list"],
    ["packs", "show"],
    ["packs", "validate"],
    ["packs", "docs"],
]


def help_page(command: list[str], width: int) -> str:
    result = CliRunner().invoke(app, [*command, "--help"], terminal_width=width)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("width", [80, 100])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "cxcheck")
def test_help_reads_as_words(command, width):
    page = help_page(command, width)
    assert not re.search(r"<[a-z|\[\]]+>", page), "a Python type or <file> shown"  # <list[str]>
    assert not re.search(r"\{[A-Z.]+\}", page), "an argument in braces"  # {ID}
    assert not re.search(r"^(?!Usage:).*\w\.\.\.$", page, re.MULTILINE), "a cut description"
    assert not re.search(r"\w-$", page, re.MULTILINE), "a word broken at its hyphen"
    assert "<=x" not in page and "(table)" not in page
    assert max(len(line) for line in page.splitlines()) <= width


def test_every_command_uses_the_plain_help_and_is_checked_here():
    import typer

    from cxcheck.cli.help import PlainHelpCommand, PlainHelpGroup

    root = typer.main.get_command(app)
    seen = []

    def walk(group, path):
        assert isinstance(group, PlainHelpGroup), path
        for name, command in group.commands.items():
            if hasattr(command, "commands"):
                seen.append([*path, name])
                walk(command, [*path, name])
            else:
                assert isinstance(command, PlainHelpCommand), [*path, name]
                seen.append([*path, name])

    walk(root, [])
    assert sorted(seen) == sorted(c for c in COMMANDS if c)


def test_command_summaries_are_whole_sentences():
    page = help_page([], 80)
    summaries = page[page.index("Commands:") :].splitlines()[1:10]
    assert all(line.rstrip().endswith(".") and "..." not in line for line in summaries), summaries


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (
            ["assess", "--format", "xml"],
            "error: --format: expected one of table, json, markdown, html, junit, found 'xml'",
        ),
        (["assess", "--format=xml"], "found 'xml'"),
        (["assess", "--fail-under", "lots"], "error: --fail-under: expected a number, found 'lots'"),
        (["assess", "--profile", "fast"], "error: --profile: expected one of full, quick, found 'fast'"),
        (["assess", "--plan-size", "0"], "error: --plan-size: expected 1 or more, found '0'"),
        (
            ["assess", "--fail-und", "3"],
            "error: unknown option --fail-und; did you mean --fail-on-drop, --fail-pack or --fail-under?",
        ),
        (["config", "--bogus"], "Try 'cxcheck config --help' for the options."),
        (["explain"], "error: ID is missing"),
        (["bogus"], "error: unknown command 'bogus'; expected assess, config,"),
    ],
)
def test_usage_errors_speak_like_every_other_error(args, says):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert says in result.stderr, result.stderr
    for foreign in ("Value error", "Input should", "Invalid value for", "Usage:", "No such option"):
        assert foreign not in result.stderr


def test_check_answers_never_says_nothing_was_written(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("cxcheck: 1\nanswers:\n  alpha: {owner: 9, nope: 1}\n")
    runner = CliRunner()
    rules = ["--no-builtin", "--rules", str(SAMPLE_PACKS)]
    checked = runner.invoke(app, ["check-answers", str(bad), *rules])
    assert checked.exit_code == 2 and "2 problems." in checked.stderr
    assert "written" not in checked.stderr
    assessed = runner.invoke(app, ["assess", "--answers", str(bad), *rules])
    assert "2 problems; nothing was written." in assessed.stderr  # assess does write files


def test_packs_come_in_one_order_leadership_first_heavier_first():
    order = [p.id for p in load_catalogue([ORDER], builtin=False)]
    assert order == ["absent-owner", "quiet-board", "lost-customers", "standing-still"]
    runner = CliRunner()
    rules = ["--no-builtin", "--rules", str(ORDER)]
    listed = runner.invoke(app, ["packs", "list", *rules], terminal_width=100).stdout
    template = runner.invoke(app, ["init", *rules]).stdout
    for text in (listed, template):
        assert [text.index(pack_id) for pack_id in order] == sorted(text.index(p) for p in order)


def test_a_share_over_100_is_refused_by_check_answers(tmp_path):
    figures = Path(__file__).parent / "data" / "interview" / "figures"
    answers = tmp_path / "a.yaml"
    answers.write_text("cxcheck: 1\nanswers:\n  figures:\n    share: 120\n")
    result = CliRunner().invoke(app, ["check-answers", str(answers), "--no-builtin", "--rules", str(figures)])
    assert result.exit_code == 2
    assert f"{answers}:4:12: figures/share: value not allowed" in result.stderr
    assert "a percentage, from 0 to 100" in result.stderr and "found 120" in result.stderr


def test_answers_files_score_with_the_profile_they_record(tmp_path):
    answers = tmp_path / "quick.yaml"
    answers.write_text(
        (SAMPLE_ANSWERS / "dana.yaml").read_text().replace("cxcheck: 1\n", "cxcheck: 1\nprofile: quick\n")
    )
    runner = CliRunner()
    rules = ["--no-builtin", "--rules", str(SAMPLE_PACKS), "--format", "json"]
    recorded = runner.invoke(app, ["assess", "--answers", str(answers), *rules])
    typed = runner.invoke(app, ["assess", "--answers", str(answers), "--profile", "full", *rules])
    assert '"profile": "quick"' in recorded.stdout
    assert '"profile": "full"' in typed.stdout  # the command line still wins


def test_scale_answers_show_as_stage_words(tmp_path):
    dana = (SAMPLE_ANSWERS / "dana.yaml").read_text()
    for name, role, level in (("a", "Operations", 0), ("b", "Marketing", 4), ("c", "Operations", 0)):
        who = f"{{name: {name}, role: {role}}}"
        text = dana.replace("owner: 3", f"owner: {level}").replace("{name: Dana, role: Operations}", who)
        (tmp_path / f"{name}.yaml").write_text(text)
    rules = ["--no-builtin", "--rules", str(SAMPLE_PACKS), "-f", "json"]
    result = json.loads(CliRunner().invoke(app, ["assess", "-a", str(tmp_path), *rules]).stdout)
    owner = next(q for p in result["packs"] for q in p["questions"] if q["id"] == "owner")
    assert owner["answer"] == "Absent ×2, Self-correcting"  # not "0/4 ×2, 4/4"


def test_a_renamed_pack_keeps_its_former_id_for_answers_packs_and_thresholds(tmp_path):
    answers = tmp_path / "old.yaml"
    answers.write_text(
        "cxcheck: 1\nanswers:\n  failure-to-innovate: {kept: yes}\n  quiet-board: {kept: no}\n"
    )
    rules = ["--no-builtin", "--rules", str(ORDER), "--format", "json"]
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "assess",
            "-a",
            str(answers),
            "--packs",
            "failure-to-innovate,quiet-board",
            "--fail-pack",
            "failure-to-innovate=90",
            *rules,
        ],
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [p["id"] for p in data["packs"]] == ["quiet-board", "standing-still"]
    assert {p["id"]: p["score"] for p in data["packs"]}["standing-still"] == 100.0
    assert data["thresholds"]["fail_pack"] == {"standing-still": 90.0}


def test_a_pack_answered_n_a_reads_n_a_in_the_scorecard_and_counts_agree(tmp_path):
    packs = Path(__file__).parent / "data" / "interview" / "packs"
    answers = tmp_path / "na.yaml"
    answers.write_text(
        "cxcheck: 1\nanswers:\n  service: {owner: 2, launches-checked: yes, channel: Email, reply-hours: 3}\n"
        "  trust: {promises-kept: n/a}\n"
    )
    result = CliRunner().invoke(app, ["assess", "-a", str(answers), "--no-builtin", "--rules", str(packs)])
    table = flat(result.stdout)
    assert "Trust — ·········· n/a — 1/1" in table and "insufficient" not in table
    assert "100% known · 4 answered · 1 n/a" in table  # the interview's words, the same counts


def test_an_init_template_records_its_profile_for_assess(tmp_path):
    packs = Path(__file__).parent / "data" / "interview" / "packs"
    rules = ["--no-builtin", "--rules", str(packs)]
    template = tmp_path / "t.yaml"
    runner = CliRunner()
    assert runner.invoke(app, ["init", "-o", str(template), "--profile", "quick", *rules]).exit_code == 0
    assert "\nprofile: quick\n" in template.read_text()
    result = json.loads(runner.invoke(app, ["assess", "-a", str(template), "-f", "json", *rules]).stdout)
    assert (result["profile"], result["asked"]) == ("quick", 2)
