"""The XLSX response sheet `cxcheck init --format xlsx` writes (needs openpyxl, the xlsx extra).

"Responses" holds one row per respondent: question ids in the first row (what assess matches),
the question and its answers in the second, and from the third a drop-down of each question's
answers (level texts, options, yes/no, don't know, n/a; numbers are checked for their range).
"Questions" lists every question with its help, for reading before answering.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from cxcheck.errors import BadInput, Problem
from cxcheck.model import Pack
from cxcheck.render.respondent_view import (
    HIGHEST_RUNG_RULE,
    heading,
    number_hint,
    options,
    reference,
    specials,
)
from cxcheck.render.response_sheet import RESPONDENT_COLUMNS, allowed

RESPONDENT_ROWS = 200  # rows with drop-downs; a workshop rarely has more, and more can be pasted


def _dropdown(question: Any) -> list[str]:
    """What a cell's drop-down offers: answers as people read them, which assess reads back."""
    shown = [o.label if question.type != "yes_no" else str(o.value) for o in options(question)]
    return shown + [o.label.lower() for o in specials(question)]


def form(packs: Sequence[Pack], profile: str) -> bytes:
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils import get_column_letter, quote_sheetname
        from openpyxl.worksheet.datavalidation import DataValidation
    except ImportError:
        raise BadInput(
            Problem("--format xlsx needs the xlsx extra", expected="pip install 'cxcheck[xlsx]'")
        ) from None

    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])  # the blank default sheet
    sheet = workbook.create_sheet("Responses")
    lists = workbook.create_sheet("Lists")
    lists.sheet_state = "hidden"
    guide = workbook.create_sheet("Questions")

    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    shaded = PatternFill("solid", fgColor="E3EFFF")
    last = 2 + RESPONDENT_ROWS
    for number, (header, description) in enumerate(RESPONDENT_COLUMNS, start=1):
        sheet.cell(1, number, header).font = bold
        sheet.cell(2, number, description).alignment = wrap
        sheet.column_dimensions[get_column_letter(number)].width = 22
    column = len(RESPONDENT_COLUMNS)
    guide.append(["Question id", "Topic", "Question", "Help", "Answers"])
    for pack in packs:
        for question in pack.questions:
            column += 1
            letter = get_column_letter(column)
            ref = reference(pack, question)
            sheet.cell(1, column, ref).font = bold
            sheet.cell(2, column, f"{question.text}\nAnswer:\n{allowed(question)}").alignment = wrap
            sheet.column_dimensions[letter].width = 34
            guide.append([ref, heading(pack), question.text, question.help or "", allowed(question)])
            cells = f"{letter}3:{letter}{last}"
            if question.type == "number":
                quoted = (w.replace('"', '""') for w in _dropdown(question))
                words = "".join(f',{letter}3="{w}"' for w in quoted)
                upper = f",{letter}3<={question.max:g}" if question.max is not None else ""
                check = DataValidation(
                    type="custom",
                    formula1=f"OR(AND(ISNUMBER({letter}3),{letter}3>=0{upper}){words})",
                    allow_blank=True,
                )
                check.prompt = number_hint(question) + " (or " + ", ".join(_dropdown(question)) + ")"
                check.error = check.prompt
            else:
                values = _dropdown(question)
                for row, value in enumerate(values, start=1):
                    lists.cell(row, column, value)
                source = f"{quote_sheetname('Lists')}!${letter}$1:${letter}${len(values)}"
                check = DataValidation(type="list", formula1=f"={source}", allow_blank=True)
                check.prompt = (
                    HIGHEST_RUNG_RULE if question.type == "scale" else "Pick an answer from the list."
                )
                check.error = "Pick an answer from the list (the second row lists them)."
            check.errorTitle = "Not an answer to this question"
            check.showErrorMessage = True
            check.showInputMessage = True
            sheet.add_data_validation(check)
            check.add(cells)
            for row in range(3, last + 1):
                sheet.cell(row, column).alignment = wrap
    sheet.row_dimensions[2].height = 150
    for cell in sheet[2]:
        cell.fill = shaded
    sheet.freeze_panes = "B3"
    for cell in guide[1]:
        cell.font = bold
    for letter, width in zip("ABCDE", (30, 28, 60, 60, 60), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    guide.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
