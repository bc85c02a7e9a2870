"""Make docs/report.png, the README's picture of the HTML report, from the real report of
examples/acme-retail.yaml, with headless Chromium.

    python docs/report_picture.py [OUTPUT.png]

Run it after a change to the report or the example (tests/test_readme_pictures.py runs it too,
so a report that no longer renders fails there).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "acme-retail.yaml"
PICTURE = ROOT / "docs" / "report.png"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
WINDOW = "1000,1250"  # the report's head: the verdict, the scores by pitfall and the plan's start


def browser() -> str | None:
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def make_picture(output: Path = PICTURE) -> Path:
    """Render the example's HTML report and photograph its first screen."""
    chromium = browser()
    if chromium is None:
        raise SystemExit("no Chromium or Chrome on the PATH: install one to make the picture")
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.html"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "cxcheck",
                "assess",
                "--answers",
                str(EXAMPLE),
                "--format",
                "html",
                "--output",
                str(report),
                "--no-config",
                "--quiet",
            ],
            check=False,  # an at-risk example exits 1 on no threshold; only a missing report matters
        )
        if not report.exists():
            raise SystemExit("cxcheck did not write the report")
        subprocess.run(
            [
                chromium,
                "--headless",
                "--disable-gpu",
                "--no-sandbox",
                "--hide-scrollbars",
                f"--window-size={WINDOW}",
                f"--screenshot={output.resolve()}",
                report.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    return output


if __name__ == "__main__":
    print(make_picture(Path(sys.argv[1]) if len(sys.argv) > 1 else PICTURE))
