"""The report's URLs: who may download it, what the response is, the results page's buttons."""

import io
from typing import Any

import pytest
from django.urls import reverse
from pypdf import PdfReader

from assessments.models import Assessment
from assessments.services import submit_assessment
from reports import pdf
from tests.conftest import ASSESSMENT_ROLES, client_for
from tests.reports.test_pdf import WORKED, answer, owner_respondent

pytestmark = pytest.mark.django_db


def by_role(*statuses: int) -> dict[str, int]:
    return dict(zip(ASSESSMENT_ROLES, statuses, strict=True))


#                       anon outsider respondent member manager consultant other admin
BEFORE_SUBMISSION = by_role(302, 404, 403, 404, 200, 200, 404, 200)
AFTER_SUBMISSION = by_role(302, 404, 200, 404, 200, 200, 404, 200)


def report_urls(assessment: Assessment) -> dict[str, str]:
    pk = assessment.pk
    return {
        "pdf": reverse("reports:report_pdf", args=[pk]),
        "preview": reverse("reports:report_preview", args=[pk]),
        "comparison": reverse("reports:comparison", args=[pk]),
    }


@pytest.fixture
def unrendered(monkeypatch: pytest.MonkeyPatch) -> None:
    """The access tests ask who gets a report, not what it looks like: the HTML is still
    made for each reader, but not rendered to a PDF (most of a second each). The tests
    below the access tests render it."""
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html, *, paper="a4": b"%PDF-")


@pytest.mark.parametrize("role", ASSESSMENT_ROLES)
def test_the_report_follows_the_results_page_rule_before_submission(
    role: str, everyone: dict[str, Any], gartner_assessment: Assessment, unrendered: None
) -> None:
    client = client_for(everyone[role])
    results = client.get(reverse("reports:results", args=[gartner_assessment.pk])).status_code
    got = {
        name: client.get(url).status_code for name, url in report_urls(gartner_assessment).items()
    }
    assert results == BEFORE_SUBMISSION[role]
    assert got == dict.fromkeys(got, BEFORE_SUBMISSION[role])


@pytest.mark.parametrize("role", ["anonymous", "outsider", "respondent", "other_consultant"])
def test_after_submission_respondents_may_download_and_strangers_still_may_not(
    role: str, everyone: dict[str, Any], gartner_assessment: Assessment, unrendered: None
) -> None:
    answer(owner_respondent(gartner_assessment), WORKED)
    submit_assessment(assessment=gartner_assessment, by=everyone["manager"])
    response = client_for(everyone[role]).get(report_urls(gartner_assessment)["pdf"])
    assert response.status_code == AFTER_SUBMISSION[role]


def test_anonymous_visitor_is_sent_to_sign_in(gartner_assessment: Assessment) -> None:
    response = client_for(None).get(report_urls(gartner_assessment)["pdf"])
    assert response["Location"].startswith(reverse("login"))


def test_the_download_is_a_pdf_named_for_organisation_framework_and_date(
    people: dict, gartner_assessment: Assessment
) -> None:
    answer(owner_respondent(gartner_assessment), WORKED)
    response = client_for(people["manager"]).get(report_urls(gartner_assessment)["pdf"])
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="acme-devices_gartner-iot-v1_'
    )
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Baseline" in text and "Acme Devices" in text


def test_letter_paper_is_asked_for_in_the_query(
    people: dict, gartner_assessment: Assessment
) -> None:
    url = report_urls(gartner_assessment)["pdf"] + "?paper=letter"
    response = client_for(people["manager"]).get(url)
    box = PdfReader(io.BytesIO(response.content)).pages[0].mediabox
    assert (round(box.width), round(box.height)) == (612, 792)


def test_the_preview_is_the_report_html_with_its_stylesheet_and_no_script(
    people: dict, gartner_assessment: Assessment
) -> None:
    answer(owner_respondent(gartner_assessment), WORKED)
    response = client_for(people["manager"]).get(report_urls(gartner_assessment)["preview"])
    html = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert "/static/css/report.css" in html
    assert "<script" not in html
    assert "Executive summary" in html and "Why this placement" in html
    assert f'href="{report_urls(gartner_assessment)["pdf"]}?paper=a4"' in html


def test_the_results_page_offers_the_pdf_and_the_print_preview(
    people: dict, gartner_assessment: Assessment
) -> None:
    url = reverse("reports:results", args=[gartner_assessment.pk])
    html = client_for(people["manager"]).get(url).content.decode()
    urls = report_urls(gartner_assessment)
    assert f'href="{urls["pdf"]}"' in html
    assert f'href="{urls["preview"]}"' in html
    assert ">Download PDF<" in html
