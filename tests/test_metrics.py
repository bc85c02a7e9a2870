"""`cxcheck metrics`: NPS, CSAT and CES from survey exports, checked against an independent
computation (the standard library's statistics module) and hand-computed figures, with the
real-export cases a person meets: text answers, blanks, a 1-10 NPS, guessed columns, bad cells."""

from __future__ import annotations

import csv
import json
import math
import random
import statistics
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxcheck.metrics import Scale, change, mean_score, net_promoter, top_two_box

Z = statistics.NormalDist().inv_cdf(0.975)
NPS_HEADER = "How likely are you to recommend Acme to a friend or colleague?"
CSAT_HEADER = "Overall, how satisfied are you with Acme?"
CES_HEADER = "Acme made it easy for me to handle my issue."


def write_csv(path: Path, headers: list[str], rows: list[list[object]], delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def run_json(cli, *args: object) -> dict:
    result = cli("metrics", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# --- the statistics, as properties ------------------------------------------------------

nps_scores = st.lists(st.integers(0, 10), min_size=1, max_size=300)


@given(nps_scores)
def test_nps_is_a_net_share_within_minus_100_and_100_and_counts_add_up(scores):
    nps = net_promoter(scores)
    assert nps is not None
    assert -100 <= nps.score <= 100
    assert nps.promoters + nps.passives + nps.detractors == nps.n == len(scores)
    assert math.isclose(nps.score, 100 * (nps.promoters - nps.detractors) / nps.n)
    assert 0 <= nps.margin <= 100 * Z / math.sqrt(nps.n) + 1e-9  # a variance of at most 1


@given(nps_scores, st.integers(2, 20))
def test_the_nps_margin_shrinks_with_the_square_root_of_the_sample(scores, copies):
    """The same answers from k times as many people: same NPS, margin divided by √k."""
    one, many = net_promoter(scores), net_promoter(scores * copies)
    assert one is not None and many is not None
    assert math.isclose(many.score, one.score, abs_tol=1e-9)
    assert math.isclose(many.margin, one.margin / math.sqrt(copies), rel_tol=1e-9, abs_tol=1e-9)
    if one.margin > 0:
        assert many.margin < one.margin


@given(st.lists(st.integers(1, 5), min_size=1, max_size=300))
def test_csat_is_a_share_from_0_to_100_with_a_margin_that_shrinks_with_n(scores):
    csat = top_two_box(scores)
    assert csat is not None
    assert 0 <= csat.score <= 100 and 0 <= csat.margin <= 50 * Z
    assert csat.top == sum(s >= 4 for s in scores)
    bigger = top_two_box(scores * 4)
    assert bigger is not None and math.isclose(bigger.margin, csat.margin / 2, abs_tol=1e-9)


@given(st.lists(st.integers(1, 7), min_size=1, max_size=300))
def test_ces_mean_stays_on_its_scale(scores):
    ces = mean_score(scores)
    assert ces is not None
    assert 1 <= ces.score <= 7
    assert (ces.margin is None) == (len(scores) == 1)
    assert ces.margin is None or ces.margin >= 0


@given(st.floats(-100, 100), st.floats(0, 100), st.floats(-100, 100), st.floats(0, 100))
def test_a_change_has_a_margin_no_smaller_than_either_wave_and_no_larger_than_their_sum(a, ma, b, mb):
    moved = change(a, ma, b, mb)
    assert moved.margin is not None
    assert max(ma, mb) - 1e-9 <= moved.margin <= ma + mb + 1e-9
    assert moved.beyond_margin == (abs(b - a) > moved.margin)


def test_no_answers_give_no_measure_rather_than_a_zero():
    assert net_promoter([]) is None and top_two_box([]) is None and mean_score([]) is None


def test_a_change_from_a_wave_of_one_answer_has_no_margin_and_is_never_beyond_it():
    moved = change(4.0, None, 6.0, 0.3)
    assert moved.margin is None and not moved.beyond_margin


# --- against an independent computation on generated survey files ----------------------


def independent(scores: list[int], kind: str) -> tuple[float, float]:
    """Each measure computed another way: as the mean of a per-answer value, with the margin
    from statistics' standard deviation (population for shares, sample for the CES mean)."""
    if kind == "nps":
        values = [100 if s >= 9 else -100 if s <= 6 else 0 for s in scores]
        return statistics.fmean(values), Z * statistics.pstdev(values) / math.sqrt(len(values))
    if kind == "csat":
        values = [100 if s >= 4 else 0 for s in scores]
        return statistics.fmean(values), Z * statistics.pstdev(values) / math.sqrt(len(values))
    return statistics.fmean(scores), Z * statistics.stdev(scores) / math.sqrt(len(scores))


def generated_survey(path: Path, seed: int, n: int) -> dict[str, dict[str, list[int]]]:
    """A survey export the way tools write them, and the scores it holds, by region."""
    rng = random.Random(seed)
    truth: dict[str, dict[str, list[int]]] = {}
    rows = []
    for i in range(n):
        region = rng.choice(["North", "South", "West"])
        nps, csat, ces = rng.randint(0, 10), rng.randint(1, 5), rng.randint(1, 7)
        shown_nps: object = {10: "10 - Extremely likely", 0: "0 - Not at all likely"}.get(nps, nps)
        shown_csat: object = {5: "Very satisfied", 1: "Very dissatisfied"}.get(csat, csat)
        blank = rng.random() < 0.1
        rows.append([i + 1, region, "" if blank else shown_nps, shown_csat, ces])
        for group in ("everyone", region):
            scores = truth.setdefault(group, {"nps": [], "csat": [], "ces": []})
            if not blank:
                scores["nps"].append(nps)
            scores["csat"].append(csat)
            scores["ces"].append(ces)
    write_csv(path, ["Response ID", "Region", NPS_HEADER, CSAT_HEADER, CES_HEADER], rows)
    return truth


@pytest.mark.parametrize("seed", range(5))
def test_metrics_reproduce_an_independent_computation_overall_and_by_segment(cli, tmp_path, seed):
    truth = generated_survey(tmp_path / "survey.csv", seed, n=40 + 60 * seed)
    data = run_json(cli, tmp_path / "survey.csv", "--by", "Region")
    groups = {g["label"]: g for g in [data["overall"], *data["segments"]]}
    assert set(groups) == {"everyone", "North", "South", "West"}
    for label, scores in truth.items():
        for kind in ("nps", "csat", "ces"):
            score, margin = independent(scores[kind], kind)
            got = groups[label][kind]
            assert got["n"] == len(scores[kind])
            assert got["score"] == pytest.approx(score, abs=1e-9), (label, kind)
            assert got["margin"] == pytest.approx(margin, abs=1e-9), (label, kind)


def test_hand_computed_figures_from_text_answers_and_blanks(cli, tmp_path):
    """Ten answers: 4 promoters, 3 passives, 3 detractors (one blank, one N/A left out)."""
    nps = [
        "10 - Extremely likely",
        "9",
        "9",
        "10",
        "7",
        "8",
        "8",
        "6",
        "0 - Not at all likely",
        "3",
        "",
        "N/A",
    ]
    csat = ["Very satisfied", "4", "Satisfied", "3", "2", "Very dissatisfied", "5", "", "", "", "", ""]
    rows = [[i, a, b] for i, (a, b) in enumerate(zip(nps, csat, strict=True))]
    path = write_csv(tmp_path / "survey.csv", ["id", NPS_HEADER, CSAT_HEADER], rows)
    data = run_json(cli, path)
    got = data["overall"]["nps"]
    assert (got["n"], got["promoters"], got["passives"], got["detractors"]) == (10, 4, 3, 3)
    assert got["score"] == pytest.approx(10.0)
    # p = 0.4, d = 0.3: 100 × 1.96 × √((0.7 − 0.01) / 10) = 51.48
    assert got["margin"] == pytest.approx(51.484, abs=0.001)
    assert data["overall"]["blank"]["nps"] == 2
    assert data["overall"]["csat"]["score"] == pytest.approx(400 / 7)  # 4 of 7 answered 4 or 5
    assert data["overall"]["responses"] == 12


# --- real exports -------------------------------------------------------------------------


def test_columns_are_guessed_from_the_question_text_and_the_choice_is_shown(cli, tmp_path):
    path = write_csv(tmp_path / "s.csv", ["Region", CSAT_HEADER, NPS_HEADER], [["N", 4, 9]])
    result = cli("metrics", path)
    assert result.exit_code == 0, result.stderr
    assert f"NPS from column C {NPS_HEADER!r}" in " ".join(result.stdout.split())
    assert "guessed: --nps to choose another" in " ".join(result.stdout.split())
    data = run_json(cli, path)
    assert {c["measure"]: (c["column"], c["guessed"]) for c in data["columns"]} == {
        "nps": ("C", True),
        "csat": ("B", True),
    }


def test_nps_option_overrides_the_guess_by_header_letter_or_number(cli, tmp_path):
    headers = ["Would you recommend our app?", "Recommend score (0-10)"]
    path = write_csv(tmp_path / "s.csv", headers, [["yes", 10], ["no", 2]])
    assert cli("metrics", path).exit_code == 2  # two columns look like NPS: refused, not guessed
    for chosen in ("recommend score (0-10)", "B", "2"):
        data = run_json(cli, path, "--nps", chosen)
        assert data["overall"]["nps"]["score"] == 0.0
        assert data["columns"] == [
            {"measure": "nps", "column": "B", "header": headers[1], "scale": "0-10", "guessed": False}
        ]


def test_a_1_to_10_nps_is_refused_unless_told_then_counted_9_10_and_1_6(cli, tmp_path):
    rows = [[1, "1 - Not at all likely"], [2, 9], [3, 10], [4, 6]]
    path = write_csv(tmp_path / "s.csv", ["id", "How likely are you to recommend us?"], rows)
    refused = cli("metrics", path)
    assert refused.exit_code == 2
    assert f"{path}:2:2: row 2, column B" in refused.stderr
    assert "--nps-scale 1-10" in refused.stderr and "Traceback" not in refused.stderr
    data = run_json(cli, path, "--nps-scale", "1-10")
    assert data["overall"]["nps"]["promoters"] == 2 and data["overall"]["nps"]["detractors"] == 2


def test_a_header_that_says_1_to_10_is_refused_for_nps(cli, tmp_path):
    path = write_csv(
        tmp_path / "s.csv", ["On a scale of 1-10, how likely are you to recommend us?"], [[9], [4]]
    )
    result = cli("metrics", path)
    assert result.exit_code == 2
    assert "asks NPS on a 1-10 scale, not 0-10" in result.stderr and f"{path}:1:1" in result.stderr


def test_bad_cells_are_reported_with_row_and_column_all_together(cli, tmp_path):
    rows = [[1, 9, 4], [2, 11, 4], [3, "maybe", 4], [4, 8, 9.5], [5, "7.5", 0]]
    path = write_csv(tmp_path / "s.csv", ["id", NPS_HEADER, CSAT_HEADER], rows)
    result = cli("metrics", path)
    assert result.exit_code == 2 and result.stdout == ""
    stderr = " ".join(result.stderr.split())
    assert f"{path}:3:2: row 3, column B" in stderr and "outside the scale 0-10" in stderr
    assert "found '11'" in stderr
    assert f"{path}:4:2: row 4, column B" in stderr and "not a score" in stderr and "found 'maybe'" in stderr
    assert f"{path}:5:3: row 5, column C" in stderr and "not a whole number" in stderr
    assert f"{path}:6:2: row 6, column B" in stderr
    assert f"{path}:6:3: row 6, column C" in stderr and "outside the scale 1-5" in stderr
    assert "5 problems" in stderr


def test_ambiguous_and_missing_columns_exit_2_naming_the_headers(cli, tmp_path):
    path = write_csv(tmp_path / "s.csv", ["Satisfaction with agent", "Satisfaction overall"], [[4, 5]])
    result = cli("metrics", path)
    assert result.exit_code == 2 and "several columns look like CSAT" in result.stderr
    assert "--csat" in result.stderr
    none = write_csv(tmp_path / "n.csv", ["Region", "Comment"], [["N", "ok"]])
    result = cli("metrics", none)
    assert result.exit_code == 2 and "no column looks like an NPS, CSAT or CES question" in result.stderr
    result = cli("metrics", path, "--csat", "Nope")
    assert result.exit_code == 2 and "--csat: no such column" in result.stderr
    assert "'Satisfaction overall'" in result.stderr


def test_semicolon_exports_a_bom_and_stated_scales_are_read(cli, tmp_path):
    path = tmp_path / "s.csv"
    path.write_text(f"\ufeffid;{CSAT_HEADER}\n1;10\n2;7\n3;3\n", encoding="utf-8")
    assert cli("metrics", path).exit_code == 2  # 10 is not on 1-5
    data = run_json(cli, path, "--csat-scale", "1-10")
    assert data["overall"]["csat"]["top"] == 1 and data["overall"]["csat"]["scale"] == "1-10"
    bad = cli("metrics", path, "--csat-scale", "ten")
    assert bad.exit_code == 2 and "--csat-scale: not a scale" in bad.stderr


def test_excels_plain_csv_is_read_and_other_files_are_one_clear_message(cli, tmp_path):
    windows = tmp_path / "windows.csv"  # Excel's plain "CSV" on Windows: Windows-1252, not UTF-8
    windows.write_bytes(f'id,"{CSAT_HEADER}"\n1,4\n2,5 - tr\xe8s bien\n'.encode("cp1252"))
    assert run_json(cli, windows)["overall"]["csat"]["n"] == 2
    other = tmp_path / "survey.pdf"
    other.write_text("x")
    result = cli("metrics", other)
    assert result.exit_code == 2 and "expected .csv or .xlsx" in result.stderr
    old = tmp_path / "survey.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    result = cli("metrics", old)
    assert result.exit_code == 2 and "saved as .xlsx" in result.stderr
    assert cli("metrics", tmp_path / "missing.csv").exit_code == 2
    empty = tmp_path / "empty.csv"
    empty.write_text("\n\n")
    result = cli("metrics", empty)
    assert result.exit_code == 2 and "file is empty" in result.stderr


def test_xlsx_exports_are_read_with_numbers_and_text_cells(cli, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Region", NPS_HEADER, CES_HEADER])
    sheet.append(["North", 10, "Strongly agree"])
    sheet.append(["North", 9.0, 6])
    sheet.append(["South", "3", "Somewhat disagree"])
    sheet.append([None, None, None])
    sheet.append(["South", "12", 4])
    path = tmp_path / "survey.xlsx"
    book.save(path)
    result = cli("metrics", path)
    assert result.exit_code == 2 and f"{path}:6:2: row 6, column B" in " ".join(result.stderr.split())
    sheet.delete_rows(6)
    book.save(path)
    data = run_json(cli, path, "--by", "region")
    assert data["overall"]["nps"]["score"] == pytest.approx(100 / 3)
    assert data["overall"]["ces"]["score"] == pytest.approx((7 + 6 + 3) / 3)
    assert [s["label"] for s in data["segments"]] == ["North", "South"]


# --- two waves ----------------------------------------------------------------------------


def test_two_waves_show_the_change_and_whether_it_exceeds_the_margin(cli, tmp_path):
    before = write_csv(tmp_path / "q2.csv", ["Region", NPS_HEADER], [["N", 9]] * 60 + [["N", 3]] * 40)
    after = write_csv(tmp_path / "q3.csv", ["Region", NPS_HEADER], [["N", 9]] * 80 + [["N", 3]] * 20)
    data = run_json(cli, before, after, "--by", "Region")
    moved = data["change"]["overall"]["nps"]
    assert (moved["before"], moved["after"], moved["change"]) == pytest.approx((20.0, 60.0, 40.0))
    margins = [data[w]["overall"]["nps"]["margin"] for w in ("before", "after")]
    assert moved["margin"] == pytest.approx(math.hypot(*margins))
    assert moved["beyond_margin"] is True
    assert data["change"]["segments"][0]["label"] == "N"
    same = run_json(cli, before, before)
    assert same["change"]["overall"]["nps"]["beyond_margin"] is False
    table = cli("metrics", before, after)
    assert "+40.0 (beyond the margin of" in table.stdout
    markdown = cli("metrics", before, after, "--format", "markdown")
    assert "| everyone | NPS | 20.0 | 60.0 | +40.0 (beyond the margin of" in markdown.stdout


def test_three_files_are_refused(cli, tmp_path):
    path = write_csv(tmp_path / "s.csv", [NPS_HEADER], [[9]])
    result = cli("metrics", path, path, path)
    assert result.exit_code == 2 and "expected 1 or 2 files" in result.stderr


def test_markdown_escapes_headers_and_segments_from_the_export(cli, tmp_path):
    path = write_csv(tmp_path / "s.csv", ["Team | site", NPS_HEADER], [["a|b\x1b[31m", 9]])
    result = cli("metrics", path, "--by", "Team | site", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").enable("table").render(result.stdout)
    assert "<td>a|b[31m</td>" in html and "<th>Team | site</th>" in html  # one cell each, as typed
    assert "<em>" not in html  # the small-sample stars stay stars


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.sampled_from(["", "n/a", "9", "10 - Extremely likely", "0", "7.0", "Very satisfied", "x"]),
        max_size=8,
    )
)
def test_any_cell_ends_in_a_measure_or_a_located_refusal(cells):
    """Never a traceback: every cell is read as a score, as blank, or refused with its place."""
    from cxcheck.errors import BadInput
    from cxcheck.io.export_table import Table
    from cxcheck.survey import measure

    table = Table(
        "t.csv",
        [NPS_HEADER],
        [[c] for c in cells],
        list(range(2, len(cells) + 2)),
        list(range(2, len(cells) + 2)),
    )
    try:
        result = measure(table)
    except BadInput as exc:
        assert all(p.file == "t.csv" and p.line and p.column == 1 for p in exc.problems)
    else:
        assert result.overall.nps is None or result.overall.nps.n <= len(cells)


def test_the_installed_command_reads_an_export_from_another_folder(run_installed, tmp_path):
    path = write_csv(tmp_path / "s.csv", [NPS_HEADER], [[10], [0]])
    finished = run_installed("metrics", path, "--format", "json")
    assert finished.returncode == 0, finished.stderr
    assert json.loads(finished.stdout)["overall"]["nps"]["score"] == 0.0
    refused = run_installed("metrics", path, "--nps-scale", "2-9")
    assert refused.returncode == 2 and "Traceback" not in refused.stderr


def test_scale_text_parses_and_refuses():
    from cxcheck.errors import BadInput
    from cxcheck.survey import parse_scale

    assert parse_scale("1-10", "--x") == Scale(1, 10) and parse_scale("0 to 10", "--x") == Scale(0, 10)
    with pytest.raises(BadInput):
        parse_scale("5-5", "--x")


def test_the_readme_figures_are_what_the_example_exports_give(cli):
    """README's worked example, from examples/survey-q2.csv and -q3.csv: a change must stay true."""
    from .conftest import EXAMPLES, REPO

    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    table = " ".join(cli("metrics", EXAMPLES / "survey-q3.csv", "--by", "Channel").stdout.split())
    for line in ("everyone 260 +10 ± 10.1", "Phone 39 -8 ± 27.1"):
        assert line in table and line in readme
    waves = cli("metrics", EXAMPLES / "survey-q2.csv", EXAMPLES / "survey-q3.csv", "--by", "Channel")
    shown = " ".join(waves.stdout.split())
    assert "everyone NPS -9.8 9.5 +19.3 (beyond the margin of ±14.9)" in shown
    assert "Stores NPS 8.2 20.9 +12.7 (within the margin of ±21.8)" in shown
    assert "+19.3 (beyond the margin of ±14.9)" in readme and "+12.7 (within the margin of ±21.8)" in readme


def test_the_terminal_table_carries_no_control_sequences_from_the_export(cli, tmp_path):
    path = write_csv(tmp_path / "s.csv", ["Team\x1b[31m", NPS_HEADER], [["a\x1b[2Jb", 9]])
    for args in ((path, "--by", "Team\x1b[31m"), (path, path, "--by", "1")):
        result = cli("metrics", *args)
        assert result.exit_code == 0, result.stderr
        assert "\x1b" not in result.stdout and "a[2Jb" in result.stdout


def test_xlsx_without_openpyxl_says_which_extra_to_install(cli, tmp_path, monkeypatch):
    import sys

    path = tmp_path / "survey.xlsx"
    path.write_bytes(b"PK not really")
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # as if the xlsx extra were not installed
    result = cli("metrics", path)
    assert result.exit_code == 2 and "pip install 'cxcheck[xlsx]'" in result.stderr


def test_a_broken_xlsx_is_one_message(cli, tmp_path):
    pytest.importorskip("openpyxl")
    path = tmp_path / "survey.xlsx"
    path.write_bytes(b"PK\x03\x04 truncated")
    result = cli("metrics", path)
    assert result.exit_code == 2 and "not a readable XLSX workbook" in result.stderr
    assert "Traceback" not in result.stderr


def test_one_file_of_several_waves_compares_the_last_two_like_two_files(cli, tmp_path):
    """Q2 and Q3 of the example in one export with a Wave column (and an older Q1 before them):
    --wave gives the change two files give."""
    from .conftest import EXAMPLES

    rows = []
    for wave, name in (
        ("2026-Q2", "survey-q2.csv"),
        ("2026-Q3", "survey-q3.csv"),
        ("2026-Q1", "survey-q2.csv"),
    ):
        with (EXAMPLES / name).open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            headers = ["Wave", *next(reader)]
            rows += [[wave, *row] for row in reader]
    combined = write_csv(tmp_path / "all-waves.csv", headers, rows)
    split = run_json(cli, combined, "--wave", "Wave", "--by", "Channel")
    apart = run_json(cli, EXAMPLES / "survey-q2.csv", EXAMPLES / "survey-q3.csv", "--by", "Channel")
    assert split["change"] == apart["change"]
    assert split["before"]["file"] == f"{combined} (Wave: 2026-Q2)"
    assert split["after"]["file"] == f"{combined} (Wave: 2026-Q3)"


def test_waves_need_two_values_and_every_row_in_one(cli, tmp_path):
    one = write_csv(tmp_path / "one.csv", ["Wave", NPS_HEADER], [["Q1", 9], ["Q1", 3]])
    result = cli("metrics", one, "--wave", "Wave")
    assert result.exit_code == 2 and "holds one wave" in result.stderr
    blank = write_csv(tmp_path / "blank.csv", ["Wave", NPS_HEADER], [["Q9", 9], ["", 3], ["Q10", 7]])
    result = cli("metrics", blank, "--wave", "A")
    assert result.exit_code == 2 and f"{blank}:3:1: row 3, column A ('Wave'): no wave" in result.stderr
    result = cli("metrics", one, one, "--wave", "Wave")
    assert result.exit_code == 2 and "--wave splits one file" in result.stderr
    bad_cell = write_csv(tmp_path / "bad.csv", ["Wave", NPS_HEADER], [["Q9", 9], ["Q10", "eleven"]])
    result = cli("metrics", bad_cell, "--wave", "Wave")
    assert result.exit_code == 2 and f"{bad_cell}:3:2: row 3, column B" in " ".join(result.stderr.split())


def test_waves_sort_naturally_so_q10_comes_after_q9(cli, tmp_path):
    path = write_csv(tmp_path / "w.csv", ["Wave", NPS_HEADER], [["Q10", 10], ["Q9", 0], ["Q8", 5]])
    data = run_json(cli, path, "--wave", "Wave")
    assert data["before"]["file"].endswith("(Wave: Q9)") and data["after"]["file"].endswith("(Wave: Q10)")
    assert data["change"]["overall"]["nps"]["change"] == 200.0


def test_a_measure_nobody_answered_is_null_not_zero(cli, tmp_path):
    path = write_csv(tmp_path / "s.csv", ["id", NPS_HEADER, CSAT_HEADER], [[1, "", 4], [2, "N/A", 5]])
    data = run_json(cli, path)
    assert data["overall"]["nps"] is None and data["overall"]["blank"] == {"nps": 2, "csat": 0}
    assert data["overall"]["csat"]["score"] == 100.0
    assert "| everyone | 2 | — | — | 100% ± 0.0\\* |" in cli("metrics", path, "-f", "markdown").stdout


@given(st.integers(20, 5000))
def test_the_change_margin_agrees_with_the_catalogues_rule_of_thumb(n):
    """failing-at-scale/quality-through-growth tells people a percentage change is real beyond
    about 140/√n points (two waves of n at 50%), and NPS beyond roughly double: the worst cases
    of the margins cxcheck computes."""
    half = top_two_box([5] * (n // 2) + [1] * (n - n // 2))
    split = net_promoter([10] * (n // 2) + [0] * (n - n // 2))
    assert half is not None and split is not None
    share = change(half.score, half.margin, half.score, half.margin).margin
    assert share is not None and share == pytest.approx(140 / math.sqrt(n), rel=0.02 + 1 / n)
    net = change(split.score, split.margin, split.score, split.margin).margin
    assert net is not None and net == pytest.approx(2 * 140 / math.sqrt(n), rel=0.02 + 1 / n)
