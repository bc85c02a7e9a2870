"""Shared fixtures: small packs and answers under tests/data, and ways to run the CLI."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cxcheck.cli import app

DATA = Path(__file__).parent / "data"
SAMPLE_PACKS = DATA / "packs"
SAMPLE_ANSWERS = DATA / "answers"
REPO = Path(__file__).parent.parent
EXAMPLES = REPO / "examples"


@pytest.fixture
def cli():
    """Run cxcheck in-process; stdout and stderr kept apart, as a shell would see them."""
    runner = CliRunner()

    def run(*args: str, input: str | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)

    return run


@pytest.fixture
def sample(cli):
    """Run cxcheck against the small test packs only."""

    def run(*args: str):
        return cli(*args, "--no-builtin", "--rules", str(SAMPLE_PACKS))

    return run


def console_script() -> str:
    """The installed `cxcheck` script beside this Python, as a user would run it."""
    script = Path(sys.executable).parent / "cxcheck"
    if not script.exists():
        missing = "cxcheck console script is not installed beside this Python"
        if os.environ.get("CI"):  # CI installs the real thing: a missing script is a failure there
            pytest.fail(missing)
        pytest.skip(missing)
    return str(script)


@pytest.fixture
def run_installed(tmp_path):
    """Run the installed console script in a fresh folder, away from the checkout."""

    def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [console_script(), *map(str, args)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "NO_COLOR": "1", "COLUMNS": "100", **(env or {})},
            timeout=60,
        )

    return run


def flat(text: str) -> str:
    """Text with Rich's panel borders and line wrapping removed, for substring checks."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())
