"""`manage.py render_report`: the report to a file, for automation and batch use."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from assessments.models import Assessment
from tests.reports.test_pdf import WORKED, answer, owner_respondent

pytestmark = pytest.mark.django_db


def render(*args: str) -> str:
    out = io.StringIO()
    call_command("render_report", *args, stdout=out)
    return out.getvalue()


def test_writes_the_pdf_and_says_where(gartner_assessment: Assessment, tmp_path: Path) -> None:
    answer(owner_respondent(gartner_assessment), WORKED)
    output = tmp_path / "report.pdf"
    said = render(str(gartner_assessment.pk), "--output", str(output))
    assert said.startswith(f"Wrote {output}")
    reader = PdfReader(output)
    assert "Acme Devices" in reader.pages[0].extract_text()
    assert round(reader.pages[0].mediabox.height) == 842


def test_letter_paper(gartner_assessment: Assessment, tmp_path: Path) -> None:
    output = tmp_path / "report.pdf"
    render(str(gartner_assessment.pk), "--output", str(output), "--paper", "letter")
    assert round(PdfReader(output).pages[0].mediabox.height) == 792


def test_html_is_standalone_with_its_styles_inside(
    gartner_assessment: Assessment, tmp_path: Path
) -> None:
    answer(owner_respondent(gartner_assessment), WORKED)
    output = tmp_path / "report.html"
    render(str(gartner_assessment.pk), "--output", str(output), "--format", "html")
    html = output.read_text()
    assert "<link" not in html
    assert "/* The assessment report" in html
    assert "size: A4" in html
    assert "Level 2 – Exploratory" in html


def test_an_unknown_assessment_is_an_error(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No assessment 999"):
        render("999", "--output", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()
