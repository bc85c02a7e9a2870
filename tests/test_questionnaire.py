"""The offline questionnaire (`init --format html`), in a real browser: the system Chromium driven
by Playwright. People fill it in, reload midway, save; the saved files score exactly as the
YAML files they stand for. Without Chromium these tests skip locally and fail in CI (CI=1).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from .forms_workshop import (
    NUMBERS,
    ORGANISATION,
    PACK_OPTIONS,
    PEOPLE,
    assess_json,
    comparable,
    label,
    split,
    write_yaml_workshop,
)


def make_questionnaire(path: Path, *options: str, packs: tuple[str, ...] = PACK_OPTIONS) -> Path:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "cxcheck",
            "init",
            "--format",
            "html",
            "-o",
            str(path),
            *packs,
            *options,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return path


@pytest.fixture(scope="module")
def questionnaire(tmp_path_factory) -> Path:
    return make_questionnaire(tmp_path_factory.mktemp("form") / "questionnaire.html")


# -- the file itself, no browser needed --------------------------------------------------------


def test_one_self_contained_file_with_neutral_headings_and_no_scores(questionnaire):
    html = questionnaire.read_text(encoding="utf-8")
    for reaches_out in ("http:", "https:", "<link", "@import", "url(", " src="):
        assert reaches_out not in html
    assert '<h2 id="pack-ownership">Ownership across teams</h2>' in html  # the neutral heading
    assert "Silo pitfall" not in html  # ... never the pitfall's name
    assert '<h2 id="pack-listening">Listening pitfall</h2>' in html  # no heading: the title
    assert "Who looks after the customer&#39;s journey from start to end." in html  # the intro
    shown = html.split("<script>")[0].lower()
    assert "score" not in shown and "(scores" not in html
    assert html.count("Choose the highest level whose every condition holds.") == 1  # one scale question
    assert "Think of the last complaint that crossed two departments." in html  # help, on demand
    assert html.count('value="&#34;n/a&#34;"') == 5  # not on the question that does not allow it


def test_the_output_suffix_picks_the_questionnaire(tmp_path):
    path = tmp_path / "for-everyone.html"
    done = subprocess.run(
        [sys.executable, "-m", "cxcheck", "init", "-o", str(path), *PACK_OPTIONS],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert path.read_text(encoding="utf-8").startswith("<!doctype html>")


# -- in Chromium -------------------------------------------------------------------------------


def _unavailable(what: str) -> None:
    message = f"{what} is not installed (apt-get install chromium; pip install playwright)"
    if os.environ.get("CI"):  # CI installs both: a missing browser is a failure there
        pytest.fail(message)
    pytest.skip(message)


def chromium_path() -> str | None:
    return os.environ.get("CXCHECK_CHROMIUM") or next(
        filter(None, (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome"))), None
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright")
    executable = chromium_path()
    if executable is None:
        _unavailable("chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable)
        yield launched
        launched.close()


@pytest.fixture
def open_form(browser, questionnaire):
    """A fresh browser profile (its own storage) showing the questionnaire; every request the
    page makes is recorded, to prove nothing leaves the machine."""
    contexts = []

    def start(path: Path = questionnaire, width: int = 1280) -> Any:
        context = browser.new_context(accept_downloads=True, viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.requests = []
        page.on("request", lambda request: page.requests.append(request.url))
        page.goto(path.as_uri())
        return page

    yield start
    for context in contexts:
        context.close()


def question(page: Any, ref: str) -> Any:
    return page.locator(f'fieldset[data-ref="{ref}"]')


def answer(page: Any, ref: str, given: Any) -> None:
    value, note = split(given)
    box = question(page, ref)
    if ref in NUMBERS and isinstance(value, (int, float)):
        box.locator("[data-number]").fill(str(value))
    else:
        box.get_by_role("radio", name=label(ref, value), exact=True).check()
    if note:
        box.get_by_label("Note (optional)").fill(note)


def save(page: Any, folder: Path) -> Path:
    with page.expect_download() as downloading:
        page.get_by_role("button", name="Save answers").first.click()
    download = downloading.value
    target = folder / download.suggested_filename
    download.save_as(target)
    return target


def progress(page: Any) -> str:
    return page.locator("#count").inner_text()


@pytest.mark.slow
def test_five_questionnaires_saved_in_chromium_score_as_the_yaml_files(open_form, tmp_path):
    downloads = tmp_path / "downloads"
    for number, (name, role, answers) in enumerate(PEOPLE):
        page = open_form()
        page.get_by_label("Your name", exact=True).fill(name)
        page.get_by_label("Your role or department").fill(role)
        page.get_by_label("Organisation").fill(ORGANISATION)
        items = list(answers.items())
        for ref, given in items[:4]:
            answer(page, ref, given)
        if number == 0:  # close and come back: everything is still there
            page.reload()
            assert page.get_by_label("Your name", exact=True).input_value() == name
            assert progress(page) == "4 of 6 answered"
            for ref, given in items[:4]:
                value, note = split(given)
                box = question(page, ref)
                if ref in NUMBERS and isinstance(value, (int, float)):
                    assert box.locator("[data-number]").input_value() == str(value)
                else:
                    assert box.get_by_role("radio", name=label(ref, value), exact=True).is_checked()
                assert box.get_by_label("Note (optional)").input_value() == (note or "")
            page.get_by_role("button", name="Go to the first unanswered question").first.click()
            first_left = question(page, items[4][0]).locator("input").first
            assert first_left.evaluate("input => input === document.activeElement")
        for ref, given in items[4:]:
            answer(page, ref, given)
        assert progress(page) == f"{len(answers)} of 6 answered"
        saved = save(page, downloads)
        assert saved.name == f"cxcheck-answers-{name.lower().replace(' ', '-').replace('é', 'e')}.yaml"
        assert page.get_by_role("status").inner_text().startswith(f"Saved {saved.name}")
        assert all(url.startswith(("file:", "blob:")) for url in page.requests), page.requests

    expected = comparable(assess_json(write_yaml_workshop(tmp_path / "yaml", dt.date.today())))
    assert comparable(assess_json(downloads)) == expected


@pytest.mark.slow
def test_the_quick_questionnaire_by_keyboard_alone(open_form, tmp_path):
    page = open_form(make_questionnaire(tmp_path / "quick.html", "--profile", "quick"))
    keys = page.keyboard

    def focused() -> str:
        return str(page.evaluate("document.activeElement.id || document.activeElement.textContent"))

    page.locator("#respondent-name").focus()
    keys.type("Kim")
    keys.press("Tab")
    keys.press("Space")  # anonymous
    keys.press("Tab")
    assert focused() == "respondent-role"
    keys.type("HR")
    keys.press("Tab")
    keys.press("Tab")  # past the organisation, into the first question's answers
    assert focused() == "q-listening--feedback-use-0"
    keys.press("ArrowDown")
    keys.press("Tab")
    keys.type("Only the complaints team reads it")
    keys.press("Tab")
    keys.press("Tab")  # past Clear answer, to the next question's help
    assert focused() == "Help"
    keys.press("Enter")
    assert question(page, "ownership/owner").get_by_text("Think of the last complaint").is_visible()
    keys.press("Tab")
    for _ in range(4):
        keys.press("ArrowDown")  # from the first level (focused, not chosen) to the top one ...
    keys.press("ArrowUp")  # ... and back one: level 3 of 0-4
    assert progress(page) == "2 of 2 answered"
    for _ in range(3):
        keys.press("Tab")  # the note, Clear answer, then Save answers
    assert focused() == "Save answers"
    with page.expect_download() as downloading:
        keys.press("Enter")
    saved = tmp_path / downloading.value.suggested_filename
    downloading.value.save_as(saved)

    assert saved.name == "cxcheck-answers-hr.yaml"  # anonymous: named after the role
    document = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert document == {
        "cxcheck": 1,
        "respondent": {"role": "HR"},
        "date": dt.date.today(),
        "answers": {
            "listening": {
                "feedback-use": {
                    "value": 'It is read by a "CX" team',
                    "note": "Only the complaints team reads it",
                }
            },
            "ownership": {"owner": 3},
        },
    }
    result = assess_json(saved, extra=("--profile", "quick"))
    assert result["respondent_list"][0]["name"] is None
    assert result["asked"] == 2 and result["answered"] == 2


@pytest.mark.slow
def test_a_bad_number_is_refused_and_clear_takes_an_answer_back(open_form, tmp_path):
    page = open_form()
    goals = question(page, "ownership/shared-goals")
    goals.locator("[data-number]").fill("140")
    assert goals.get_by_text("Type a number from 0 to 100, or pick an answer below.").is_visible()
    assert progress(page) == "0 of 6 answered"
    downloads = []
    page.on("download", lambda download: downloads.append(download))
    page.get_by_role("button", name="Save answers").first.click()
    assert page.get_by_role("status").inner_text() == "Not saved: 1 number needs fixing first."
    assert page.evaluate("document.activeElement.id") == "q-ownership--shared-goals-number"
    assert downloads == []

    goals.get_by_role("radio", name="none yet", exact=True).check()  # a word answer replaces the number
    assert goals.locator("[data-number]").input_value() == ""
    answer(page, "listening/surveyed", "yes")
    assert progress(page) == "2 of 6 answered"
    question(page, "listening/surveyed").get_by_role("button", name="Clear the answer to question 2").click()
    assert progress(page) == "1 of 6 answered"
    document = yaml.safe_load(save(page, tmp_path).read_text(encoding="utf-8"))
    assert document["answers"] == {"ownership": {"shared-goals": "none yet"}}


@pytest.mark.slow
@pytest.mark.parametrize("width", [320, 400, 1280])
def test_readable_and_labelled_on_a_phone_and_a_projector(open_form, width):
    page = open_form(width=width)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
    body_px = float(page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)"))
    assert body_px >= (18 if width < 960 else 20)
    unlabelled = page.evaluate(
        """[...document.querySelectorAll('input, textarea, button')].filter(e =>
             !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
             && !(e.tagName === 'BUTTON' && e.textContent.trim())).map(e => e.outerHTML)"""
    )
    assert unlabelled == []
    legends = page.evaluate(
        "[...document.querySelectorAll('fieldset')].map(f => f.querySelector('legend') !== null)"
    )
    assert legends == [True] * 6
    bar = page.locator(".bar").bounding_box()
    assert bar is not None and bar["height"] < 80  # the progress bar leaves the page to the questions


@pytest.mark.slow
@pytest.mark.parametrize("width", [320, 400])
def test_the_shipped_catalogue_fits_a_phone(open_form, tmp_path_factory, width):
    """Its long levels and help texts wrap; nothing makes the page scroll sideways."""
    shipped = tmp_path_factory.getbasetemp() / "shipped.html"
    if not shipped.exists():
        make_questionnaire(shipped, packs=("--no-config",))
    page = open_form(shipped, width=width)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.slow
def test_the_same_answers_in_the_terminal_interview_score_identically(open_form, tmp_path):
    from .test_interview import Terminal

    name, role, answers = PEOPLE[1]  # no notes: the terminal takes one line each
    page = open_form()
    page.get_by_label("Your name", exact=True).fill(name)
    page.get_by_label("Your role or department").fill(role)
    page.get_by_label("Organisation").fill(ORGANISATION)
    for ref, given in answers.items():
        answer(page, ref, given)
    from_questionnaire = save(page, tmp_path / "browser")

    term = Terminal(
        tmp_path, "assess", *PACK_OPTIONS, "--save", "session.yaml", "--format", "json", "-o", "r.json"
    )
    term.introduce(ORGANISATION, name, role)
    term.answer("b", "u", "6.5", "1", "n", "none yet")  # listening, then ownership; a choice takes its letter
    term.decline_files()
    assert term.exit_code() in (0, 1)

    typed = comparable(assess_json(tmp_path / "session.yaml"))
    assert typed == comparable(assess_json(from_questionnaire))
