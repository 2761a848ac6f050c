"""Results, reports and comparisons tell every cache, shared or the browser's, to keep nothing."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from assessments.models import Assessment, Organization
from assessments.services import submit_assessment
from reports import pdf
from tests.conftest import client_for
from tests.reports.test_pdf import WORKED, answer, new_assessment, owner_respondent

pytestmark = pytest.mark.django_db

PRIVATE_NO_STORE = "private, no-store"


def submitted(manager: User, acme: Organization, title: str) -> Assessment:
    assessment = new_assessment(manager, acme, "gartner-iot", title=title)
    answer(owner_respondent(assessment), WORKED)
    submit_assessment(assessment=assessment, by=manager)
    return assessment


@pytest.fixture
def pair(people: dict, acme: Organization, frameworks: None) -> tuple[Assessment, Assessment]:
    manager = people["manager"]
    return submitted(manager, acme, "Baseline"), submitted(manager, acme, "Review")


@pytest.fixture
def manager_client(people: dict, monkeypatch: pytest.MonkeyPatch) -> Client:
    # The header is the question, not the PDF: skip WeasyPrint (most of a second a report).
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html, *, paper="a4": b"%PDF-")
    return client_for(people["manager"])


def cache_control(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response["Cache-Control"]


def test_the_results_page_is_private_and_not_stored(
    manager_client: Client, pair: tuple[Assessment, Assessment]
) -> None:
    url = reverse("reports:results", args=[pair[0].pk])
    assert cache_control(manager_client, url) == PRIVATE_NO_STORE
    # A second view comes from the server's fragment cache, with the same header.
    assert cache_control(manager_client, url) == PRIVATE_NO_STORE


def test_the_results_page_of_an_unsubmitted_assessment_is_private_and_not_stored(
    manager_client: Client, people: dict, acme: Organization, frameworks: None
) -> None:
    draft = new_assessment(people["manager"], acme, "gartner-iot")
    url = reverse("reports:results", args=[draft.pk])
    assert cache_control(manager_client, url) == PRIVATE_NO_STORE


def test_the_pdf_download_is_private_and_not_stored(
    manager_client: Client, pair: tuple[Assessment, Assessment]
) -> None:
    url = reverse("reports:report_pdf", args=[pair[0].pk])
    assert cache_control(manager_client, url) == PRIVATE_NO_STORE
    assert cache_control(manager_client, url + "?paper=letter") == PRIVATE_NO_STORE


def test_the_print_preview_is_private_and_not_stored(
    manager_client: Client, pair: tuple[Assessment, Assessment]
) -> None:
    url = reverse("reports:report_preview", args=[pair[0].pk])
    assert cache_control(manager_client, url) == PRIVATE_NO_STORE


def test_every_comparison_view_is_private_and_not_stored(
    manager_client: Client, pair: tuple[Assessment, Assessment]
) -> None:
    first, second = pair
    url = reverse("reports:comparison", args=[first.pk])
    chosen = f"{url}?with={second.pk}"
    assert cache_control(manager_client, url) == PRIVATE_NO_STORE  # the form
    assert cache_control(manager_client, chosen) == PRIVATE_NO_STORE  # the document
    assert cache_control(manager_client, chosen + "&format=pdf") == PRIVATE_NO_STORE
