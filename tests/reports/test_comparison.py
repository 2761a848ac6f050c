"""Comparing assessments of one organisation on one framework, across versions.

The first Gartner assessment answers WORKED (ecosystem, data governance and technology
infrastructure 2, the rest 3: overall 8/3 = 2.67); the second answers 3 everywhere
(overall 3), so those three subdimensions gain 1 and the whole gains 1/3.
"""

import io
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from pypdf import PdfReader

from assessments.models import Assessment, Organization
from assessments.selectors import comparable_assessments
from assessments.services import submit_assessment
from maturity.schema import parse_definition
from maturity.services import import_framework
from reports import pdf
from reports.documents import comparison_context
from tests.conftest import client_for, shipped_document
from tests.reports.test_pdf import (
    GARTNER_KEYS,
    WORKED,
    answer,
    new_assessment,
    owner_respondent,
    ptc_complete,
)

pytestmark = pytest.mark.django_db


def submitted(assessment: Assessment, by: User, day: int) -> Assessment:
    """Submit, then date the submission to November `day`, 2026."""
    submit_assessment(assessment=assessment, by=by)
    when = datetime(2026, 11, day, 10, tzinfo=UTC)
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=when)
    return Assessment.objects.get(pk=assessment.pk)


@pytest.fixture
def first(people: dict, acme: Organization, frameworks: None) -> Assessment:
    assessment = new_assessment(people["manager"], acme, "gartner-iot", title="Baseline 2025")
    answer(owner_respondent(assessment), WORKED)
    return submitted(assessment, people["manager"], 1)


@pytest.fixture
def second(people: dict, acme: Organization, first: Assessment) -> Assessment:
    """On version 2 of the Gartner model, which renames Culture (same key)."""
    document = shipped_document("gartner-iot")
    document["version"] = 2
    document["dimensions"][1]["subdimensions"][1]["name"] = "Culture and skills"
    import_framework(definition=parse_definition(document))
    assessment = new_assessment(people["manager"], acme, "gartner-iot", title="Review 2026")
    assert assessment.framework.version == 2
    answer(owner_respondent(assessment), dict.fromkeys(GARTNER_KEYS, "3"))
    return submitted(assessment, people["manager"], 20)


def test_rows_match_subdimensions_by_key_across_versions(
    first: Assessment, second: Assessment
) -> None:
    comparison = comparison_context([second, first])
    assert [c.assessment for c in comparison.compared] == [first, second]
    rows = {row.label: row for row in comparison.rows}
    overall = rows["Overall score"]
    assert [c.value for c in overall.changes] == [8 / 3, 3.0]
    assert overall.total.delta == 3.0 - 8 / 3
    assert rows["Ecosystem"].changes[1].delta == 1.0
    assert rows["Ecosystem"].changes[1].direction == 1
    # Renamed in version 2, still the same subdimension, unchanged.
    assert rows["Culture and skills"].changes[1].delta == 0.0
    assert rows["Culture and skills"].changes[1].direction == 0
    assert "Culture" not in rows


def test_the_comparison_pdf_shows_both_dates_the_deltas_and_one_radar(
    first: Assessment, second: Assessment
) -> None:
    html, comparison = pdf.comparison_document([first, second])
    text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(pdf.html_to_pdf(html))).pages
    )
    assert "2026-11-01" in text and "2026-11-20" in text
    assert "▲ +1.00" in text  # ecosystem, data governance, technology infrastructure
    assert "▲ +0.33" in text  # overall
    assert "= 0" in text
    assert html.count("<svg") == 1
    assert comparison.filename == "acme-devices_gartner-iot-v2-comparison_2026-11-20.pdf"


def test_staged_levels_are_compared_in_percentage_points(
    people: dict, acme: Organization, frameworks: None
) -> None:
    before = new_assessment(people["manager"], acme, "ptc-cpmm")
    answer(owner_respondent(before), ptc_complete({"l3-remote-monitoring": "yes"}))
    before = submitted(before, people["manager"], 1)
    after = new_assessment(people["manager"], acme, "ptc-cpmm")
    answer(owner_respondent(after), ptc_complete({"l3-remote-monitoring": "yes",
                                                  "l3-remote-access": "yes"}))  # fmt: skip
    after = submitted(after, people["manager"], 2)
    comparison = comparison_context([before, after])
    assert comparison.staged
    level_three = next(row for row in comparison.rows if row.label == "3 Serviceable")
    # 1/5 = 20 % before, 2/5 = 40 % after
    assert [c.value for c in level_three.changes] == [0.2, 0.4]
    html, _comparison = pdf.comparison_document([before, after])
    assert "▲ +20 pp" in html


# --- the view ---------------------------------------------------------------------------


def test_the_form_offers_only_the_same_organisation_and_framework(
    first: Assessment, second: Assessment, people: dict, acme: Organization
) -> None:
    other_framework = new_assessment(people["manager"], acme, "ptc-cpmm", title="PTC look")
    elsewhere = Organization.objects.create(name="Other Co", key="other-co")
    other_client = new_assessment(people["admin"], elsewhere, "gartner-iot", title="Other")
    manager = people["manager"]
    assert comparable_assessments(manager, second) == [first]
    html = client_for(manager).get(reverse("reports:comparison", args=[second.pk]))
    page = html.content.decode()
    assert "Baseline 2025" in page
    assert other_framework.title not in page and other_client.title not in page


def test_an_assessment_the_user_may_not_see_cannot_be_smuggled_in(
    first: Assessment, people: dict, acme: Organization
) -> None:
    elsewhere = Organization.objects.create(name="Other Co", key="other-co")
    other = new_assessment(people["admin"], elsewhere, "gartner-iot", title="Other")
    url = reverse("reports:comparison", args=[first.pk])
    response = client_for(people["manager"]).get(url, {"with": str(other.pk), "format": "pdf"})
    page = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert "There is no other assessment of this organisation on this model" in page
    assert "Other" not in page.split("<main", 1)[1]


def test_choosing_nothing_asks_again(first: Assessment, second: Assessment, people: dict) -> None:
    url = reverse("reports:comparison", args=[second.pk])
    response = client_for(people["manager"]).get(url, {"format": "pdf"})
    assert "Choose at least one assessment to compare with." in response.content.decode()


def test_choosing_shows_the_comparison_and_offers_its_pdf(
    first: Assessment, second: Assessment, people: dict
) -> None:
    client = client_for(people["manager"])
    url = reverse("reports:comparison", args=[second.pk])
    preview = client.get(url, {"with": str(first.pk), "format": "html"}).content.decode()
    assert "▲ +1.00" in preview
    assert "format=pdf" in preview
    response = client.get(url, {"with": str(first.pk), "format": "pdf", "paper": "letter"})
    assert response["Content-Type"] == "application/pdf"
    assert "comparison_2026-11-20.pdf" in response["Content-Disposition"]


# --- provisional assessments, names and dates -------------------------------------------


@pytest.fixture
def draft(people: dict, acme: Organization, first: Assessment) -> Assessment:
    """Three of the nine questions answered (33 %), at 4, not submitted: the business
    dimension 4, so the whole 4, against the baseline's 8/3 a change of +1.33."""
    assessment = new_assessment(people["manager"], acme, "gartner-iot", title="Draft review")
    answer(owner_respondent(assessment), dict.fromkeys(GARTNER_KEYS[:3], "4"))
    return assessment


def preview(people: dict, assessment: Assessment, *others: Assessment, **query: str) -> str:
    url = reverse("reports:comparison", args=[assessment.pk])
    ids = [str(other.pk) for other in others]
    return client_for(people["manager"]).get(url, {"with": ids, **query}).content.decode()


def test_a_provisional_assessment_is_marked_with_its_share_answered(
    first: Assessment, draft: Assessment, people: dict
) -> None:
    page = preview(people, draft, first, format="html")
    assert "Provisional: 33 % answered" in page
    assert "Provisional: 100 % answered" not in page  # the submitted baseline is complete


def test_changes_of_a_provisional_assessment_get_no_arrow_and_no_colour(
    first: Assessment, draft: Assessment, people: dict
) -> None:
    page = preview(people, draft, first, format="html")
    assert "▲" not in page and "▼" not in page
    assert 'class="delta up"' not in page
    assert '<span class="delta same provisional-delta">+1.33 (provisional)</span>' in page
    assert "+2.00 (provisional)" in page  # ecosystem, 2 before
    assert "They are not counted as improvements or declines." in page


def test_asking_for_provisional_changes_shows_them_as_improvements(
    first: Assessment, draft: Assessment, people: dict
) -> None:
    page = preview(people, draft, first, format="html", include_provisional="1")
    assert '<span class="delta up">▲ +1.33</span>' in page
    assert "(provisional)</span>" not in page
    assert "At your request, changes to and from provisional assessments" in page
    assert "include_provisional=1" in page  # the PDF link keeps the choice
    assert "Provisional: 33 % answered" in page  # still marked


def test_the_form_offers_to_include_provisional_changes(
    first: Assessment, draft: Assessment, people: dict
) -> None:
    page = preview(people, draft)
    assert 'name="include_provisional" value="1"' in page
    assert "Count changes of provisional assessments as improvements or declines" in page


def test_changes_between_complete_assessments_keep_their_arrows(
    first: Assessment, second: Assessment
) -> None:
    comparison = comparison_context([first, second])
    assert not comparison.any_provisional
    assert not any(c.provisional for row in comparison.rows for c in (*row.changes, row.total))


def test_radar_series_are_named_by_title_and_date(
    first: Assessment, draft: Assessment, people: dict
) -> None:
    comparison = comparison_context([first, draft])
    assert "Baseline 2025 · 2026-11-01" in comparison.radar
    assert "Draft review · in progress" in comparison.radar


def test_title_and_date_of_each_assessment_are_separate_lines(
    first: Assessment, draft: Assessment, people: dict
) -> None:
    page = preview(people, draft, first, format="html")
    assert '<div class="compared-title">Baseline 2025</div>' in page
    assert '<div class="muted">Submitted 2026-11-01</div>' in page
    assert '<div class="muted">In progress, not submitted</div>' in page
