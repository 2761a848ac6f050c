"""The staged roadmap runs from the first unmet level up to the target level.

PTC has 6 levels of 5 statements each and a threshold of 0.8. Levels 1 and 2 are in
place; level 3 has two yes, one partly and two no: (1 + 1 + 0.5) / 5 = 50 %, not met, so
the placement is 2. Nothing above level 3 is answered (unanswered counts as 0).
"""

import pytest
from django.urls import reverse
from django.utils.html import escape

from assessments.models import Assessment, Organization
from maturity.models import Question
from maturity.schema import FrameworkDef
from maturity.selectors import framework_definition
from reports.results_page import results_page
from tests.conftest import client_for
from tests.reports.test_pdf import answer, new_assessment, owner_respondent, ptc_values

pytestmark = pytest.mark.django_db

LEVEL_THREE = {
    "l3-remote-monitoring": "yes",
    "l3-remote-access": "yes",
    "l3-remote-software-content": "partly",
    "l3-cloud-platform": "no",
}


def staged(people: dict, acme: Organization, **options: object) -> Assessment:
    assessment = new_assessment(people["manager"], acme, "ptc-cpmm", **options)
    answer(owner_respondent(assessment), {**ptc_values(LEVEL_THREE), "l5-enterprise-systems": "na"})
    return assessment


def ptc(assessment: Assessment) -> FrameworkDef:
    return framework_definition(assessment.framework)


def text(key: str) -> str:
    return escape(Question.objects.get(key=key).text)


@pytest.fixture
def targeting_five(people: dict, acme: Organization, frameworks: None) -> Assessment:
    return staged(people, acme, targets={"overall": 5})


def test_the_roadmap_has_a_step_per_level_up_to_the_target(targeting_five: Assessment) -> None:
    page = results_page(targeting_five)
    assert page.result.overall.level == 2
    assert [step.level.number for step in page.roadmap] == [3, 4, 5]


def test_each_step_lists_its_statements_not_fully_in_place_with_gap_one_minus_value(
    targeting_five: Assessment,
) -> None:
    three, four, five = results_page(targeting_five).roadmap
    gaps = {line.recommendation.key: line.recommendation.gap for line in three.lines}
    # The two yes are in place; partly leaves half; no and unanswered leave all.
    assert gaps == {
        "l3-remote-software-content": 0.5,
        "l3-cloud-platform": 1.0,
        "l3-proactive-service": 1.0,
    }
    assert [line.recommendation.gap for line in four.lines] == [1.0] * 5
    # A statement that does not apply is left out.
    assert [line.recommendation.key for line in five.lines] == [
        "l5-integration-interfaces",
        "l5-process-automation",
        "l5-sales-opportunities",
        "l5-product-feedback",
    ]


def test_the_first_step_is_the_scorings_own_recommendations(targeting_five: Assessment) -> None:
    page = results_page(targeting_five)
    assert page.roadmap[0].lines == page.recommendations


def test_without_a_target_the_roadmap_stops_at_the_first_unmet_level(
    people: dict, acme: Organization, frameworks: None
) -> None:
    page = results_page(staged(people, acme))
    assert [step.level.number for step in page.roadmap] == [3]


def test_a_target_of_four_and_a_half_reaches_into_level_five(
    people: dict, acme: Organization, frameworks: None
) -> None:
    page = results_page(staged(people, acme, targets={"overall": 4.5}))
    assert [step.level.number for step in page.roadmap] == [3, 4, 5]


def test_the_results_page_shows_levels_three_to_five_with_their_guidance(
    targeting_five: Assessment, people: dict
) -> None:
    url = reverse("reports:results", args=[targeting_five.pk])
    html = client_for(people["manager"]).get(url).content.decode()
    advice = html.split('id="recommendations-heading"', 1)[1].split("</section>", 1)[0]
    levels = ["Level 3 – Serviceable", "Level 4 – Intelligent", "Level 5 – Optimized"]
    positions = [advice.index(f"{name}\n") for name in levels]
    assert positions == sorted(positions)
    assert "Level 6 – Differentiated" not in advice
    assert "up to the target, level 5 – Optimized" in advice
    assert text("l4-kpi-dashboards") in advice and text("l5-product-feedback") in advice
    for level in ptc(targeting_five).levels[2:5]:
        assert escape(level.implementation) in advice


def test_the_report_roadmap_has_a_section_per_level_up_to_the_target(
    targeting_five: Assessment, people: dict
) -> None:
    url = reverse("reports:report_preview", args=[targeting_five.pk])
    html = client_for(people["manager"]).get(url).content.decode()
    roadmap = html.split('id="roadmap-heading"', 1)[1].split("</section>", 1)[0]
    for n, name in ((3, "Serviceable"), (4, "Intelligent"), (5, "Optimized")):
        assert f"<h4>Level {n} – {name}" in roadmap
        assert f"<h4>How to get to level {n}</h4>" in roadmap
    assert "Level 6 – Differentiated" not in roadmap
    assert '<span class="chip">50 % in place</span>' in roadmap  # level 3
    assert text("l3-cloud-platform") in roadmap and text("l5-integration-interfaces") in roadmap
    assert text("l5-enterprise-systems") not in roadmap  # not applicable
