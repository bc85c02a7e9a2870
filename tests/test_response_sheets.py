"""Response sheets: `init --format csv|xlsx` writes them, and `assess --answers` reads them (and
survey-tool exports) one respondent per row, scoring exactly as the equivalent YAML files, with
every bad cell named by row and column."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from pathlib import Path

import pytest

from .forms_workshop import (
    LEVELS,
    NUMBERS,
    ORGANISATION,
    PACK_OPTIONS,
    PEOPLE,
    QUESTION_TEXT,
    assess_json,
    comparable,
    label,
    split,
    write_yaml_workshop,
)

DATE = dt.date(2026, 11, 24)
REFS = list(QUESTION_TEXT)


@pytest.fixture
def forms(cli):
    def run(*args: str):
        return cli(*args, *PACK_OPTIONS)

    return run


@pytest.fixture
def yaml_result(tmp_path):
    return comparable(assess_json(write_yaml_workshop(tmp_path / "yaml", DATE)))


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",", bom: bool = True) -> Path:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_text(("\ufeff" if bom else "") + out.getvalue(), encoding="utf-8")
    return path


def generated_rows(forms) -> list[list[str]]:
    made = forms("init", "--format", "csv")
    assert made.exit_code == 0, made.stderr
    return list(csv.reader(io.StringIO(made.stdout.lstrip("\ufeff"))))


def test_csv_sheet_has_ids_then_questions_and_answers_without_scores(forms):
    header, described = generated_rows(forms)
    assert header == ["name", "role", "organisation", "date", *REFS]
    owner = described[header.index("ownership/owner")]
    assert owner.startswith("Who owns the journey from end to end?")
    assert all(f"{i} = {level}" in owner for i, level in enumerate(LEVELS))
    assert "don't know" in owner and "not applicable" not in owner  # this question takes no n/a
    assert "none yet" in described[header.index("ownership/shared-goals")]
    assert "score" not in " ".join(described).lower()


def test_a_filled_csv_scores_as_the_yaml_files(forms, tmp_path, yaml_result):
    """The generated sheet filled as people do: level numbers, 'N = text', labels in any case,
    notes with quotes and newlines, ';' separators (European Excel), a BOM, blank rows at the end."""
    header, described = generated_rows(forms)
    header.insert(header.index("ownership/owner") + 1, "ownership/owner note")
    described.insert(header.index("ownership/owner note"), "")
    header.append("ownership/shared-goals note")
    described.append("")
    rows = [header, described]
    for number, (name, role, answers) in enumerate(PEOPLE):
        row = {"name": name, "role": role, "organisation": ORGANISATION, "date": DATE.isoformat()}
        for ref, answer in answers.items():
            value, note = split(answer)
            if ref == "ownership/owner" and isinstance(value, int):
                value = str(value) if number % 2 else f"{value} = {LEVELS[value]}"
            elif value in ("unknown", "n/a"):
                value = label(ref, value).upper() if number % 2 else value
            row[ref] = str(value).replace(".", ",") if ref in NUMBERS else str(value)
            if note:
                row[f"{ref} note"] = note
        rows.append([row.get(column, "") for column in header])
    rows += [[""] * len(header), []]
    sheet = write_csv(tmp_path / "responses.csv", rows, delimiter=";")

    assert comparable(assess_json(sheet)) == yaml_result


def test_a_google_forms_export_scores_as_the_yaml_files(tmp_path, yaml_result):
    """Question texts as headers, numbered, upper-cased, spaced, without '?'; Timestamp and Email
    Address columns; Department for the role; answers as the form showed them."""
    header = ["Timestamp", "Email Address", "Name", "Department", "Company"]
    for number, ref in enumerate(REFS, start=1):
        text = QUESTION_TEXT[ref]
        header.append(f"{number}. {text.rstrip('?').upper()}  " if number % 2 else f" {text}")
    header += [
        f"{QUESTION_TEXT['ownership/owner']} (note)",
        f"{QUESTION_TEXT['ownership/shared-goals']} note",
    ]
    rows = [header]
    for number, (name, role, answers) in enumerate(PEOPLE):
        stamp = f"2026/11/24 1{number}:31:02 AM GMT+1"
        row = [stamp, f"{name.split()[0].lower()}@example.com", name, role, ORGANISATION]
        row += [label(ref, split(answers[ref])[0]) if ref in answers else "" for ref in REFS]
        row += [split(answers.get(ref))[1] or "" for ref in ("ownership/owner", "ownership/shared-goals")]
        rows.append(row)
    export = write_csv(tmp_path / "Workshop (Responses) - Form responses 1.csv", rows, bom=False)

    assert comparable(assess_json(export)) == yaml_result


def test_a_surveymonkey_export_with_its_second_header_row_scores_as_the_yaml_files(tmp_path, yaml_result):
    """SurveyMonkey: Respondent ID, Start and End Date columns, and a second row of "Response"."""
    header = ["Respondent ID", "Start Date", "End Date", "Name", "Role", "Organisation"]
    header += [QUESTION_TEXT[ref] for ref in REFS] + ["ownership/owner note", "ownership/shared-goals note"]
    second = ["", "", "", "Open-Ended Response", "Open-Ended Response", "Open-Ended Response"]
    second += ["Response"] * len(REFS) + ["Open-Ended Response"] * 2
    rows = [header, second]
    for number, (name, role, answers) in enumerate(PEOPLE):
        row = [str(11400 + number), "11/24/2026 09:01:00", "2026-11-24 09:12:00", name, role, ORGANISATION]
        row += [label(ref, split(answers[ref])[0]) if ref in answers else "" for ref in REFS]
        row += [split(answers.get(ref))[1] or "" for ref in ("ownership/owner", "ownership/shared-goals")]
        rows.append(row)
    export = write_csv(tmp_path / "Sheet_1.csv", rows)

    assert comparable(assess_json(export)) == yaml_result


def test_the_xlsx_sheet_has_drop_downs_and_reads_back_as_the_yaml_files(forms, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    sheet_path = tmp_path / "responses.xlsx"
    made = forms("init", "-o", str(sheet_path))  # the suffix picks the format
    assert made.exit_code == 0, made.stderr
    workbook = openpyxl.load_workbook(sheet_path)
    assert workbook.sheetnames == ["Responses", "Lists", "Questions"]
    assert workbook["Lists"].sheet_state == "hidden"
    sheet = workbook["Responses"]
    assert sheet.freeze_panes == "B3"
    header = [cell.value for cell in sheet[1]]
    assert header == ["name", "role", "organisation", "date", *REFS]
    checks = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    owner = header.index("ownership/owner") + 1
    letter = openpyxl.utils.get_column_letter(owner)
    listed = checks[f"{letter}3:{letter}202"]
    assert listed.type == "list" and listed.showErrorMessage
    offered = [workbook["Lists"].cell(row, owner).value for row in range(1, 7)]
    assert offered == [*LEVELS, "don't know"]  # no n/a: this question does not allow it
    goals = openpyxl.utils.get_column_letter(header.index("ownership/shared-goals") + 1)
    assert checks[f"{goals}3:{goals}202"].type == "custom"
    assert "<=100" in checks[f"{goals}3:{goals}202"].formula1
    assert [c.value for c in workbook["Questions"][1]][:3] == ["Question id", "Topic", "Question"]
    assert workbook["Questions"]["B2"].value == "Listening pitfall"  # no heading: the title
    assert workbook["Questions"]["B5"].value == "Ownership across teams"

    for row, (name, role, answers) in enumerate(PEOPLE, start=3):
        values = {"name": name, "role": role, "organisation": ORGANISATION, "date": dt.datetime(2026, 11, 24)}
        for ref, answer in answers.items():
            value, _ = split(answer)
            values[ref] = value if ref in NUMBERS and isinstance(value, (int, float)) else label(ref, value)
        for column, key in enumerate(header, start=1):
            sheet.cell(row, column, values.get(key))
    workbook.save(sheet_path)

    without_notes = write_yaml_workshop(tmp_path / "without-notes", DATE, notes=False)
    assert comparable(assess_json(sheet_path)) == comparable(assess_json(without_notes))


def test_a_folder_may_mix_sheets_and_answers_files(tmp_path, yaml_result):
    folder = write_yaml_workshop(tmp_path / "mixed", DATE)
    (folder / "ana.yaml").unlink()
    name, role, answers = PEOPLE[0]
    header = ["Name", "Role", "Organisation", "Date", *REFS, "ownership/owner note"]
    row = [name, role, ORGANISATION, DATE.isoformat()]
    row += [str(split(answers[ref])[0]) for ref in REFS] + [split(answers["ownership/owner"])[1]]
    write_csv(
        folder / "ana-late.csv", [header, row]
    )  # sorted where ana.yaml was: respondents keep their order

    assert comparable(assess_json(folder)) == yaml_result


def bad_sheet(tmp_path: Path) -> Path:
    header = ["name", "role", *REFS]
    rows = [header]
    for name, owner, goals, feedback in [
        ("Ana", "2", "40", "Nothing, it is filed"),
        ("Ben", "7", "140", "Nothing"),
        ("Cy", "n/a", "lots", "3"),
    ]:
        row = dict(zip(header, [name, "HR"], strict=False))
        row.update(
            {"ownership/owner": owner, "ownership/shared-goals": goals, "listening/feedback-use": feedback}
        )
        rows.append([row.get(column, "") for column in header])
    return write_csv(tmp_path / "responses.csv", rows)


def test_every_bad_cell_is_named_by_row_and_column_and_nothing_is_written(forms, tmp_path):
    output = tmp_path / "report.html"
    done = forms("assess", "--answers", str(bad_sheet(tmp_path)), "--format", "html", "--output", str(output))
    assert done.exit_code == 2
    sheet = tmp_path / "responses.csv"
    assert done.stderr.splitlines() == [
        f'error: {sheet}: row 3, column "listening/feedback-use": value not allowed '
        "(expected one of 'Nothing, it is filed', 'It is read by a \"CX\" team', "
        "'It changes something every month', unknown or n/a, found 'Nothing')",
        f'error: {sheet}: row 3, column "ownership/owner": value not allowed '
        "(expected a level from 0 to 4, unknown, found '7')",
        f'error: {sheet}: row 3, column "ownership/shared-goals": value not allowed '
        "(expected a percentage, from 0 to 100 or 'none yet', unknown or n/a, found '140')",
        f'error: {sheet}: row 4, column "listening/feedback-use": value not allowed '
        "(expected one of 'Nothing, it is filed', 'It is read by a \"CX\" team', "
        "'It changes something every month', unknown or n/a, found '3')",
        f'error: {sheet}: row 4, column "ownership/owner": value not allowed '
        "(expected a level from 0 to 4, unknown, found 'n/a')",
        f'error: {sheet}: row 4, column "ownership/shared-goals": value not allowed '
        "(expected a percentage, from 0 to 100 or 'none yet', unknown or n/a, found 'lots')",
        "6 problems; nothing was written.",
    ]
    assert not output.exists()


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            ["name", "ownership/ownr"],
            'row 1, column "ownership/ownr": unknown question id '
            "(expected a question id, pack/question, or its text)",
        ),
        (
            ["ownership/owner", "Who owns the journey from end to end"],
            'row 1, column "Who owns the journey from end to end": ownership/owner already has a column '
            "(expected one column per question, found also column 'ownership/owner')",
        ),
        (
            ["Timestamp", "Email Address", "How was your day?"],
            "row 1: no column matches a question (expected question ids, pack/question, or the "
            "questions' texts in the first row, found 'Timestamp', 'Email Address', 'How was your day?')",
        ),
        (
            ["name", "ownership/owner note"],
            'row 1, column "ownership/owner note": a note column without its question\'s column',
        ),
    ],
)
def test_a_header_that_cannot_be_matched_is_refused(forms, tmp_path, header, message):
    sheet = write_csv(tmp_path / "responses.csv", [header, ["x"] * len(header)])
    done = forms("check-answers", str(sheet))
    assert done.exit_code == 2
    assert done.stderr == f"error: {sheet}: {message}\n"


def test_broken_files_end_in_one_message(forms, tmp_path):
    unclosed = tmp_path / "unclosed.csv"
    unclosed.write_text('name,ownership/owner\n"Ana,2\n', encoding="utf-8")
    not_xlsx = tmp_path / "renamed.xlsx"
    not_xlsx.write_text("name,ownership/owner\n", encoding="utf-8")
    empty = tmp_path / "empty.csv"
    empty.write_text("\n\n", encoding="utf-8")
    done = forms("check-answers", str(unclosed), str(not_xlsx), str(empty))
    assert done.exit_code == 2
    lines = done.stderr.splitlines()
    assert lines[0].startswith(f"error: {unclosed}:2: CSV cannot be read: unexpected end of data")
    assert lines[1].startswith(
        f"error: {not_xlsx}: not a readable XLSX workbook (expected an Excel .xlsx workbook"
    )
    assert (
        lines[2] == f"error: {empty}: the sheet is empty (expected a header row, then one row per respondent)"
    )
    assert "Traceback" not in done.stderr


def test_windows_1252_csv_from_excel_is_read(forms, tmp_path):
    sheet = tmp_path / "excel.csv"
    sheet.write_bytes("Name;Role;ownership/owner\r\nZoë;Opérations;3\r\n".encode("cp1252"))
    done = forms("assess", "--answers", str(sheet), "--format", "json")
    assert done.exit_code == 0, done.stderr
    assert '"name": "Zoë"' in done.stdout and '"role": "Opérations"' in done.stdout


def test_check_answers_lists_every_row(forms, tmp_path):
    sheet = write_csv(tmp_path / "r.csv", [["name", "ownership/owner"], ["Ana", "1"], ["Ben", ""]])
    done = forms("check-answers", str(sheet))
    assert done.exit_code == 0, done.stderr
    assert " ".join(done.stdout.split()) == f"✓ {sheet} row 2 (1 answers) ✓ {sheet} row 3 (0 answers)"


def test_xlsx_without_openpyxl_names_the_extra(forms, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # as if it were not installed
    written = forms("init", "--format", "xlsx", "-o", str(tmp_path / "r.xlsx"))
    assert written.exit_code == 2
    assert written.stderr == (
        "error: --format xlsx needs the xlsx extra (expected pip install 'cxcheck[xlsx]')\n"
    )
    sheet = tmp_path / "given.xlsx"
    sheet.write_bytes(b"PK")
    read = forms("check-answers", str(sheet))
    assert read.exit_code == 2
    assert (
        read.stderr
        == f"error: {sheet}: reading .xlsx needs the xlsx extra (expected pip install 'cxcheck[xlsx]')\n"
    )


def test_xlsx_is_never_printed(forms):
    done = forms("init", "--format", "xlsx")
    assert done.exit_code == 2
    assert (
        done.stderr
        == "error: --format xlsx writes a binary file (expected --output FILE, found no --output)\n"
    )


# -- any answers, any spelling a sheet allows: the same as the YAML file ------------------------


def _spellings(question, value) -> list[str]:
    """Every way a person or a survey tool may write this canonical answer in a cell."""
    if value == "unknown":
        return ["unknown", "Don't know", "DON’T KNOW", " not sure "]
    if value == "n/a":
        return ["n/a", "Not applicable", "NA"]
    if question.type == "scale":
        level = question.levels[value]
        return [str(value), level, level.upper(), f"{value} = {level}", f"{value}. {level}"]
    if question.type == "choice":
        index = [o.label for o in question.options].index(value)
        return [value, value.lower(), str(index)]
    if question.type == "yes_no":
        return [value, value.upper(), *(["Y"] if value == "yes" else ["n"] if value == "no" else [])]
    if isinstance(value, str):  # a number question's word
        return [value, value.title()]
    written = str(value)
    return [written, written.replace(".", ","), f"{written} {question.unit}"]


@pytest.mark.slow
def test_any_answers_spelled_any_allowed_way_load_as_the_yaml_file():
    import tempfile

    import yaml
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from cxcheck.answers import load_responses
    from cxcheck.catalogue import load_catalogue

    from .forms_workshop import FORMS

    catalogue = load_catalogue([FORMS], builtin=False)
    questions = [(pack, q) for pack in catalogue for q in pack.questions]
    note_text = st.text(
        st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from('\n;,"'), min_size=1, max_size=30
    ).map(str.strip)

    def values(question):
        specials = ["unknown", *(["n/a"] if question.allow_na else [])]
        if question.type == "scale":
            base = st.integers(0, len(question.levels) - 1)
        elif question.type == "choice":
            base = st.sampled_from([o.label for o in question.options])
        elif question.type == "yes_no":
            base = st.sampled_from(question.choices())
        else:
            upper = question.max if question.max is not None else 10_000
            number = st.integers(0, int(upper)) | st.decimals(0, upper, places=2).map(float)
            base = number | st.sampled_from([w.label for w in question.words] or [0])
        return st.none() | st.sampled_from(specials) | base

    @settings(max_examples=60, deadline=None)
    @given(st.data())
    def check(data):
        answers, cells, notes = {}, {}, {}
        for pack, question in questions:
            value = data.draw(values(question))
            if value is None:
                continue
            note = data.draw(st.none() | note_text)
            ref = f"{pack.id}/{question.id}"
            cells[ref] = data.draw(st.sampled_from(_spellings(question, value)))
            notes[ref] = note or ""
            answers.setdefault(pack.id, {})[question.id] = (
                value if not note else {"value": value, "note": note}
            )
        refs = [f"{p.id}/{q.id}" for p, q in questions]
        header = ["name", *refs, *(f"{ref} note" for ref in refs)]
        row = ["Pat", *(cells.get(ref, "") for ref in refs), *(notes.get(ref, "") for ref in refs)]
        with tempfile.TemporaryDirectory() as folder:
            answers_file = Path(folder) / "one.yaml"
            answers_file.write_text(
                yaml.safe_dump({"cxcheck": 1, "respondent": {"name": "Pat"}, "answers": answers}),
                encoding="utf-8",
            )
            sheet = write_csv(
                Path(folder) / "one.csv",
                [header, row],
                delimiter=data.draw(st.sampled_from(",;\t")),
                bom=data.draw(st.booleans()),
            )
            from_yaml, from_sheet = load_responses([answers_file, sheet], catalogue)
        assert from_sheet.answers == from_yaml.answers

    check()


@pytest.mark.slow
def test_the_example_workshop_as_a_google_forms_export_scores_as_its_yaml_files(tmp_path):
    """The shipped catalogue and examples/workshop/: each file becomes a row of a form export
    (question texts as headers, level texts and labels as answers, notes in their own columns)."""
    from cxcheck.answers import answers_paths, load_responses
    from cxcheck.catalogue import load_catalogue

    from .conftest import EXAMPLES

    workshop = EXAMPLES / "workshop"
    catalogue = load_catalogue()
    responses = load_responses(answers_paths([str(workshop)]), catalogue)
    questions = [(pack, question) for pack in catalogue for question in pack.questions]
    texts = [question.text for _, question in questions]
    header = ["Timestamp", "Email Address", "Your name", "Department", "Organisation"]
    for number, (pack, question) in enumerate(questions, start=1):
        shared = texts.count(question.text) > 1
        header.append(f"{pack.id}/{question.id}" if shared else f"{number}. {question.text}")
    header += [f"{pack.id}/{question.id} note" for pack, question in questions]
    rows = [header]
    for response in responses:
        row = [
            f"{response.date:%Y/%m/%d} 10:00:00 AM GMT",
            "someone@example.com",
            response.name,
            response.role,
        ]
        row.append(response.organisation)
        notes = []
        for pack, question in questions:
            given = response.answers.get(pack.id, {}).get(question.id)
            value = given.value if given else None
            if value is None:
                row.append("")
            elif value == "unknown":
                row.append("Don't know")
            elif value == "n/a":
                row.append("Not applicable")
            elif question.type == "scale":
                row.append(question.levels[value])
            elif question.type == "yes_no":
                row.append(value.capitalize())
            else:
                row.append(str(value))
            notes.append(given.note if given and given.note else "")
        rows.append(row + notes)
    export = write_csv(tmp_path / "Workshop (Responses).csv", rows, bom=False)

    shipped = ("--no-config",)
    assert comparable(assess_json(export, packs=shipped)) == comparable(assess_json(workshop, packs=shipped))
