"""The Markdown plan and the HTML report: self-contained, escaped, sandboxed, and in agreement with
the JSON result on every figure they show."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser

import pytest
import yaml

from tests.conftest import EXAMPLES, SAMPLE_ANSWERS, SAMPLE_PACKS, flat

WORKSHOP = EXAMPLES / "workshop"
VOID = {"meta", "br", "img", "input", "link", "hr", "line", "rect"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None]) -> None:
        self.tag, self.attrs, self.children = tag, attrs, []

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    def find_all(self, tag: str, **attrs: str) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                classes = (child.attrs.get("class") or "").split()
                matches = child.tag == tag and all(
                    value in classes if key == "class_" else child.attrs.get(key) == value
                    for key, value in attrs.items()
                )
                found += [child] if matches else []
                found += child.find_all(tag, **attrs)
        return found

    def find(self, tag: str, **attrs: str) -> Node:
        (found,) = self.find_all(tag, **attrs)
        return found


class TreeBuilder(HTMLParser):
    """Just enough of an HTML tree to read figures back out of our own report."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Node("document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Node:
    builder = TreeBuilder()
    builder.feed(text)
    builder.close()
    assert builder.stack == [builder.root], "unclosed elements"
    return builder.root


def number(text: str) -> float:
    return float(re.search(r"-?\d+(\.\d+)?", text).group())


def every_format(run, answers, folder, *options) -> list[str]:
    """The scorecard, the Markdown plan and the HTML report for one answers file, as one line each."""
    run("assess", "-a", answers, *options, "--output", folder / "card.txt", "--plan", folder / "plan.md")
    run("assess", "-a", answers, *options, "--format", "html", "--output", folder / "report.html")
    return [" ".join((folder / name).read_text().split()) for name in ("card.txt", "plan.md", "report.html")]


@pytest.fixture(scope="module")
def workshop(tmp_path_factory) -> dict:
    """The workshop example in all three formats, from one run of the installed command."""
    from typer.testing import CliRunner

    from cxcheck.cli import app

    folder = tmp_path_factory.mktemp("workshop")
    runner = CliRunner()
    for fmt, name in (("json", "result.json"), ("html", "report.html")):
        args = [
            "assess",
            "--answers",
            str(WORKSHOP),
            "--one-per-role",
            "--format",
            fmt,
            "--output",
            str(folder / name),
        ]
        if fmt == "json":
            args += ["--plan", str(folder / "plan.md")]
        outcome = runner.invoke(app, args)
        assert outcome.exit_code == 0, outcome.output
    return {
        "folder": folder,
        "json": json.loads((folder / "result.json").read_text(encoding="utf-8")),
        "html": (folder / "report.html").read_text(encoding="utf-8"),
        "markdown": (folder / "plan.md").read_text(encoding="utf-8"),
    }


# --- self-contained ---------------------------------------------------------------------


def test_html_is_one_self_contained_file(workshop):
    html = workshop["html"]
    assert html.startswith("<!doctype html>")
    assert not re.search(r"https?://|<script|<link|<iframe|<img|@import|url\(|src=", html, re.I)
    parse_html(html)  # well nested, so it renders the same in every browser


# --- every figure agrees ----------------------------------------------------------------


def markdown_table(markdown: str, heading: str) -> list[list[str]]:
    """The rows of the first table after a heading, split on unescaped pipes."""
    section = markdown[markdown.index(heading) :]
    rows = []
    for line in section.splitlines():
        if line.startswith("|"):
            rows.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]])
        elif rows:
            break
    return rows[2:]  # header and rule


def test_overall_figures_agree(workshop):
    result, html, markdown = workshop["json"], parse_html(workshop["html"]), workshop["markdown"]

    def card(card_id: str) -> Node:
        return html.find("div", id=card_id)

    assert number(card("overall").find("div", class_="figure").text) == result["score"]
    assert card("overall").find("span", class_="pill").text == result["status"]
    assert f"stage {result['level']} of 5: {result['stage']}" in card("overall").text
    assert number(card("respondents").find("div", class_="figure").text) == result["respondents"]
    assert f"{len(result['roles'])} roles" in card("respondents").text
    assert card("coverage").find("div", class_="figure").text == f"{result['known']:.0%}"
    assert number(card("divided").find("div", class_="figure").text) == len(result["disagreements"])
    silos = [p for p in result["packs"] if p["silo_signal"]]
    assert f"{len(silos)} silo signals" in card("divided").text
    assert number(card("actions-count").find("div", class_="figure").text) == len(result["actions"])

    headline = re.search(
        r"scores \*\*([\d.]+) out of 100\*\*: stage (\d) of 5, \*\*(\S+)\*\*, which reads as \*\*(\S+)\*\*",
        markdown,
    )
    assert float(headline[1]) == result["score"]
    assert (int(headline[2]), headline[3], headline[4]) == (
        result["level"],
        result["stage"],
        result["status"],
    )
    assert f"{result['respondents']} respondents" in markdown
    assert f"{result['known']:.0%} of the score" in markdown and "Answers cover" in markdown


def test_pack_scores_agree(workshop):
    result, html, markdown = workshop["json"], parse_html(workshop["html"]), workshop["markdown"]
    expected = {p["id"]: p["score"] for p in result["packs"]}
    bars = html.find_all("g", class_="pack-bar")
    assert {g.attrs["data-pack"]: number(g.find("text", class_="value").text) for g in bars} == expected
    titles = {p["title"]: p["id"] for p in result["packs"]}
    tabled = {titles[row[0]]: float(row[1]) for row in markdown_table(markdown, "## Scores by pitfall")}
    assert tabled == expected


def test_role_scores_and_silo_signals_agree(workshop):
    result, html, markdown = workshop["json"], parse_html(workshop["html"]), workshop["markdown"]
    roles = result["roles"]
    titles = {p["title"]: p["id"] for p in result["packs"]}
    heatmap = html.find("table", class_="heatmap")
    assert [th.text for th in heatmap.find_all("th", class_="role")] == roles
    expected = {p["id"]: [p["by_role"][r] for r in roles] for p in result["packs"]}
    cells = {
        row.attrs["data-pack"]: [number(td.text) for td in row.find_all("td", class_="heat")]
        for row in heatmap.find_all("tr")
        if "data-pack" in row.attrs
    }
    assert cells == expected
    md_rows = markdown_table(markdown, "### Scores by role")
    assert {titles[row[0]]: [float(c) for c in row[1:-1]] for row in md_rows} == expected
    gaps = {p["id"]: p["role_gap"] for p in result["packs"]}
    html_gaps = {
        row.attrs["data-pack"]: number(row.find_all("td", class_="num")[-1].text)
        for row in heatmap.find_all("tr")
        if "data-pack" in row.attrs
    }
    assert html_gaps == gaps
    assert {titles[row[0]]: number(row[-1]) for row in md_rows} == gaps

    silos = {p["id"]: (*p["silo_signal"], p["role_gap"]) for p in result["packs"] if p["silo_signal"]}
    listed = {}
    for li in html.find("ul", class_="silos").find_all("li"):
        high, low = re.search(r": (.+) [\d.]+ vs (.+) [\d.]+,", li.text).groups()
        listed[li.attrs["data-pack"]] = (high, low, number(li.find("span", class_="gap").text))
    assert listed == silos
    md_silos = {
        titles[row[0]]: (row[1].split(" (")[0], row[2].split(" (")[0], float(row[3]))
        for row in markdown_table(markdown, "### Silo signals")
    }
    assert md_silos == silos


def test_divided_questions_agree_in_order_and_figures(workshop):
    result, html, markdown = workshop["json"], parse_html(workshop["html"]), workshop["markdown"]
    divided = result["disagreements"]
    expected = [(f"{d['pack']}/{d['question']}", round(100 * d["spread"])) for d in divided]
    rows = [
        row
        for table in html.find_all("table", class_="divided")
        for row in table.find_all("tr")
        if "data-question" in row.attrs
    ]
    assert [(r.attrs["data-question"], number(r.find("td", class_="spread").text)) for r in rows] == expected
    chips = [chip.text.rsplit(" ", 1) for chip in rows[0].find_all("span", class_="chip")]
    assert {role: float(score) for role, score in chips} == {
        role: round(100 * score) for role, score in divided[0]["by_role"].items()
    }
    md_rows = markdown_table(markdown, "### Divided questions")
    assert [row[0] for row in md_rows] == [d["text"] for d in divided][:10]  # the plan shows the top ten
    if len(divided) > 10:
        assert f"And {len(divided) - 10} more divided questions in the HTML report" in markdown


def test_every_action_is_in_both_reports_under_its_horizon(workshop):
    result, html, markdown = workshop["json"], parse_html(workshop["html"]), workshop["markdown"]
    section = html.find("section", class_="actions")
    titles = {"now": "### Now", "next": "### Next", "later": "### Later"}
    for horizon in ("now", "next", "later"):
        expected = [a for a in result["actions"] if a["horizon"] == horizon]
        table = html.find("table", class_="plan", **{"data-horizon": horizon})
        assert [row.attrs["data-step"] for row in table.find_all("tr")[1:]] == [a["id"] for a in expected]
        assert f"({len(expected)})" in section.text
        rows = markdown_table(markdown, titles[horizon])
        assert [row[0].replace("\\", "") for row in rows] == [
            f"**{a['title'] or a['text']}**" + (f": {a['text']}" if a["title"] else "") for a in expected
        ]
    assert "<details" not in markdown and not re.search(r"priority:? \d", markdown.lower())


def test_the_backlog_is_an_appendix_in_both_reports(workshop):
    result, html, markdown = workshop["json"], parse_html(workshop["html"]), workshop["markdown"]
    assert result["backlog"], "the workshop calls for more steps than a 90-day plan holds"
    # the Markdown plan shows the first ten, the HTML report fifteen; the JSON holds them all
    rows = markdown_table(markdown, "## Appendix: the backlog")
    assert [row[0].replace("\\", "") for row in rows] == [
        a["title"] or a["text"] for a in result["backlog"][:10]
    ]
    table = html.find("table", class_="backlog")
    assert len(table.find_all("tr")) - 1 == min(15, len(result["backlog"]))


# --- hostile text -------------------------------------------------------------------------

HOSTILE = {
    "organisation": "<script>alert('org')</script> & Sons | Ltd",
    "name": "</td><img src=x onerror=alert(1)>",
    "role": "Ops|Sales\n## Injected heading",
    "note": "line one\n| a | b |\n<b>bold</b> [click](javascript:alert(1)) `code` *star*",
}


@pytest.fixture
def hostile(tmp_path):
    dana = yaml.safe_load((SAMPLE_ANSWERS / "dana.yaml").read_text(encoding="utf-8"))
    dana["organisation"] = HOSTILE["organisation"]
    dana["respondent"] = {"name": HOSTILE["name"], "role": HOSTILE["role"]}
    dana["answers"]["alpha"]["owner"] = {"value": 0, "note": HOSTILE["note"]}
    (tmp_path / "dana.yaml").write_text(yaml.safe_dump(dana), encoding="utf-8")
    sam = json.loads((SAMPLE_ANSWERS / "sam.json").read_text(encoding="utf-8"))
    sam["organisation"] = HOSTILE["organisation"]
    (tmp_path / "sam.json").write_text(json.dumps(sam), encoding="utf-8")
    return [tmp_path / "dana.yaml", tmp_path / "sam.json"]


def test_html_escapes_every_text_from_answers_files(sample, hostile):
    outcome = sample("assess", "--answers", *hostile, "--format", "html")
    assert outcome.exit_code == 0, outcome.stderr
    html = outcome.stdout
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#39;org&#39;)&lt;/script&gt; &amp; Sons | Ltd" in html
    assert "&lt;/td&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    parse_html(html)


def test_markdown_keeps_hostile_text_inside_its_cell_and_inert(sample, hostile):
    outcome = sample("assess", "--answers", *hostile, "--format", "markdown")
    assert outcome.exit_code == 0, outcome.stderr
    markdown = outcome.stdout
    assert not re.search(r"^#+ Injected", markdown, re.M)
    assert not re.search(r"(?<!\\)<(img|script|b>)", markdown), "raw HTML from an answers file"
    assert "[click](" not in markdown  # the brackets are escaped, so no link
    table = []
    for line in [*markdown.splitlines(), ""]:
        if line.startswith("|"):
            table.append(len(re.split(r"(?<!\\)\|", line)))
        elif table:
            assert len(set(table)) == 1, f"a table's rows have different numbers of cells: {table}"
            table = []
    assert r"Ops\|Sales \#\# Injected heading" in markdown
    inert = r"line one \| a \| b \| \<b\>bold\</b\> \[click\](javascript:alert(1)) \`code\` \*star\*"
    assert inert in markdown


def test_every_report_states_the_limits_scoring_uses(cli, monkeypatch, tmp_path):
    """Move the limits in scoring and every format follows, with no old number left behind."""
    from cxcheck import scoring

    monkeypatch.setattr(scoring, "SILO_GAP", 30.0)
    monkeypatch.setattr(scoring, "DIVIDED_RUNGS", 3)
    card, markdown, html = every_format(cli, WORKSHOP, tmp_path, "--one-per-role")
    assert "roles 30 points or more apart" in card and "score 30 points or more apart" in markdown
    assert "A gap of 30 points or more" in html
    assert "3 rungs apart or more" in markdown and "3 rungs" in html
    assert "healthy from 62.5 (stages 4 and 5), at risk from 37.5 (stage 3)" in html
    for text in (card, html, markdown):
        assert not re.search(r"\b25 points|2 rungs", text)


# --- the report command and user templates ---------------------------------------------


@pytest.mark.parametrize(("fmt", "name"), [("html", "report.html"), ("markdown", "plan.md")])
def test_report_re_renders_exactly_what_assess_wrote(cli, workshop, tmp_path, fmt, name):
    out = tmp_path / f"again-{name}"
    outcome = cli("report", workshop["folder"] / "result.json", "--format", fmt, "--output", out)
    assert outcome.exit_code == 0, outcome.stderr
    assert out.read_text(encoding="utf-8") == (workshop["folder"] / name).read_text(encoding="utf-8")


def test_a_result_saved_before_role_gap_existed_still_renders_its_silo_gaps(cli, workshop, tmp_path):
    saved = json.loads((workshop["folder"] / "result.json").read_text(encoding="utf-8"))
    for pack in saved["packs"]:
        gap = pack.pop("role_gap")
        pack["silo_gap"] = gap if pack["silo_signal"] else None
    old = tmp_path / "old.json"
    old.write_text(json.dumps(saved), encoding="utf-8")
    outcome = cli("report", old, "--format", "markdown", "--output", tmp_path / "plan.md")
    assert outcome.exit_code == 0, outcome.stderr
    silos = {p["title"]: p["silo_gap"] for p in saved["packs"] if p["silo_signal"]}
    rows = markdown_table((tmp_path / "plan.md").read_text(encoding="utf-8"), "### Silo signals")
    assert {row[0]: float(row[3]) for row in rows} == silos


def test_a_user_template_gets_the_result_and_autoescaping(sample, cli, hostile, tmp_path):
    saved = tmp_path / "result.json"
    sample("assess", "--answers", *hostile, "--format", "json", "--output", saved)
    template = tmp_path / "mine.html.j2"
    template.write_text(
        "<h1>{{ result.organisation }}</h1> {{ result.score | num }} {{ result.packs | length }}"
    )
    outcome = cli("report", saved, "--format", "html", "--template", template)
    assert outcome.exit_code == 0, outcome.stderr
    score = json.loads(saved.read_text())["score"]
    organisation = "&lt;script&gt;alert(&#39;org&#39;)&lt;/script&gt; &amp; Sons | Ltd"
    assert outcome.stdout == f"<h1>{organisation}</h1> {score:.1f} 2"


@pytest.mark.parametrize(
    ("source", "line", "named"),
    [
        ("{{ result.__class__.__mro__ }}", 1, "'__class__', '__mro__'"),
        ("ok\n{% if result.__class__ is defined %}x{% endif %}", 2, "'__class__'"),
        ("{{ result['__class__'] }}", 1, "'__class__'"),
        ("{{ result | attr('__class__') }}", 1, "'__class__'"),
        ("{{ cycler.__init__.__globals__ }}", 1, "'__globals__', '__init__'"),
    ],
)
def test_a_template_reaching_for_python_internals_is_refused(cli, workshop, tmp_path, source, line, named):
    template = tmp_path / "evil.md.j2"
    template.write_text(source)
    out = tmp_path / "out.md"
    outcome = cli("report", workshop["folder"] / "result.json", "--template", template, "--output", out)
    assert outcome.exit_code == 2
    assert f"{template}:{line}: template refused: it reaches for Python internals {named}" in outcome.stderr
    assert "Traceback" not in outcome.stderr and not out.exists()


def test_the_sandbox_still_stops_what_the_static_check_cannot_see(cli, workshop, tmp_path):
    """An attribute name built at render time never appears in the template's source."""
    template = tmp_path / "sly.md.j2"
    template.write_text("{% set name = '_' ~ '_class_' ~ '_' %}{{ result | attr(name) }}")
    outcome = cli("report", workshop["folder"] / "result.json", "--template", template)
    assert outcome.exit_code == 2
    assert f"{template}: template refused by the sandbox" in outcome.stderr


def test_pack_text_from_a_rules_folder_is_escaped_too(cli, tmp_path):
    """Pack titles come from --rules folders anyone can write: they are escaped like answers."""
    rules = tmp_path / "rules"
    rules.mkdir()
    pack = yaml.safe_load((SAMPLE_PACKS / "alpha.yaml").read_text(encoding="utf-8"))
    pack["title"] = "Alpha <em>pitfall</em> | one [/x]"
    (rules / "alpha.yaml").write_text(yaml.safe_dump(pack), encoding="utf-8")
    shutil.copy(SAMPLE_PACKS / "beta.yaml", rules)
    answers = ["--answers", SAMPLE_ANSWERS / "sam.json", SAMPLE_ANSWERS / "dana.yaml"]
    html = cli("assess", "--no-builtin", "--rules", rules, *answers, "--format", "html").stdout
    assert "<em>pitfall" not in html and "Alpha &lt;em&gt;pitfall&lt;/em&gt; | one [/x]" in html
    markdown = cli("assess", "--no-builtin", "--rules", rules, *answers, "--format", "markdown").stdout
    assert r"Alpha \<em\>pitfall\</em\> \| one \[/x\]" in markdown
    scorecard = cli("assess", "--no-builtin", "--rules", rules, *answers).stdout  # not read as Rich markup
    assert "Alpha <em>pitfall</em> | one [/x]" in flat(scorecard)


# --- an empty plan says why -------------------------------------------------------------


def test_a_blank_answers_file_is_not_a_perfect_score_in_any_format(cli, tmp_path):
    blank = tmp_path / "answers.yaml"
    cli("init", "-o", blank, "--profile", "quick")
    for text in every_format(cli, blank, tmp_path):
        assert "Nothing answered yet" in text and "full marks" not in text


def test_full_marks_everywhere_is_said_so_in_every_format(sample, tmp_path):
    perfect = tmp_path / "perfect.yaml"
    perfect.write_text(
        "cxcheck: 1\nanswers:\n  alpha: {owner: 4, checked: yes, reply-hours: 2}\n"
        "  beta: {channels: all, surveyed: yes}\n"
    )
    for text in every_format(sample, perfect, tmp_path):
        assert "every answered question scored full marks" in text and "Nothing answered yet" not in text
