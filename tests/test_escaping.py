"""User text that looks like Rich markup or carries control characters prints as plain text.

The HTML and Markdown reports have their own escaping tests; these cover the terminal, the
error messages and JSON.
"""

from __future__ import annotations

import json

from .conftest import SAMPLE_PACKS

MARKUP_NAME = "[bold red]Acme[/] [/] [link=https://example.com]Shop"
NOTE = "[/bold] ends nothing; \x1b[31m is not a colour"


def answers_with_markup(tmp_path, extra: str = ""):
    path = tmp_path / "answers.yaml"
    path.write_text(
        "cxcheck: 1\n"
        f"organisation: {json.dumps(MARKUP_NAME)}\n"
        'respondent: {name: "[/]", role: "[blink]Ops"}\n'
        "answers:\n"
        "  alpha:\n"
        f"    owner: {{value: 1, note: {json.dumps(NOTE)}}}\n"
        "    checked: no\n" + extra,
        encoding="utf-8",
    )
    return path


def test_the_scorecard_prints_markup_in_user_text_literally(cli, tmp_path):
    path = answers_with_markup(tmp_path)
    result = cli("assess", "--no-builtin", "--rules", SAMPLE_PACKS, "--answers", path)
    assert result.exit_code == 0, result.stderr
    assert MARKUP_NAME in result.stdout


def test_json_keeps_user_text_exactly(cli, tmp_path):
    path = answers_with_markup(tmp_path)
    result = cli("assess", "--no-builtin", "--rules", SAMPLE_PACKS, "--answers", path, "--format", "json")
    data = json.loads(result.stdout)
    assert data["organisation"] == MARKUP_NAME
    owner = next(q for q in data["packs"][0]["questions"] if q["id"] == "owner")
    assert owner["note"] == NOTE
    assert data["respondent_list"][0] == {"name": "[/]", "role": "[blink]Ops", "file": str(path)}


def test_the_scorecard_re_rendered_from_json_prints_markup_literally(cli, tmp_path):
    path = answers_with_markup(tmp_path)
    saved = tmp_path / "result.json"
    cli("assess", "--no-builtin", "--rules", SAMPLE_PACKS, "--answers", path, "--format", "json", "-o", saved)
    result = cli("report", saved, "--format", "table")
    assert result.exit_code == 0, result.stderr
    assert MARKUP_NAME in result.stdout


def test_error_messages_print_markup_in_ids_literally(cli, tmp_path):
    path = answers_with_markup(tmp_path, '  "[red]gamma[/]":\n    "[/]": 1\n')
    result = cli("assess", "--no-builtin", "--rules", SAMPLE_PACKS, "--answers", path)
    assert result.exit_code == 2
    assert f"error: {path}:8:3: unknown pack '[red]gamma[/]'" in result.stderr


def test_output_paths_that_look_like_markup_are_written_and_named_literally(cli, tmp_path, monkeypatch):
    """A file name with [/] in it once crashed the 'wrote' message with a Rich MarkupError."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a[").mkdir()
    path = answers_with_markup(tmp_path)
    result = cli(
        "assess", "--no-builtin", "--rules", SAMPLE_PACKS, "--answers", path, "--format", "json",
        "--output", "a[/]b.json", "--plan", "[red]plan.md",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "wrote a[/]b.json, [red]plan.md" in result.stderr
    assert (tmp_path / "a[" / "]b.json").is_file() and (tmp_path / "[red]plan.md").is_file()
    result = cli("init", "--no-builtin", "--rules", SAMPLE_PACKS, "-o", "a[/]answers.yaml")
    assert result.exit_code == 0, result.stderr
    assert "wrote a[/]answers.yaml:" in result.stderr
