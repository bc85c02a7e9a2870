"""The settings file: found by walking up, checked with located errors, overridden by the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cxcheck.settings import find_config, load_settings_file, resolve

from .conftest import SAMPLE_ANSWERS, SAMPLE_PACKS, flat


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A repository folder with the sample packs, one answers file, and cwd inside it."""
    shutil.copytree(SAMPLE_PACKS, tmp_path / "packs")
    shutil.copy(SAMPLE_ANSWERS / "dana.yaml", tmp_path / "cx.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write_config(folder: Path, text: str, name: str = ".cxcheck.yaml") -> Path:
    path = folder / name
    path.write_text(text)
    return path


BASIC = "answers: [cx.yaml]\nrules: [packs]\nno-builtin: true\n"


def test_assess_runs_from_the_config_alone_from_a_subfolder(project, cli, monkeypatch):
    write_config(project, BASIC + "format: json\nfail-under: 40\n")
    (project / "src" / "deep").mkdir(parents=True)
    monkeypatch.chdir(project / "src" / "deep")
    result = cli("assess")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["score"] == 45.0 and data["thresholds"]["fail_under"] == 40


def test_config_thresholds_fail_the_run(project, cli):
    write_config(project, BASIC + "fail-pack:\n  beta: 60\n")
    result = cli("assess")
    assert result.exit_code == 1
    assert "beta 25.0 is below the required 60.0" in result.stderr


def test_command_line_wins_over_the_file(project, cli):
    write_config(project, BASIC + "fail-under: 90\nformat: json\n")
    result = cli("assess", "--fail-under", "40", "--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout.startswith("# Customer-experience action plan")


def test_fail_pack_merges_pack_by_pack(project):
    config = load_settings_file(write_config(project, BASIC + "fail-pack: {alpha: 10, beta: 20}\n"))
    merged = resolve({"fail_pack": {"beta": 60.0}}, config)
    assert merged.settings.fail_pack == {"alpha": 10, "beta": 60}
    assert merged.sources["fail_pack.alpha"].endswith(".cxcheck.yaml:4")
    assert merged.sources["fail_pack.beta"] == "command line"


def test_paths_are_relative_to_the_config_file(project, monkeypatch):
    path = write_config(project, BASIC + "plan: out/plan.md\n")
    (project / "sub").mkdir()
    monkeypatch.chdir(project / "sub")
    config = load_settings_file(path)
    assert config.values["answers"] == [str(project / "cx.yaml")]
    assert config.values["plan"] == str(project / "out" / "plan.md")
    monkeypatch.chdir(project)
    assert load_settings_file(path).values["plan"] == "out/plan.md"  # inside the current folder: relative


def test_globs_in_the_config_expand_from_its_folder(project, cli, monkeypatch):
    (project / "team").mkdir()
    shutil.copy(SAMPLE_ANSWERS / "sam.json", project / "team" / "sam.json")
    shutil.copy(project / "cx.yaml", project / "team" / "dana.yaml")
    write_config(project, "answers: ['team/*']\nrules: packs\nno-builtin: true\nformat: json\n")
    monkeypatch.chdir(project / "team")
    assert json.loads(cli("assess").stdout)["respondents"] == 2


def test_pyproject_tool_section(project, cli):
    write_config(
        project,
        '[project]\nname = "x"\n\n[tool.cxcheck]\nanswers = ["cx.yaml"]\nrules = ["packs"]\n'
        "no-builtin = true\nfail-under = 60\n\n[tool.cxcheck.fail-pack]\nalpha = 10\n",
        "pyproject.toml",
    )
    result = cli("config", "--json")
    data = json.loads(result.stdout)
    assert data["values"]["fail-under"] == 60 and data["values"]["fail-pack"] == {"alpha": 10}
    assert data["sources"]["fail-under"] == "pyproject.toml:8"
    assert data["sources"]["fail-pack.alpha"] == "pyproject.toml:11"  # its own line, not the table's
    assert cli("assess").exit_code == 1


def test_cxcheck_yaml_wins_over_pyproject_in_one_folder(project):
    write_config(project, "[tool.cxcheck]\nfail-under = 1\n", "pyproject.toml")
    write_config(project, "fail-under: 2\n")
    assert find_config(project).name == ".cxcheck.yaml"


def test_nearest_folder_wins_and_other_pyprojects_are_passed_over(project):
    write_config(project, "fail-under: 2\n")
    inner = project / "sub"
    inner.mkdir()
    write_config(inner, '[project]\nname = "x"\n', "pyproject.toml")
    assert find_config(inner) == project / ".cxcheck.yaml"
    write_config(inner, "[tool.cxcheck]\nfail-under = 3\n", "pyproject.toml")
    assert find_config(inner) == inner / "pyproject.toml"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (
            "fail-under: 120\n",
            ".cxcheck.yaml:1:13: fail-under: value not allowed (expected at most 100, found 120)",
        ),
        (
            "answers: [cx.yaml]\nfail_under: 50\n",
            ".cxcheck.yaml:2:1: unknown key 'fail_under' (expected 'fail-under', the nearest key;",
        ),
        (
            "profile: slow\n",
            ".cxcheck.yaml:1:10: profile: value not allowed (expected 'full' or 'quick', found 'slow')",
        ),
        (
            "fail-pack:\n  beta: lots\n",
            ".cxcheck.yaml:2:9: fail-pack.beta: value not allowed (expected a number, found 'lots')",
        ),
        ("answers: [cx.yaml\n", ".cxcheck.yaml:2:1: invalid YAML"),
        ("- just a list\n", ".cxcheck.yaml:1: a cxcheck config must be a mapping"),
    ],
)
def test_bad_yaml_config_names_file_line_and_key(project, cli, text, says):
    write_config(project, text)
    result = cli("assess", "--plan", project / "plan.md")
    assert result.exit_code == 2
    assert says in flat(result.stderr)
    assert "Traceback" not in result.stderr and not (project / "plan.md").exists()


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (
            "[tool.cxcheck]\nanswers = ['cx.yaml']\nfail-undr = 50\n",
            "pyproject.toml:3: unknown key 'fail-undr' (expected 'fail-under', the nearest key;",
        ),
        (
            "[tool.cxcheck]\nfail-under = 'high'\n",
            "pyproject.toml:2: tool.cxcheck.fail-under: value not allowed (expected a number",
        ),
        ("[tool.cxcheck]\nfail-under = \n", "pyproject.toml:2:14: invalid TOML"),
        (
            "[tool.cxcheck]\nfail_under = 5\n",
            "pyproject.toml:2: unknown key 'fail_under' (expected 'fail-under', the nearest key;",
        ),
    ],
)
def test_bad_pyproject_config_names_file_line_and_key(project, cli, text, says):
    write_config(project, text, "pyproject.toml")
    result = cli("assess")
    assert result.exit_code == 2
    assert says in flat(result.stderr)


def test_unknown_pack_in_config_thresholds_is_bad_input(project, cli):
    write_config(project, BASIC + "fail-pack: {gamma: 50}\n")
    result = cli("assess")
    assert result.exit_code == 2
    assert ".cxcheck.yaml:4: fail-pack: unknown pack 'gamma' (expected one of alpha, beta)" in flat(
        result.stderr
    )
    refused = cli("config")  # config checks the ids as assess does
    assert refused.exit_code == 2 and "fail-pack: unknown pack 'gamma'" in refused.stderr


def test_explicit_config_and_no_config(project, cli):
    write_config(project, "answers: [missing.yaml]\n")
    other = write_config(project, BASIC + "format: json\n", "ci.yaml")
    assert cli("assess").exit_code == 2  # the nearest one names a missing file
    assert json.loads(cli("assess", "--config", other).stdout)["score"] == 45.0
    refused = cli("assess", "--no-config")
    assert refused.exit_code == 2 and "--answers" in refused.stderr  # no answers, no terminal


def test_config_command_shows_each_setting_and_its_source(project, cli):
    write_config(project, BASIC + "fail-under: 60\n")
    result = cli("config", "--fail-under", "70", "--plan", "p.md")
    assert result.exit_code == 0
    out = flat(result.stdout)
    assert "fail-under 70 command line" in out
    assert "profile full default" in out and "plan p.md command line" in out
    sources = json.loads(cli("config", "--json").stdout)["sources"]
    assert sources["no-builtin"] == ".cxcheck.yaml:3" and sources["fail-under"] == ".cxcheck.yaml:4"


def test_config_command_rejects_an_unknown_option(project, cli):
    result = cli("config", "--fail-undr", "70")
    assert result.exit_code == 2 and "--fail-undr" in result.stderr


def test_config_schema_describes_every_key(cli):
    schema = json.loads(cli("schema", "config").stdout)
    assert {"answers", "fail-under", "fail-pack", "fail-on-drop", "baseline", "junit"} <= set(
        schema["properties"]
    )
    assert schema["additionalProperties"] is False


def test_example_config_validates_against_the_config_schema(cli):
    import jsonschema
    import yaml

    from .conftest import EXAMPLES

    schema = json.loads(cli("schema", "config").stdout)
    jsonschema.validate(yaml.safe_load((EXAMPLES / "ci" / ".cxcheck.yaml").read_text()), schema)


def test_init_takes_packs_and_rules_from_the_config(project, cli):
    write_config(project, BASIC + "packs: beta\n")
    text = cli("init").stdout
    assert "  beta:" in text and "  alpha:" not in text


def test_the_readme_config_example_is_a_valid_config(tmp_path):
    from .conftest import REPO

    readme = (REPO / "README.md").read_text()
    block = readme.split("```yaml\n# .cxcheck.yaml\n", 1)[1].split("```", 1)[0]
    config = load_settings_file(write_config(tmp_path, block))
    assert config.values["fail_on_drop"] == 5 and config.values["fail_pack"] == {"silo-thinking": 25}


def test_an_empty_settings_file_sets_nothing(project, cli):
    write_config(project, "")
    data = json.loads(cli("config", "--json").stdout)
    assert data["file"].endswith(".cxcheck.yaml") and set(data["sources"].values()) == {"default"}


def test_a_baseline_in_the_config_fails_the_run_when_a_score_regresses(project, cli, monkeypatch):
    write_config(project, BASIC + "format: json\noutput: ci/result.json\n")
    (project / "ci").mkdir()
    assert cli("assess").exit_code == 0
    (project / "ci" / "result.json").rename(project / "ci" / "baseline.json")
    config = project / ".cxcheck.yaml"
    config.write_text(config.read_text() + "baseline: ci/baseline.json\nfail-on-drop: 5\n")
    monkeypatch.chdir(project / "ci")
    assert cli("assess", "-q").exit_code == 0  # nothing changed
    answers = project / "cx.yaml"
    answers.write_text(answers.read_text().replace("owner: 3", "owner: 1"))
    regressed = cli("assess", "-q")
    assert regressed.exit_code == 1
    assert regressed.stderr.splitlines() == [
        "score dropped: Overall: 45.0 → 38.3 (-6.7, more than 5.0)",
        "score dropped: Alpha pitfall: 55.0 → 45.0 (-10.0, more than 5.0)",
    ]


def test_a_named_toml_file_must_hold_cxcheck_settings(project, cli):
    other = write_config(project, '[project]\nname = "x"\n', "ci.toml")
    result = cli("assess", "--config", other)
    assert result.exit_code == 2
    assert f"{other}: no cxcheck settings here (expected a [tool.cxcheck] table)" in flat(result.stderr)
    missing = cli("assess", "--config", project / "nope.yaml")
    assert missing.exit_code == 2 and "nope.yaml: file not found" in missing.stderr


def test_a_baseline_named_in_the_file_can_be_created_by_the_readme_bootstrap(project, cli):
    write_config(project, BASIC + "baseline: cxcheck-baseline.json\nfail-on-drop: 5\n")
    created = cli("assess", "--format", "json", "--output", "cxcheck-baseline.json")
    assert created.exit_code == 0, created.stderr
    assert "note: no baseline yet at cxcheck-baseline.json: comparison skipped" in flat(created.stderr)
    assert json.loads((project / "cxcheck-baseline.json").read_text())["score"] == 45.0
    assert cli("assess", "-q").exit_code == 0  # now it compares
    missing = cli("assess", "--baseline", "nope.json")
    assert missing.exit_code == 2 and "nope.json: file not found" in missing.stderr


def test_no_baseline_skips_the_files_baseline_and_refreshes_it(project, cli):
    write_config(project, BASIC + "baseline: base.json\nfail-on-drop: 0\n")
    assert cli("assess", "-f", "json", "-o", "base.json").exit_code == 0
    answers = project / "cx.yaml"
    answers.write_text(answers.read_text().replace("owner: 3", "owner: 1"))
    assert cli("assess", "-q").exit_code == 1
    refreshed = cli("assess", "--no-baseline", "-f", "json", "-o", "base.json")
    assert refreshed.exit_code == 0, refreshed.stderr
    assert cli("assess", "-q").exit_code == 0


def test_format_on_the_command_line_prints_instead_of_writing_the_files_output(project, cli):
    write_config(project, BASIC + "format: json\noutput: result.json\n")
    result = cli("assess", "--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout.startswith("# Customer-experience action plan")
    assert not (project / "result.json").exists()
    shown = json.loads(cli("config", "--json", "--format", "html").stdout)
    assert shown["values"]["output"] is None and "--format" in shown["sources"]["output"]
    assert cli("assess", "-q").exit_code == 0 and (project / "result.json").exists()  # the file's pair


def test_file_thresholds_for_packs_not_selected_are_ignored(project, cli):
    write_config(project, BASIC + "fail-pack: {alpha: 90, beta: 60}\n")
    assert cli("assess", "--packs", "alpha").exit_code == 1  # alpha's own threshold still applies
    only_beta = cli("assess", "--packs", "beta", "--fail-pack", "beta=10")
    assert only_beta.exit_code == 0, only_beta.stderr
    typed = cli("assess", "--packs", "beta", "--fail-pack", "alpha=10")
    assert typed.exit_code == 2 and "--fail-pack names pack 'alpha'" in flat(typed.stderr)


def test_browsing_commands_read_the_settings_file(project, cli):
    write_config(project, BASIC + "packs: [beta]\n")
    assert "alpha" in cli("packs", "list").stdout and "silo-thinking" not in cli("packs", "list").stdout
    assert cli("packs", "show", "alpha").exit_code == 0
    assert cli("explain", "beta").exit_code == 0
    schema = json.loads(cli("schema", "answers").stdout)
    assert set(schema["properties"]["answers"]["properties"]) == {"beta"}
    assert "silo-thinking" in cli("packs", "list", "--no-config").stdout
    assert cli("explain", "silo-thinking", "--no-config").exit_code == 0


def test_answers_from_the_file_are_recorded_relative_to_the_current_folder(project, cli, monkeypatch):
    write_config(project, BASIC + "format: json\n")
    files = [r["file"] for r in json.loads(cli("assess").stdout)["respondent_list"]]
    assert files == ["cx.yaml"]  # the same on every machine, so a baseline in git stays put
    (project / "sub").mkdir()
    monkeypatch.chdir(project / "sub")
    files = [r["file"] for r in json.loads(cli("assess").stdout)["respondent_list"]]
    assert files == [str(project / "cx.yaml")]  # outside the current folder: absolute
    typed = json.loads(cli("assess", "-a", "../cx.yaml").stdout)["respondent_list"]
    assert typed[0]["file"] == "../cx.yaml"  # as written on the command line
