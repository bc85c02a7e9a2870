"""The README's picture of the HTML report is made from the real report by docs/report_picture.py."""

from __future__ import annotations

import importlib.util
import os
import struct
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "docs" / "report_picture.py"


def _picture_module():
    spec = importlib.util.spec_from_file_location("report_picture", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


def test_the_readme_shows_the_committed_picture():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/report.png)" in readme
    assert png_size(ROOT / "docs" / "report.png") == (1000, 1250)


@pytest.mark.slow
def test_the_picture_is_made_from_the_real_report(tmp_path):
    module = _picture_module()
    if module.browser() is None:
        if os.environ.get("CI"):
            pytest.fail("no Chromium to make the README's picture of the report")
        pytest.skip("no Chromium")
    picture = module.make_picture(tmp_path / "report.png")
    assert png_size(picture) == (1000, 1250)
    assert picture.stat().st_size > 50_000  # a rendered page, not a blank one
