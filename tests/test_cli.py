"""The command line as a user meets it: through Typer's runner and through the installed script."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
import typer
import yaml

from cxcheck.cli import app

from .conftest import SAMPLE_ANSWERS, flat

DANA = str(SAMPLE_ANSWERS / "dana.yaml")


def test_version(cli):
    from cxcheck import __version__

    assert cli("--version").stdout.strip() == f"cxcheck {__version__}"


def test_help_lists_every_command(cli):
    out = cli("--help").stdout
    section = out.split("Commands:\n", 1)[1].split("\n\n", 1)[0]
    listed = {line.split()[0] for line in section.splitlines() if line.strip()}
    registered = set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    assert listed == registered
    assert {
        "assess",
        "init",
        "packs",
        "explain",
        "schema",
        "report",
        "diff",
        "config",
        "check-answers",
    } <= listed


def test_assess_prints_the_scorecard(sample):
    result = sample("assess", "--answers", DANA)
    assert result.exit_code == 0
    assert "Overall 45.0 / 100" in result.stdout
    assert re.search(r"Alpha pitfall\s+55\.0", result.stdout)
    assert "Knowledge gaps (1)" in result.stdout


def test_assess_json_to_file_and_plan(sample, tmp_path):
    out, plan = tmp_path / "result.json", tmp_path / "plan.md"
    result = sample("assess", "-a", DANA, "--format", "json", "--output", out, "--plan", plan)
    assert result.exit_code == 0 and result.stdout == ""
    data = json.loads(out.read_text())
    assert data["score"] == 45.0 and data["respondents"] == 1
    assert {p["id"]: p["score"] for p in data["packs"]} == {"alpha": 55.0, "beta": 25.0}
    text = plan.read_text()
    assert text.startswith("# Customer-experience action plan: Test & Co")
    assert "scores **45.0 out of 100**: stage 3 of 5, **Established**, which reads as **at-risk**" in text
    assert "Name an owner" in text and "## Find out before the next assessment" in text


def test_threshold_failure_exits_1_and_says_why(sample):
    result = sample("assess", "-a", DANA, "--format", "json", "--fail-under", "70", "--fail-pack", "beta=60")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["thresholds"]["passed"] is False
    assert (
        "overall 45.0 is below the required 70.0" in result.stderr
        and "beta 25.0 is below the required 60.0" in result.stderr
    )


def test_thresholds_met_exit_0(sample):
    assert sample("assess", "-a", DANA, "--fail-under", "40", "--fail-pack", "alpha=55").exit_code == 0


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--fail-under", "150"], "150"),
        (["--fail-pack", "foo"], "expected ID=N with N from 0 to 100, found 'foo'"),
        (["--fail-pack", "gamma=50"], "--fail-pack names pack 'gamma'"),
        (["--format", "pdf"], "pdf"),
        (["--packs", "gamma"], "unknown pack 'gamma'"),
    ],
)
def test_bad_options_exit_2_with_a_message_and_write_nothing(sample, tmp_path, args, says):
    plan = tmp_path / "plan.md"
    result = sample("assess", "-a", DANA, "--plan", plan, *args)
    assert result.exit_code == 2
    assert says in flat(result.stderr)
    assert not plan.exists()


def test_bad_answers_write_nothing(sample, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("cxcheck: 1\nanswers:\n  alpha:\n    owner: 12\n")
    out, plan = tmp_path / "out.json", tmp_path / "plan.md"
    result = sample("assess", "-a", DANA, "-a", bad, "-f", "json", "-o", out, "--plan", plan)
    assert result.exit_code == 2
    assert f"{bad}:4:12: alpha/owner: value not allowed (expected a level from 0 to 4" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists() and not plan.exists()


def test_without_answers_and_without_a_terminal_it_refuses_with_a_hint(cli):
    result = cli("assess", input="")
    assert result.exit_code == 2
    assert "--answers" in result.stderr


def test_answers_may_follow_as_arguments_so_shell_globs_work(sample):
    result = sample("assess", "--answers", DANA, str(SAMPLE_ANSWERS / "sam.json"), "-f", "json")
    assert json.loads(result.stdout)["respondents"] == 2


@pytest.mark.parametrize(
    ("fmt", "shows"),
    [
        ("markdown", "scores **45.0 out of 100**"),
        ("html", "Test &amp; Co"),
        ("junit", '<testcase classname="cxcheck.leadership" name="alpha"'),
        ("table", "Overall 45.0 / 100"),
    ],
)
def test_every_format_renders(sample, fmt, shows):
    result = sample("assess", "-a", DANA, "--format", fmt)
    assert result.exit_code == 0
    assert shows in result.stdout


def test_init_writes_a_template_that_assess_reads_as_insufficient(cli, tmp_path):
    target = tmp_path / "answers.yaml"
    result = cli("init", "-o", target, "--profile", "quick")
    assert result.exit_code == 0 and "28 questions in 28 packs" in result.stderr
    text = target.read_text()
    assert "    cx-owner:\n" in text and "#   0 = " in text
    assessed = cli("assess", "-a", target, "-f", "json")
    data = json.loads(assessed.stdout)
    assert data["coverage"] == 0 and data["known"] == 0 and data["status"] == "insufficient"


def test_init_does_not_overwrite_without_force(cli, tmp_path):
    target = tmp_path / "answers.yaml"
    target.write_text("mine")
    assert cli("init", "-o", target).exit_code == 2
    assert target.read_text() == "mine"
    assert cli("init", "-o", target, "--force").exit_code == 0


def test_packs_list_show_and_explain(cli):
    listed = cli("packs", "list").stdout
    assert "28 rule packs in 6 themes" in listed and "silo-thinking" in listed
    assert "cx-owner" in cli("packs", "show", "silo-thinking").stdout
    explained = cli("explain", "silo-thinking/cx-owner").stdout
    assert "0 = " in explained and "When it scores low" in explained
    assert "Why it matters" in cli("explain", "not-measuring").stdout


@pytest.mark.parametrize("ref", ["nope", "silo-thinking/nope"])
def test_explain_unknown_id_suggests_the_known_ones(cli, ref):
    result = cli("explain", ref)
    assert result.exit_code == 2 and "expected one of" in result.stderr


def test_packs_validate(cli, tmp_path):
    from .conftest import SAMPLE_PACKS

    assert cli("packs", "validate", SAMPLE_PACKS).exit_code == 0
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: broken\ntitle: x\n")
    result = cli("packs", "validate", broken)
    assert result.exit_code == 2 and "missing required key 'theme'" in result.stderr


def test_answers_schema_knows_every_question(cli):
    schema = json.loads(cli("schema", "answers", "--packs", "silo-thinking").stdout)
    questions = schema["properties"]["answers"]["properties"]["silo-thinking"]["anyOf"][0]["properties"]
    assert "cx-owner" in questions
    assert questions["cx-owner"]["anyOf"][0]["anyOf"][0]["maximum"] == 4
    for kind in ("pack", "result"):
        assert json.loads(cli("schema", kind).stdout)["type"] == "object"


def test_report_re_renders_a_saved_result(sample, cli, tmp_path):
    saved = tmp_path / "result.json"
    sample("assess", "-a", DANA, "-f", "json", "-o", saved)
    again = cli("report", saved, "--format", "markdown")
    assert again.exit_code == 0 and "45.0 out of 100" in again.stdout
    broken = tmp_path / "broken.json"
    broken.write_text('{"score": "high"}')
    assert cli("report", broken).exit_code == 2


# --- the installed console script, run from a folder that is not the checkout ----------


def test_installed_script_assesses_from_any_folder(run_installed, tmp_path):
    assert run_installed("--version").returncode == 0
    assert run_installed("init", "-o", "answers.yaml").returncode == 0
    template = yaml.safe_load((tmp_path / "answers.yaml").read_text())
    assert len(template["answers"]) == 28
    result = run_installed("assess", "--answers", "answers.yaml", "--format", "json", "--fail-under", "70")
    assert result.returncode == 1  # nothing answered: the threshold cannot be met
    assert json.loads(result.stdout)["status"] == "insufficient"


def test_installed_script_errors_have_no_traceback(run_installed, tmp_path):
    (tmp_path / "bad.yaml").write_text("cxcheck: 1\nanswers: [oops\n")
    result = run_installed("assess", "--answers", "bad.yaml")
    assert result.returncode == 2
    assert "bad.yaml:" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_no_terminal_refusal_through_a_real_pipe(run_installed):
    result = run_installed("assess")
    assert result.returncode == 2 and "--answers" in result.stderr


def test_python_dash_m(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "cxcheck", "--help"], capture_output=True, text=True, cwd=tmp_path, timeout=60
    )
    assert result.returncode == 0 and "assess" in result.stdout


def test_a_broken_user_template_is_bad_input_not_a_traceback(sample, cli, tmp_path):
    saved = tmp_path / "result.json"
    sample("assess", "-a", DANA, "-f", "json", "-o", saved)
    template = tmp_path / "mine.md.j2"
    template.write_text("{% for k in result.items %}{{ k }}{% endfor %}\n")
    result = cli("report", saved, "--template", template, "-o", tmp_path / "out.md")
    assert result.exit_code == 2
    assert f"{template}: template failed: TypeError" in result.stderr
    assert not (tmp_path / "out.md").exists()


def test_number_bands_read_without_overlap(cli):
    explained = flat(cli("explain", "failure-to-innovate/journeys-trialled").stdout)
    assert (
        "up to 0 services" in explained
        and "over 2 up to 4 services" in explained
        and "over 4 services" in explained
    )


def test_pack_text_with_rich_markup_prints_literally(cli, tmp_path):
    """A custom pack's title, question and source are shown as written, never read as markup."""
    from .conftest import SAMPLE_PACKS

    text = (SAMPLE_PACKS / "alpha.yaml").read_text()
    text = text.replace("title: Alpha pitfall", "title: '[/x] Alpha [bold]pitfall'")
    text = text.replace("- title: Test article", "- title: '[red]Test[/] article'")
    text = text.replace("text: Who owns it?", "text: '[/] Who owns it?'")
    (tmp_path / "alpha.yaml").write_text(text)
    base = ("--no-builtin", "--rules", tmp_path)
    assert "[/x] Alpha [bold]pitfall" in flat(cli("packs", "list", *base).stdout)
    assert "[/] Who owns it?" in flat(cli("packs", "show", "alpha", *base).stdout)
    assert "• [red]Test[/] article, 1" in flat(cli("explain", "alpha", *base).stdout)


def _modules_loaded(code: str) -> set[str]:
    """The top-level modules a Python process running `code` has imported; the code must succeed."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return {name.split(".")[0] for name in done.stdout.split()}


def _cxcheck(*args: str) -> str:
    """Code that runs cxcheck with `args` in-process and fails unless it exits 0."""
    return (
        f"from cxcheck.cli import app\ntry: app({list(args)!r})\n"
        "except SystemExit as end: assert end.code in (0, None), end.code"
    )


def test_help_and_diff_json_stay_light(tmp_path):
    """`cxcheck --help` must not pay for pydantic, Rich, PyYAML or Jinja2; `diff -f json` not for Rich."""
    assert not {"pydantic", "rich", "yaml", "jinja2"} & _modules_loaded("import cxcheck.cli")
    before = tmp_path / "r.json"
    from .conftest import SAMPLE_ANSWERS, SAMPLE_PACKS

    answers, rules = str(SAMPLE_ANSWERS / "dana.yaml"), str(SAMPLE_PACKS)
    _modules_loaded(
        _cxcheck("assess", "-a", answers, "-f", "json", "-o", str(before), "--no-builtin", "--rules", rules)
    )
    loaded = _modules_loaded(_cxcheck("diff", str(before), str(before), "-f", "json"))
    assert "pydantic" in loaded and "rich" not in loaded
