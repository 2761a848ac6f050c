"""Every file a report is delivered as, from one place: `render(assessment, format)`.

The PDF and the standalone HTML render the report's templates (`reports.pdf`); the deck
(`pptx`), the workbook (`xlsx`) and the answers (`answers_csv`) render the report's document
(`reports.documents.model.Document`), built from the same `Report`. Each renderer is imported
when its format is first asked for.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from django.db.models import QuerySet
from django.utils import translation

from assessments.selectors import Assessment
from reports.documents.model import Brand, Document

FormatName = Literal["pdf", "html", "pptx", "xlsx", "csv"]
FORMATS: tuple[FormatName, ...] = ("pdf", "html", "pptx", "xlsx", "csv")
CONTENT_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@dataclass(frozen=True)
class Rendered:
    content: bytes
    filename: str
    content_type: str
    language: str


def render(
    assessment: Assessment,
    fmt: str,
    *,
    paper: str = "a4",
    language: str | None = None,
    brand: Brand | None = None,
    among: QuerySet[Assessment] | None = None,
) -> Rendered:
    """The report of `assessment` as a file of format `fmt`, in the assessment's language
    (or `language`), branded for its organisation (or with `brand`). `among` limits where
    the previous assessment is looked for, as on the pages."""
    from reports import pdf
    from reports.branding import brand_for

    if fmt not in FORMATS:
        raise ValueError(f"Unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    brand = brand if brand is not None else brand_for(assessment.organization)
    language = language or assessment.language
    paper_name: pdf.Paper = "letter" if paper == "letter" else "a4"
    if fmt in ("pdf", "html"):
        mode: pdf.Mode = "pdf" if fmt == "pdf" else "standalone"
        html, report = pdf.report_document(
            assessment, paper=paper_name, mode=mode, language=language, among=among, brand=brand
        )
        content = pdf.html_to_pdf(html) if fmt == "pdf" else html.encode()
        return Rendered(content, _named(report.filename, fmt), CONTENT_TYPES[fmt], language)
    from reports.documents import report_context
    from reports.documents.build import build_document

    with translation.override(language):
        report = report_context(assessment, among=among)
        document = build_document(report, brand=brand)
        content = _renderer(fmt)(document)
    return Rendered(content, _named(report.filename, fmt), CONTENT_TYPES[fmt], language)


def _named(filename: str, fmt: str) -> str:
    stem = filename.removesuffix(".pdf")
    return f"{stem}_answers.csv" if fmt == "csv" else f"{stem}.{fmt}"


def _renderer(fmt: str) -> Callable[[Document], bytes]:
    if fmt == "pptx":
        from reports.outputs.pptx import render_pptx

        return render_pptx
    if fmt == "xlsx":
        from reports.outputs.xlsx import render_xlsx

        return render_xlsx
    from reports.outputs.answers_csv import render_csv

    return render_csv
