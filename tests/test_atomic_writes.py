"""Outputs are written whole or not at all: a failed or interrupted run leaves no partial file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import cxcheck.render
from cxcheck.errors import BadInput
from cxcheck.io.writing import write_all_atomic, write_atomic

from .conftest import SAMPLE_ANSWERS, SAMPLE_PACKS

OLD = "the result of last week\n"


def assess_writing(cli, result: Path, plan: Path):
    return cli(
        "assess", "--no-builtin", "--rules", SAMPLE_PACKS, "--answers", SAMPLE_ANSWERS / "dana.yaml",
        "--format", "json", "--output", result, "--plan", plan,
    )  # fmt: skip


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_renderer_failing_midway_writes_nothing_and_keeps_the_old_file(cli, tmp_path, monkeypatch):
    result, plan = tmp_path / "result.json", tmp_path / "plan.md"
    result.write_text(OLD)
    real_render = cxcheck.render.render

    def broken(result_model, fmt, **kwargs):
        if fmt == "markdown":
            raise RuntimeError("renderer broke halfway")
        return real_render(result_model, fmt, **kwargs)

    monkeypatch.setattr(cxcheck.render, "render", broken)
    with pytest.raises(RuntimeError):
        assess_writing(cli, result, plan)
    assert result.read_text() == OLD
    assert not plan.exists()
    assert leftovers(tmp_path) == []


def test_when_the_second_file_cannot_be_written_neither_is(cli, tmp_path, monkeypatch):
    result, plan = tmp_path / "result.json", tmp_path / "plan.md"
    result.write_text(OLD)
    real_fdopen = os.fdopen

    def disk_full_for_the_plan(handle, *args, **kwargs):
        stream = real_fdopen(handle, *args, **kwargs)
        if ".plan.md." in os.readlink(f"/proc/self/fd/{handle}"):
            stream.close()
            raise OSError(28, "No space left on device")
        return stream

    if not Path("/proc/self/fd").exists():
        pytest.skip("needs Linux's /proc to tell the two files apart")
    monkeypatch.setattr(os, "fdopen", disk_full_for_the_plan)
    outcome = assess_writing(cli, result, plan)
    assert outcome.exit_code == 2
    assert f"error: {plan}: cannot write file: No space left on device" in outcome.stderr
    assert result.read_text() == OLD
    assert not plan.exists()
    assert leftovers(tmp_path) == []


def test_ctrl_c_while_writing_leaves_no_partial_file(tmp_path, monkeypatch):
    target = tmp_path / "plan.md"
    target.write_text(OLD)
    real_replace = os.replace

    def interrupted(source, destination):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_all_atomic({target: "new plan\n", tmp_path / "result.json": "{}"})
    monkeypatch.setattr(os, "replace", real_replace)
    assert target.read_text() == OLD
    assert not (tmp_path / "result.json").exists()
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_files_get_the_permissions_the_umask_gives(tmp_path, umask, mode):
    previous = os.umask(umask)
    try:
        write_atomic(tmp_path / "plan.md", "plan\n")
    finally:
        os.umask(previous)
    assert (tmp_path / "plan.md").stat().st_mode & 0o777 == mode


def test_a_replaced_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "result.json"
    target.write_text(OLD)
    target.chmod(0o640)
    write_atomic(target, "{}")
    assert target.read_text() == "{}"
    assert target.stat().st_mode & 0o777 == 0o640


def test_an_output_that_is_a_folder_is_refused_before_anything_is_written(tmp_path):
    result, plan = tmp_path / "result.json", tmp_path / "plan"
    plan.mkdir()
    with pytest.raises(BadInput) as refused:
        write_all_atomic({result: "{}", plan: "plan"})
    assert str(refused.value) == f"{plan}: cannot write here: this is a folder"
    assert not result.exists()
    assert leftovers(tmp_path) == []
