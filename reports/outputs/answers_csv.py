"""Every answer as CSV: one row per question and respondent, with a header row.

UTF-8 with a byte order mark, so that Excel reads the accents right; fields are separated by
commas in every language, so that a script reads every export the same way (German Excel,
whose list separator is the semicolon, opens it through Data > From Text/CSV). A cell that
starts with = + - @, a tab or a carriage return gets a leading apostrophe, as OWASP advises
against CSV injection, so that no spreadsheet runs a respondent's comment as a formula.
"""

import csv
import io

from django.utils import translation
from django.utils.translation import gettext as _

from reports.documents.model import Document

# OWASP, "CSV Injection": what makes a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def render_csv(document: Document) -> bytes:
    with translation.override(document.language):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(_header())
        questions = {q.key: q for q in document.questions}
        for response in document.responses:
            question = questions.get(response.question)
            area, text = (question.area, question.text) if question else ("", "")
            writer.writerow(
                safe(cell)
                for cell in (
                    response.question,
                    area,
                    text,
                    response.person,
                    response.role,
                    response.answer,
                    response.answer_label,
                    response.confidence,
                    response.comment,
                    response.evidence_url,
                )
            )
        return buffer.getvalue().encode("utf-8-sig")


def _header() -> list[str]:
    return [
        _("Question key"),
        _("Area"),
        _("Question"),
        _("Person"),
        _("Role"),
        _("Answer"),
        _("Answer label"),
        _("Confidence"),
        _("Comment"),
        _("Evidence link"),
    ]


def safe(value: str) -> str:
    """The value as a spreadsheet shows it and never runs it."""
    return f"'{value}" if value.startswith(FORMULA_START) else value
