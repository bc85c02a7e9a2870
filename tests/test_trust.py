"""Someone else's settings file never steers a run (docs/security.md): the walk-up stops at the
repository root or the home folder, skips files another user owns or could have planted, and a
settings file writes only inside the folder it governs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .conftest import SAMPLE_ANSWERS, SAMPLE_PACKS
from .test_bad_input import refuse_to_open

NOBODY = 65534
ROOT_ONLY = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file to another user needs root"
)
# A planted file that, if obeyed, writes a plan and JUnit over the victim's files.
PLANTED = "plan: {target}\njunit: {target}\n"


@pytest.fixture
def victim(tmp_path, monkeypatch):
    """A home folder with a .bashrc, and a shared folder below /tmp-like space with a project."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".bashrc").write_text("# the victim's shell\n")
    monkeypatch.setenv("HOME", str(home))
    shared = tmp_path / "shared"
    (shared / "work").mkdir(parents=True)
    shutil.copy(SAMPLE_ANSWERS / "dana.yaml", shared / "work" / "cx.yaml")
    monkeypatch.chdir(shared / "work")
    return home, shared


def assess(cli, *args):
    return cli("assess", "--no-builtin", "--rules", SAMPLE_PACKS, "--answers", "cx.yaml", *args)


def plant(folder: Path, home: Path, uid: int | None = None, mode: int | None = None) -> Path:
    path = folder / ".cxcheck.yaml"
    path.write_text(PLANTED.format(target=home / ".bashrc"))
    if uid is not None:
        os.chown(path, uid, -1)
    if mode is not None:
        folder.chmod(mode)
    return path


def assert_victim_safe(result, home: Path, path: Path, says: str) -> None:
    assert result.exit_code == 0, result.stderr
    assert (home / ".bashrc").read_text() == "# the victim's shell\n"
    assert f"note: ignored settings file {path}: {says}" in result.stderr
    assert "Traceback" not in result.stderr


@ROOT_ONLY
def test_a_settings_file_owned_by_another_user_is_ignored_with_a_note(cli, victim):
    home, shared = victim
    planted = plant(shared, home, uid=NOBODY)
    assert_victim_safe(assess(cli), home, planted, "it is owned by another user (uid 65534)")


@ROOT_ONLY
def test_a_symlink_to_ones_own_file_planted_by_another_user_is_ignored(cli, victim, tmp_path):
    home, shared = victim
    own = tmp_path / "own.yaml"
    own.write_text(PLANTED.format(target=home / ".bashrc"))
    (shared / ".cxcheck.yaml").symlink_to(own)
    os.chown(shared / ".cxcheck.yaml", NOBODY, -1, follow_symlinks=False)
    assert_victim_safe(assess(cli), home, shared / ".cxcheck.yaml", "it is owned by another user")


@pytest.mark.parametrize("mode", [0o777, 0o1777], ids=["world-writable", "sticky-but-not-mine"])
@ROOT_ONLY
def test_a_settings_file_in_a_folder_everyone_may_write_is_ignored(cli, victim, mode):
    home, shared = victim
    planted = plant(shared, home, mode=mode)
    os.chown(shared, NOBODY, -1)  # the folder's owner is not the person running cxcheck
    assert_victim_safe(assess(cli), home, planted, "its folder is writable by every user")


def test_a_sticky_world_writable_folder_of_ones_own_is_trusted(cli, victim):
    shared = victim[1]
    (shared / ".cxcheck.yaml").write_text("format: json\n")
    shared.chmod(0o1777)
    result = assess(cli)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("{") and "ignored" not in result.stderr


def test_the_walk_stops_at_the_repository_root(cli, victim):
    home, shared = victim
    plant(shared, home)
    (shared / "work" / ".git").mkdir()
    result = assess(cli)
    assert result.exit_code == 0, result.stderr
    assert (home / ".bashrc").read_text() == "# the victim's shell\n"
    assert "note" not in result.stderr  # not even looked at


def test_the_walk_stops_at_the_home_folder(cli, tmp_path, monkeypatch):
    home = tmp_path / "home"
    (home / "project").mkdir(parents=True)
    shutil.copy(SAMPLE_ANSWERS / "dana.yaml", home / "project" / "cx.yaml")
    (tmp_path / ".cxcheck.yaml").write_text("format: json\n")  # above the home folder
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(home / "project")
    result = assess(cli)
    assert result.exit_code == 0, result.stderr
    assert not result.stdout.startswith("{")


@pytest.mark.parametrize(
    ("key", "value"),
    [("plan", "../outside.md"), ("junit", "{home}/.bashrc"), ("output", "link/result.json")],
    ids=["parent", "absolute", "symlink-out"],
)
def test_a_settings_file_writes_only_inside_its_own_folder(cli, victim, key, value):
    home, shared = victim
    project = shared / "work"
    (project / "link").symlink_to(home)
    (project / ".cxcheck.yaml").write_text(f"format: json\n{key}: {value.format(home=home)}\n")
    result = assess(cli)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith("error: ") and f".cxcheck.yaml:2: {key}: " in result.stderr
    assert f"is outside the folder this settings file governs ({project})" in result.stderr
    assert f"--{key} on the command line" in result.stderr
    assert (home / ".bashrc").read_text() == "# the victim's shell\n"
    assert not (shared / "outside.md").exists() and not (home / "result.json").exists()
    # Typed on the command line, the same path is the person's own choice.
    typed = assess(cli, f"--{key}", value.format(home=home))
    assert typed.exit_code == 0, typed.stderr


def test_paths_inside_the_governed_folder_still_work(cli, victim):
    project = victim[1] / "work"
    (project / "out").mkdir()
    (project / ".cxcheck.yaml").write_text("plan: out/plan.md\njunit: out/junit.xml\n")
    result = assess(cli)
    assert result.exit_code == 0, result.stderr
    assert (project / "out" / "plan.md").exists() and (project / "out" / "junit.xml").exists()


def test_an_unreadable_settings_file_is_one_clear_message(cli, victim, monkeypatch):
    project = victim[1] / "work"
    settings = project / ".cxcheck.yaml"
    settings.write_text("format: json\n")
    settings.chmod(0)
    if os.access(settings, os.R_OK):  # root reads anything: make reading fail as it would for others
        refuse_to_open(monkeypatch, settings)
    result = assess(cli)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {settings}: cannot read file: Permission denied")
    assert "Traceback" not in result.stderr
