"""A report is in its assessment's language, whoever reads it; the results page is in the
reader's. German text comes from the tiny test catalogue (`german`), dates from Django's
own German formats."""

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import override

from assessments.models import Assessment, Organization
from reports import pdf
from reports.documents import report_date
from tests.assessments.test_languages import GERMAN, compile_catalogue, html_lang
from tests.conftest import client_for
from tests.reports.test_pdf import WORKED, answer, new_assessment, owner_respondent

pytestmark = pytest.mark.django_db

KICKER = "IoT maturity assessment report"


@pytest.fixture(autouse=True)
def _no_language_left_active() -> Any:
    # As in tests/assessments/test_languages.py: requests leave their language active.
    yield
    translation.deactivate()


@pytest.fixture
def german(tmp_path: Path, settings: Any) -> None:
    """The tiny German catalogue of tests/assessments/test_languages.py, first."""
    compile_catalogue(tmp_path / "locale", GERMAN)
    settings.LOCALE_PATHS = [tmp_path / "locale", *settings.LOCALE_PATHS]


@pytest.fixture
def answered(gartner_assessment: Assessment) -> Assessment:
    """The manager's Gartner assessment, answered to level 2 (Exploratory), in English."""
    answer(owner_respondent(gartner_assessment), WORKED)
    return gartner_assessment


@pytest.fixture
def in_german(answered: Assessment) -> Assessment:
    Assessment.objects.filter(pk=answered.pk).update(language="de")
    answered.refresh_from_db()
    return answered


def reader(people: dict[str, Any], language: str) -> Client:
    """The manager, reading in `language` (the language cookie, as the switcher sets it)."""
    client = client_for(people["manager"])
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    return client


def day(assessment: Assessment, language: str) -> str:
    with override(language):
        return formats.date_format(report_date(assessment), "DATE_FORMAT")


def test_an_english_reader_gets_a_german_assessments_report_in_german(
    people: dict[str, Any], in_german: Assessment, german: None
) -> None:
    url = reverse("reports:report_preview", args=[in_german.pk])
    preview = reader(people, "en").get(url)
    html = preview.content.decode()
    assert html_lang(preview) == "de" and preview["Content-Language"] == "de"
    assert GERMAN[KICKER] in html and KICKER not in html
    assert day(in_german, "de") in html and day(in_german, "en") not in html
    # The footer of every page: "Seite N von M".
    assert 'content: "Seite " counter(page) " von " counter(pages)' in html


def test_the_results_page_of_a_german_assessment_follows_an_english_reader(
    people: dict[str, Any], in_german: Assessment, german: None
) -> None:
    page = reader(people, "en").get(reverse("reports:results", args=[in_german.pk]))
    html = page.content.decode()
    assert html_lang(page) == "en" and page["Content-Language"] == "en"
    assert "Maturity results" in html and GERMAN["Maturity results"] not in html


def test_a_german_reader_gets_an_english_assessments_report_in_english(
    people: dict[str, Any], answered: Assessment, german: None
) -> None:
    client = reader(people, "de")
    results = client.get(reverse("reports:results", args=[answered.pk]))
    assert html_lang(results) == "de"
    assert GERMAN["Maturity results"] in results.content.decode()
    preview = client.get(reverse("reports:report_preview", args=[answered.pk]))
    html = preview.content.decode()
    assert html_lang(preview) == "en" and preview["Content-Language"] == "en"
    assert KICKER in html and GERMAN[KICKER] not in html
    assert 'content: "Page " counter(page) " of " counter(pages)' in html


def test_the_german_pdf_reads_seite_n_von_m_and_german_dates(
    people: dict[str, Any], in_german: Assessment, german: None
) -> None:
    response = reader(people, "en").get(reverse("reports:report_pdf", args=[in_german.pk]))
    assert response["Content-Language"] == "de"
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    pages = text.split("\f")
    assert re.search(r"Seite 1 von \d+", pages[0])
    assert "Page 1 of" not in text
    assert day(in_german, "de") in pages[0]


def test_render_report_takes_another_language_on_request(
    answered: Assessment, german: None, tmp_path: Path
) -> None:
    output = tmp_path / "report.html"
    args = [str(answered.pk), "--output", str(output), "--format", "html"]
    call_command("render_report", *args, "--language", "de")
    html = output.read_text()
    assert '<html lang="de">' in html and GERMAN[KICKER] in html
    call_command("render_report", *args)
    html = output.read_text()
    assert '<html lang="en">' in html and KICKER in html


def test_render_report_refuses_a_language_the_site_does_not_offer(
    answered: Assessment, tmp_path: Path
) -> None:
    output = str(tmp_path / "r.pdf")
    with pytest.raises(CommandError, match="invalid choice: 'fr'"):
        call_command("render_report", str(answered.pk), "--output", output, "--language", "fr")
    assert not (tmp_path / "r.pdf").exists()


def test_a_comparison_is_in_the_language_of_the_assessment_it_starts_from(
    people: dict[str, Any], in_german: Assessment, acme: Organization, german: None
) -> None:
    other = new_assessment(people["manager"], acme, "gartner-iot", title="Again")
    answer(owner_respondent(other), WORKED)
    assert other.language == "en"
    html, _comparison = pdf.comparison_document([in_german, other], mode="preview")
    assert '<html lang="de">' in html and "Seite " in html
    html, _comparison = pdf.comparison_document([other, in_german], mode="preview")
    assert '<html lang="en">' in html and "Page " in html
