"""The terminal interview: its reply parsing directly, and the real console script in a pseudo-terminal."""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import signal
from pathlib import Path

import pexpect
import pytest
import yaml

from cxcheck.answers import answers_document, load_response
from cxcheck.catalogue import load_catalogue
from cxcheck.errors import BadInput
from cxcheck.interview.replies import Reply, ReplyRejected, parse_reply
from cxcheck.interview.session import command_line, resume_position, seconds_to_answer, tally
from cxcheck.model import NOT_APPLICABLE, UNKNOWN, Given, Response

from .conftest import console_script, flat

PACKS = Path(__file__).parent / "data" / "interview" / "packs"
FIGURES = Path(__file__).parent / "data" / "interview" / "figures"
MINI = ("--no-builtin", "--rules", str(PACKS))
TIMEOUT = 10
PROMPT = "›"
SGR = re.compile(r"\x1b\[([0-9;]*)m")
STYLES_BETWEEN = r"(?:\x1b\[[0-9;]*m)*"
CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


@pytest.fixture(scope="module")
def mini():
    """The two small test packs: service (scale, yes/no with partly, choice, number) and trust."""
    packs = load_catalogue([PACKS], builtin=False)
    by_id = {p.id: p for p in packs}
    return packs, {f"{p.id}/{q.id}": q for p in packs for q in p.questions}, by_id


# --- reading replies --------------------------------------------------------------------


def test_scale_takes_a_level_and_rejects_others_with_the_range(mini):
    _, q, _ = mini
    assert parse_reply(" 3 ", q["service/owner"]) == Reply("answer", 3)
    for wrong in ("5", "-1", "two", "3.5"):
        with pytest.raises(ReplyRejected, match="0-4"):
            parse_reply(wrong, q["service/owner"])


def test_yes_no_takes_y_n_and_partly_only_where_allowed(mini):
    _, q, _ = mini
    launches, promises = q["service/launches-checked"], q["trust/promises-kept"]
    assert parse_reply("Y", launches).value == "yes"
    assert parse_reply("no", launches).value == "no"
    assert parse_reply("p", launches).value == "partly"
    assert parse_reply("n", promises).value == "no"  # on yes/no, n is no, not N/A
    with pytest.raises(ReplyRejected, match="y or n only"):
        parse_reply("p", promises)
    with pytest.raises(ReplyRejected, match="y, n or p"):
        parse_reply("maybe", launches)


def test_choice_takes_a_letter_or_a_label_never_a_number(mini):
    _, q, _ = mini
    assert parse_reply("b", q["service/channel"]).value == "Email"
    assert parse_reply("C", q["service/channel"]).value == "Every channel"
    assert parse_reply("every channel", q["service/channel"]).value == "Every channel"
    for wrong in ("1", "d", "0"):  # a number reads as a count ("two changes"), so it is refused
        with pytest.raises(ReplyRejected, match="letter of an option, a-c"):
            parse_reply(wrong, q["service/channel"])


def test_number_takes_a_non_negative_finite_number(mini):
    _, q, _ = mini
    hours = q["service/reply-hours"]
    assert parse_reply("12", hours).value == 12
    assert isinstance(parse_reply("12.0", hours).value, int)
    assert parse_reply("1.5", hours).value == 1.5
    for wrong in ("-3", "inf", "nan", "soon", "1e999"):
        with pytest.raises(ReplyRejected, match="number of hours"):
            parse_reply(wrong, hours)


@pytest.fixture(scope="module")
def figures():
    """Counted answers: a count-like choice, a percentage, months with the word 'never'."""
    return {q.id: q for q in load_catalogue([FIGURES], builtin=False)[0].questions}


@pytest.mark.parametrize(
    ("typed", "question", "recorded"),
    [
        ("18 months", "plan-age", 18),
        ("about 18", "plan-age", 18),
        ("2 years", "plan-age", 24),
        ("~ 6 weeks", "plan-age", 1.38),
        ("never", "plan-age", "never"),
        ("Never", "plan-age", "never"),
        ("15%", "share", 15),
        ("15 %", "share", 15),
        ("15 percent", "share", 15),
        ("100", "share", 100),
        ("2 days", "service/reply-hours", 48),
        ("1,200 hours", "service/reply-hours", 1200),
    ],
)
def test_numbers_take_units_words_and_about(mini, figures, typed, question, recorded):
    _, q, _ = mini
    value = parse_reply(typed, q.get(question) or figures[question]).value
    assert value == recorded and type(value) is type(recorded)


@pytest.mark.parametrize(
    ("typed", "question", "hint"),
    [
        ("101", "share", "a percentage from 0 to 100"),
        ("150%", "share", "a percentage from 0 to 100"),
        ("18 apples", "plan-age", "type a number of months (for example 12, 12 months, about 12, never)"),
        ("15%", "plan-age", "a number of months"),
        ("soon", "plan-age", "a number of months"),
    ],
)
def test_numbers_refuse_other_units_and_shares_over_100(figures, typed, question, hint):
    with pytest.raises(ReplyRejected, match=re.escape(hint)):
        parse_reply(typed, figures[question])


def test_a_share_over_100_in_an_answers_file_is_refused_with_its_line(tmp_path):
    packs = {p.id: p for p in load_catalogue([FIGURES], builtin=False)}
    path = tmp_path / "a.yaml"
    path.write_text("cxcheck: 1\nanswers:\n  figures:\n    share: 150\n")
    with pytest.raises(BadInput) as raised:
        load_response(path, packs)
    (problem,) = raised.value.problems
    assert (problem.line, problem.found) == (4, "150")
    assert "a percentage, from 0 to 100, unknown or n/a" in problem.expected


def test_a_count_like_choice_is_keyed_by_letters(figures):
    changes = figures["changes"]
    assert changes.menu() == [("a", "None"), ("b", "One or two"), ("c", "Three or four")]
    with pytest.raises(ReplyRejected, match="letter"):
        parse_reply("2", changes)  # two changes: not "Three or four"


def test_time_estimate_grows_with_the_text(mini):
    _, q, _ = mini
    short, listed = seconds_to_answer(q["trust/promises-kept"]), seconds_to_answer(q["service/owner"])
    assert 8 < short < listed
    assert listed - short == pytest.approx(60 / 200 * (18 - 5))  # 18 words shown against 5


def test_tally_uses_the_words_of_every_report(mini):
    packs, _, _ = mini
    questions = [(p, q) for p in packs for q in p.questions]
    answers = {
        "service": {
            "owner": Given(2, None),
            "launches-checked": Given(NOT_APPLICABLE, None),
            "reply-hours": Given(UNKNOWN, None),
        }
    }
    response = Response(file="s.yaml", answers=answers)
    assert tally(response, questions) == "1 answered · 1 don't know · 1 n/a · 1 skipped · 1 to go"
    assert tally(response, questions, done=True) == "1 answered · 1 don't know · 1 n/a · 2 skipped"


def test_unknown_and_not_applicable(mini):
    _, q, _ = mini
    assert parse_reply("u", q["service/owner"]).value == UNKNOWN
    assert parse_reply("na", q["service/channel"]).value == NOT_APPLICABLE
    assert parse_reply("na", q["service/launches-checked"]).value == NOT_APPLICABLE
    assert parse_reply("n/a", q["service/reply-hours"]).value == NOT_APPLICABLE
    with pytest.raises(ReplyRejected, match="n/a is not accepted"):
        parse_reply("na", q["service/owner"])


@pytest.mark.parametrize("question", ["service/channel", "service/reply-hours", "service/owner"])
def test_n_means_no_at_every_question_never_not_applicable(mini, question):
    _, q, _ = mini
    with pytest.raises(ReplyRejected, match="this question has no 'no'"):
        parse_reply("n", q[question])


def test_notes_follow_a_semicolon(mini):
    _, q, _ = mini
    owner = q["service/owner"]
    assert parse_reply("3 ;  the COO;  since May ", owner) == Reply("answer", 3, "the COO; since May")
    assert parse_reply("3;", owner) == Reply("answer", 3, "")  # clears the note
    assert parse_reply("u ; nobody has checked", owner) == Reply("answer", UNKNOWN, "nobody has checked")
    assert parse_reply("; just a note", owner) == Reply("keep", note="just a note")
    assert parse_reply("", owner) == Reply("keep")
    with pytest.raises(ReplyRejected, match="a note goes after an answer"):
        parse_reply("s ; later", owner)


def test_keys(mini):
    _, q, _ = mini
    owner = q["service/owner"]
    assert [parse_reply(k, owner).action for k in ("?", "help", "<", "BACK", "s", "skip")] == [
        "help",
        "help",
        "back",
        "back",
        "skip",
        "skip",
    ]


# --- the session file -------------------------------------------------------------------


def test_session_document_reads_back_as_the_same_answers(mini, tmp_path):
    packs, _, by_id = mini
    answers = {
        "service": {
            "owner": Given(3, "the COO: since May"),
            "launches-checked": Given("yes", None),
            "channel": Given(NOT_APPLICABLE, None),
            "reply-hours": Given(1.5, None),
        },
        "trust": {"promises-kept": Given(UNKNOWN, "nobody knows")},
    }
    response = Response(file="s.yaml", organisation="Acme: Retail", name="Dana", role="HR", answers=answers)
    path = tmp_path / "s.yaml"
    path.write_text(answers_document(response, packs, "a header\nover two lines"))
    text = path.read_text()
    assert text.startswith("# a header\n# over two lines\ncxcheck: 1\n")
    loaded = load_response(path, by_id)
    assert (loaded.organisation, loaded.name, loaded.role) == ("Acme: Retail", "Dana", "HR")
    assert loaded.answers == answers


def test_resume_continues_after_the_last_answer(mini):
    packs, _, _ = mini
    questions = [(p, q) for p in packs for q in p.questions]
    response = Response(file="s.yaml")
    assert resume_position(response, questions) == 0
    response.answers = {"service": {"owner": Given(1, None), "channel": Given(2, None)}}
    assert resume_position(response, questions) == 3  # launches-checked was skipped: it stays so


def test_continue_command_repeats_the_options_and_quotes_paths():
    command = command_line(
        "--resume",
        Path("my session.yaml"),
        {"--profile": "quick", "--packs": None, "--rules": [Path("a b"), Path("c")], "--no-builtin": True},
    )
    assert (
        command
        == "cxcheck assess --resume 'my session.yaml' --profile quick --rules 'a b' --rules c --no-builtin"
    )
    assert shlex.split(command)[3] == "my session.yaml"


# --- options the interview refuses ------------------------------------------------------


@pytest.mark.parametrize("option", ["--resume", "--save"])
def test_resume_and_save_cannot_be_combined_with_answers(cli, tmp_path, option):
    answers = tmp_path / "a.yaml"
    answers.write_text("cxcheck: 1\n")
    result = cli("assess", "--answers", answers, option, tmp_path / "s.yaml", *MINI)
    assert result.exit_code == 2
    assert "--resume and --save are for the interview" in result.stderr


# --- the real console script in a pseudo-terminal ---------------------------------------


class Terminal:
    """The installed `cxcheck` in a pseudo-terminal, as a person at a keyboard meets it."""

    def __init__(
        self, cwd: Path, *args: str, colour: bool = False, columns: int = 100, lines: int = 50
    ) -> None:
        env = {
            k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR")
        }
        env["TERM"] = "xterm-256color"
        if not colour:
            env["NO_COLOR"] = "1"
        self.output = io.StringIO()
        self.child = pexpect.spawn(
            console_script(),
            list(args),
            cwd=str(cwd),
            env=env,
            encoding="utf-8",
            codec_errors="replace",
            timeout=TIMEOUT,
            dimensions=(lines, columns),
        )
        self.child.logfile_read = self.output

    def expect(self, text: str) -> None:
        """Wait for `text` as the person reads it: styles (bold even under NO_COLOR) may split it."""
        self.child.expect(STYLES_BETWEEN.join(re.escape(c) for c in text))

    def answer(self, *replies: str) -> None:
        """Type each reply at the next question prompt."""
        for reply in replies:
            self.child.expect_exact(PROMPT)
            self.child.sendline(reply)

    def introduce(self, organisation: str = "Acme Retail", name: str = "", role: str = "") -> None:
        for label, text in (("Organisation: ", organisation), ("Your name", name), ("Your role", role)):
            self.expect(label)
            self.child.sendline(text)

    def decline_files(self) -> None:
        """Say no to the one offer at the end: the HTML report and the plan."""
        self.expect("Write an HTML report")
        self.child.sendline("n")

    def exit_code(self) -> int:
        # scoring and saving can take a while on a loaded CI machine; a hang still fails, later
        self.child.expect(pexpect.EOF, timeout=3 * TIMEOUT)
        self.child.close()
        return self.child.exitstatus if self.child.exitstatus is not None else -self.child.signalstatus

    @property
    def screen(self) -> str:
        """What the person saw, as plain text lines."""
        return CONTROL.sub("", self.output.getvalue()).replace("\r\n", "\n")


@pytest.mark.slow
def test_the_interview_ends_on_one_screen_that_fits_80_by_24(tmp_path):
    term = Terminal(tmp_path, "assess", *MINI, "--fail-under", "90", columns=80, lines=24)
    term.expect("5 questions in 2 packs, about 1 minute")
    term.introduce("Acme Retail", "Dana", "Operations")
    term.answer("2", "y ; checked monthly", "u", "2 days", "n")
    term.expect("Write an HTML report and the action plan?")
    term.child.sendline("")  # yes
    assert term.exit_code() == 1  # --fail-under 90 is not met
    screen = term.screen
    assert "Done: 4 answered · 1 don't know" in screen
    assert "answers file?" not in screen.lower()  # the session file is the answers file: never asked again
    last = screen[screen.index("Done:") :].rstrip("\n").split("\n")
    assert len(last) <= 24, "\n".join(last)
    assert max(len(line) for line in last) <= 80
    closing = flat("\n".join(last))
    for shown in (
        "Acme Retail · ",
        "Overall",
        "known · 4 answered · 1 don't know",
        "below the required 90.0",
        "First steps",
        "1.",
        "3.",
        "answers cxcheck-session.yaml",
        "report cxcheck-report.html (open it in a browser)",
        "plan cxcheck-plan.md",
        "cxcheck assess --answers cxcheck-session.yaml",
        "cxcheck init -o colleague.yaml",
    ):
        assert shown in closing, shown
    assert "4." not in closing
    assert (tmp_path / "cxcheck-report.html").read_text().lstrip().lower().startswith("<!doctype html")
    assert (tmp_path / "cxcheck-plan.md").read_text().startswith("# Customer-experience action plan: Acme")
    saved = yaml.safe_load((tmp_path / "cxcheck-session.yaml").read_text())
    assert saved["respondent"] == {"name": "Dana", "role": "Operations"}
    assert (saved["profile"], saved.get("packs")) == ("full", None)


@pytest.mark.slow
def test_each_answer_is_echoed_and_the_time_left_shown(tmp_path):
    term = Terminal(tmp_path, "assess", *MINI, "--format", "json", "-o", "r.json")
    term.introduce()
    term.answer("3 ; the COO")
    term.expect("✓ 3 the chief executive · note saved")
    term.answer("p")
    term.expect("✓ partly")
    term.expect("Question 3 of 5")
    term.expect("about 1 min left")
    term.answer("c")
    term.expect("✓ c Every channel")
    term.answer("about 2 days")
    term.expect("✓ 48 hours")
    term.expect("Keeping promises · pack 2 of 2")  # the neutral heading, not the pitfall "Trust"
    term.expect("What happens to the promises made to customers.")
    term.answer("s")
    term.expect("– skipped")
    term.decline_files()
    assert term.exit_code() == 0


@pytest.mark.slow
def test_back_skip_not_applicable_and_notes(tmp_path):
    term = Terminal(tmp_path, "assess", *MINI, "--save", "mine.yaml", "--format", "json", "-o", "r.json")
    term.introduce()
    term.answer(
        "<",  # the first question: nothing before it
        "3 ; the COO",  # service/owner
        "na",  # launches-checked: not applicable
        "<",  # channel: back to launches-checked
        "<",  # back again to owner, which shows its answer and note
    )
    term.expect("Enter keeps 3 the chief executive · note: the COO")
    term.answer(
        "; the COO, since May",  # owner: same answer, new note
        "",  # launches-checked: keep n/a
        "s",  # channel: skipped
        "<",  # reply-hours: back to channel
        "s",  # channel: still skipped
        "6",  # reply-hours
        "y ; checked monthly",  # trust/promises-kept
    )
    term.decline_files()
    assert term.exit_code() == 0
    assert "this is the first question" in term.screen
    assert not (tmp_path / "cxcheck-session.yaml").exists()
    saved = yaml.safe_load((tmp_path / "mine.yaml").read_text())
    assert saved["answers"] == {
        "service": {
            "owner": {"value": 3, "note": "the COO, since May"},
            "launches-checked": "n/a",
            "reply-hours": 6,
        },
        "trust": {"promises-kept": {"value": "yes", "note": "checked monthly"}},
    }
    result = json.loads((tmp_path / "r.json").read_text())
    service = {q["id"]: q for q in result["packs"][0]["questions"]}
    assert service["channel"]["answer"] is None and service["launches-checked"]["not_applicable"] == 1
    assert service["owner"]["note"] == "the COO, since May"
    assert (result["answered"], result["asked"]) == (4, 5)


@pytest.mark.slow
def test_invalid_input_is_asked_again_with_a_hint(tmp_path):
    term = Terminal(tmp_path, "assess", *MINI, "--format", "json", "-o", "r.json")
    term.introduce()
    for bad, hint, good in (
        ("7", "type 0-4", None),
        ("na", "n/a is not accepted", None),
        ("n", "this question has no 'no': type 0-4", None),
        ("", "type an answer", "2"),
        ("maybe", "type y, n or p", "p"),
        ("3", "type the letter of an option, a-c", "a"),
        ("-3", "a number of hours", None),
        ("soon", "a number of hours", "30"),
        ("p", "y or n only", "u"),
    ):
        term.answer(bad)
        term.expect(hint)
        term.expect("(u don't know · ? help)")
        if good is not None:
            term.answer(good)
    term.decline_files()
    assert term.exit_code() == 0
    answers = yaml.safe_load((tmp_path / "cxcheck-session.yaml").read_text())["answers"]
    assert answers == {
        "service": {
            "owner": 2,
            "launches-checked": "partly",
            "channel": "Nowhere we track",
            "reply-hours": 30,
        },
        "trust": {"promises-kept": "unknown"},
    }
    assert "Traceback" not in term.screen


@pytest.mark.slow
def test_ctrl_c_saves_and_a_quick_session_resumed_by_its_file_alone_stays_quick(tmp_path, cli):
    outputs = ("--format", "json", "--output", "result.json")
    straight, interrupted = tmp_path / "straight", tmp_path / "interrupted"
    straight.mkdir()
    interrupted.mkdir()

    term = Terminal(straight, "assess", "--profile", "quick", *MINI, *outputs)
    term.introduce()
    term.answer("3", "y")
    term.decline_files()
    assert term.exit_code() == 0

    term = Terminal(interrupted, "assess", "--profile", "quick", *MINI, *outputs)
    term.introduce()
    term.answer("3")
    term.expect(PROMPT)
    term.child.sendintr()
    assert term.exit_code() == 130
    screen = term.screen
    assert "Saved in cxcheck-session.yaml: 1 answered · 1 to go." in screen
    command = re.search(r"^\s*(cxcheck assess --resume .*)$", screen, re.MULTILINE).group(1)
    assert sorted(command.split()) == sorted(
        ["cxcheck", "assess", "--resume", "cxcheck-session.yaml", *MINI, *outputs]
    )
    assert not (interrupted / "result.json").exists()
    session = yaml.safe_load((interrupted / "cxcheck-session.yaml").read_text())
    assert session["profile"] == "quick"  # data, not a comment

    # typed from memory, without --profile: still the quick interview, at its second question
    term = Terminal(interrupted, "assess", "--resume", "cxcheck-session.yaml", *MINI, *outputs)
    term.expect("Question 2 of 2")
    assert "(quick profile, 2 questions): 1 answered · 1 to go; continuing at question 2" in flat(term.screen)
    term.answer("y")
    term.decline_files()
    assert term.exit_code() == 0
    assert json.loads((interrupted / "result.json").read_text()) == json.loads(
        (straight / "result.json").read_text()
    )
    rescored = cli("assess", "--answers", interrupted / "cxcheck-session.yaml", *MINI, "--format", "json")
    result = json.loads(rescored.stdout)
    assert (result["profile"], result["answered"], result["asked"]) == ("quick", 2, 2)


@pytest.mark.slow
def test_a_closed_terminal_saves_too(tmp_path):
    term = Terminal(tmp_path, "assess", *MINI)
    term.introduce()
    term.answer("4", "y")
    term.expect(PROMPT)
    term.child.kill(signal.SIGHUP)
    assert term.exit_code() == 130  # handled, not killed by the signal
    answers = yaml.safe_load((tmp_path / "cxcheck-session.yaml").read_text())["answers"]
    assert answers == {"service": {"owner": 4, "launches-checked": "yes"}}


@pytest.mark.slow
def test_an_existing_session_is_offered_for_resuming_never_overwritten_unasked(tmp_path):
    session = tmp_path / "cxcheck-session.yaml"
    session.write_text(
        "cxcheck: 1\norganisation: Acme\nanswers:\n  service:\n    owner: {value: 2, note: board minutes}\n"
    )
    before = session.read_text()
    term = Terminal(tmp_path, "assess", *MINI)
    term.expect("already holds a saved interview for Acme (1 answer)")
    term.child.sendline("q")
    assert term.exit_code() == 130
    assert session.read_text() == before

    term = Terminal(tmp_path, "assess", *MINI)
    term.expect("already holds a saved interview")
    term.child.sendline("r")
    term.expect("Question 2 of 5")
    term.answer("<", "3", "y", "b", "1", "n")  # back to owner: a new level keeps its note
    term.decline_files()
    assert term.exit_code() == 0
    answers = yaml.safe_load(session.read_text())["answers"]
    assert answers["service"]["owner"] == {"value": 3, "note": "board minutes"}
    assert answers["trust"] == {"promises-kept": "no"}


@pytest.mark.slow
def test_thresholds_still_decide_the_exit_code(tmp_path):
    term = Terminal(tmp_path, "assess", *MINI, "--fail-under", "90", "--plan", "plan.md")
    term.introduce()
    term.answer("0", "n", "a", "100", "n")
    term.expect("Write an HTML report?")  # --plan was given: only the report
    term.child.sendline("n")
    term.expect("thresholds not met")
    assert term.exit_code() == 1
    assert "action plan" not in term.screen
    assert (tmp_path / "plan.md").exists()


def _colour_codes(raw: str) -> list[str]:
    codes = []
    for params in SGR.findall(raw):
        numbers = [int(p) for p in params.split(";") if p]
        codes += [str(n) for n in numbers if 30 <= n <= 49 or 90 <= n <= 107]
    return codes


@pytest.mark.slow
@pytest.mark.parametrize("colour", [False, True], ids=["NO_COLOR", "colour"])
def test_80_columns_and_no_color(tmp_path, colour):
    term = Terminal(tmp_path, "assess", *MINI, colour=colour, columns=80)
    term.introduce()
    term.answer("?", "2", "y", "b", "3", "y")
    term.decline_files()
    assert term.exit_code() == 0
    lines = term.screen.split("\n")
    assert max(len(line.rstrip()) for line in lines) <= 80
    assert any(len(line.rstrip()) > 70 for line in lines)  # the text does use the width
    assert "Why it matters" in term.screen
    assert bool(_colour_codes(term.output.getvalue())) is colour


@pytest.mark.slow
def test_counts_units_words_and_shares_as_people_type_them(tmp_path):
    term = Terminal(tmp_path, "assess", "--no-builtin", "--rules", str(FIGURES), "-f", "json", "-o", "r.json")
    term.introduce()
    for typed, says in (
        ("2", "type the letter of an option, a-c"),  # two changes: not option 2
        ("b", "✓ b One or two"),
        ("150%", "type a percentage from 0 to 100"),
        ("15 percent", "✓ 15"),
        ("about 18 months", "✓ 18 months"),
    ):
        term.answer(typed)
        term.expect(says)
    term.decline_files()
    assert term.exit_code() == 0
    saved = yaml.safe_load((tmp_path / "cxcheck-session.yaml").read_text())["answers"]["figures"]
    assert saved == {"changes": "One or two", "share": 15, "plan-age": 18}
    assert "answer a percentage ·" in term.screen and "answer in months ·" in term.screen
