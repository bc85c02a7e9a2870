"""The ready-made integrations in examples/ci, run as far as this machine allows: the workflow
files parse as YAML and their shell steps run against a copy of the example project; the
pre-commit hooks run through pre-commit itself."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import xmlschema
import yaml

from .conftest import DATA, EXAMPLES, REPO

CI = EXAMPLES / "ci"


@pytest.fixture
def project(tmp_path):
    """A repository as the examples expect it: cx.yaml and .cxcheck.yaml at the root."""
    shutil.copy(EXAMPLES / "acme-retail.yaml", tmp_path / "cx.yaml")
    shutil.copy(CI / ".cxcheck.yaml", tmp_path / ".cxcheck.yaml")
    return tmp_path


def run_step(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A CI step's shell script, with this environment's cxcheck first on PATH."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    return subprocess.run(
        ["bash", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": path, **env},
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def is_install(script: str) -> bool:
    return "pip install" in script


def test_github_workflow_runs_and_leaves_what_it_uploads(project, tmp_path):
    workflow = yaml.safe_load((CI / "github-actions.yml").read_text())
    steps = workflow["jobs"]["cxcheck"]["steps"]
    summary = tmp_path / "summary.md"
    scripts = [s["run"] for s in steps if "run" in s and not is_install(s["run"])]
    assert any(script.startswith("cxcheck assess") for script in scripts)
    for script in scripts:
        result = run_step(script, project, {"GITHUB_STEP_SUMMARY": str(summary)})
        assert result.returncode == 0, (script, result.stderr)
        assert result.stdout == "" and result.stderr == ""  # --quiet
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    for name in upload["with"]["path"].split():
        assert (project / name).is_dir() if name.endswith("/") else (project / name).is_file(), name
    assert len(list((project / "cxcheck-history").glob("*.json"))) == 1  # this run, kept for the next
    assert summary.read_text().startswith("# Customer-experience action plan: Acme Retail")


def test_github_workflow_fails_the_build_when_scores_regress(project, tmp_path):
    config = project / ".cxcheck.yaml"
    config.write_text(config.read_text().replace("fail-under: 40", "fail-under: 60"))
    audit = next(
        s["run"]
        for s in yaml.safe_load((CI / "github-actions.yml").read_text())["jobs"]["cxcheck"]["steps"]
        if s.get("run", "").startswith("cxcheck assess")
    )
    score = yaml.safe_load(run_step("cxcheck assess -f json --no-config -a cx.yaml", project, {}).stdout)[
        "score"
    ]
    result = run_step(audit, project, {})
    assert result.returncode == 1
    assert f"threshold failed: overall {score:.1f} is below the required 60.0" in result.stderr
    assert (project / "cxcheck-plan.md").is_file()  # the summary step still has the plan to show


def test_gitlab_job_runs_and_its_junit_report_is_valid(project):
    job = yaml.safe_load((CI / "gitlab-ci.yml").read_text())["cxcheck"]
    for line in job["script"]:
        if not is_install(line):
            result = run_step(line, project, {})
            assert result.returncode == 0, (line, result.stderr)
    for name in job["artifacts"]["paths"]:
        assert (project / name).is_dir() if name.endswith("/") else (project / name).is_file(), name
    junit = project / job["artifacts"]["reports"]["junit"]
    xmlschema.XMLSchema(DATA / "ci" / "junit.xsd").validate(str(junit))


def test_pre_commit_example_names_hooks_this_repository_defines():
    hooks = {h["id"] for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    used = yaml.safe_load((CI / "pre-commit-config.yaml").read_text())["repos"][0]["hooks"]
    assert {h["id"] for h in used} == hooks == {"cxcheck-answers", "cxcheck-packs"}


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def snapshot(target: Path) -> Path:
    """This checkout as it is now (uncommitted edits too) committed once in a scratch repository,
    so both pre-commit runs below see one revision and install the hook environment once."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_symlink() or source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name, follow_symlinks=False)
    _git(target, "init", "-q")
    _git(target, "add", ".")
    _git(target, "commit", "-qm", "snapshot")
    return target


@pytest.mark.slow
def test_pre_commit_example_runs_the_hooks_through_pre_commit(tmp_path):
    """The example .pre-commit-config.yaml, pointed at this checkout, run by pre-commit itself."""
    pre_commit = Path(sys.executable).parent / "pre-commit"
    if shutil.which("git") is None or not pre_commit.exists() or not (REPO / ".git").exists():
        pytest.fail("needs git, pre-commit (the [test] extra) and a git checkout of cxcheck")
    hooks_repo = snapshot(tmp_path / "cxcheck")
    rev = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=hooks_repo, capture_output=True, text=True, check=True
    ).stdout.strip()
    config = yaml.safe_load((CI / "pre-commit-config.yaml").read_text())
    config["repos"][0].update(repo=str(hooks_repo), rev=rev)
    user = tmp_path / "user-repo"
    (user / "rules").mkdir(parents=True)
    (user / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    shutil.copy(EXAMPLES / "acme-retail.yaml", user / "cx.yaml")
    shutil.copy(DATA / "packs" / "alpha.yaml", user / "rules" / "alpha.yaml")
    (user / "notes.yaml").write_text("not: an answers file\n")  # not matched by `files:`
    _git(user, "init", "-q")
    _git(user, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(pre_commit), "run", "--all-files", "--color", "never"],
            cwd=user,
            capture_output=True,
            text=True,
            env=env,
            timeout=240,
        )

    passed = run()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"cxcheck answers files\.+Passed", passed.stdout)
    assert re.search(r"cxcheck rule packs\.+Passed", passed.stdout)
    answers = (user / "cx.yaml").read_text()
    broken = re.sub(r"(cx-owner:\n +value:) \d", r"\1 9", answers, count=1)
    assert broken != answers
    (user / "cx.yaml").write_text(broken)
    line = broken[: broken.index("cx-owner:\n")].count("\n") + 2  # the line of its value
    (user / "rules" / "alpha.yaml").write_text("id: alpha\ntitle: broken\n")
    _git(user, "add", ".")
    failed = run()
    assert failed.returncode == 1
    assert f"cx.yaml:{line}:7: silo-thinking/cx-owner: value not allowed" in failed.stdout
    assert "rules/alpha.yaml:1:1: top level: missing required key 'theme'" in failed.stdout


@pytest.mark.parametrize(
    "path, checked",
    [
        ("cx.yaml", True),
        ("answers.yaml", True),
        ("team/dana-answers.yml", True),
        ("answers/dana.json", True),
        ("cxcheck-baseline.json", False),
        ("schemas/answers.schema.json", False),
        (".cxcheck.yaml", False),
        ("cx-result.json", False),
    ],
)
def test_the_answers_hook_catches_answers_files_and_leaves_results_and_schemas(path, checked):
    import re

    hook = next(
        h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text()) if "answers" in h["id"]
    )
    assert bool(re.search(hook["files"], path)) is checked


@pytest.mark.parametrize(
    "content, says",
    [
        ({"schema_version": 1, "packs": [], "thresholds": {"passed": True}}, "this is a cxcheck result"),
        ({"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "x"}, "this is a JSON Schema"),
    ],
)
def test_a_result_or_a_schema_given_as_answers_is_one_clear_message(cli, tmp_path, content, says):
    import json

    path = tmp_path / "x.json"
    path.write_text(json.dumps(content))
    result = cli("check-answers", path, "--no-config")
    assert result.exit_code == 2
    assert result.stderr.count("error:") == 1
    assert f"{path}: {says}, not an answers file" in result.stderr.replace("\n", " ")
