"""The results page against the shipped frameworks: what each user sees, and its cost.

Gartner has 9 subdimensions of one rubric question each, dimensions and subdimensions
weighted 1; PTC has 6 levels of 5 statements each and a threshold of 0.8.
"""

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from assessments.models import Assessment, Organization, Respondent
from assessments.services import create_assessment, ensure_user, record_answer, submit_assessment
from maturity.models import Framework, Question
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

GARTNER_KEYS = (
    "economic-model",
    "business-alignment",
    "ecosystem",
    "business-processes",
    "culture",
    "data-governance",
    "architecture",
    "technology-alignment",
    "technology-infrastructure",
)
# Each dimension (3 + 3 + 2) / 3 = 8/3, so the whole is 8/3 = 2.67: level 2, Exploratory.
WORKED = dict(zip(GARTNER_KEYS, "332332332", strict=True))


def new_assessment(by: User, organization: Organization, slug: str, **options: Any) -> Assessment:
    framework = Framework.objects.get(slug=slug)
    return create_assessment(
        by=by, organization=organization, framework=framework, title=f"{slug} check", **options
    )


def owner_respondent(assessment: Assessment) -> Respondent:
    return Respondent.objects.get(assessment=assessment, user=assessment.owner)


def answer(respondent: Respondent, answers: dict[str, str]) -> None:
    framework = respondent.assessment.framework
    for key, value in answers.items():
        question = Question.objects.get(key=key, subdimension__dimension__framework=framework)
        record_answer(respondent=respondent, question=question, value=value)


def add_respondent(assessment: Assessment, name: str, role: str) -> Respondent:
    user = ensure_user(username=name, password=f"pw-{name}")
    return Respondent.objects.create(assessment=assessment, user=user, role=role)


def results_url(assessment: Assessment) -> str:
    return reverse("reports:results", args=[assessment.pk])


def page(client: Client, assessment: Assessment) -> str:
    response = client.get(results_url(assessment))
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, heading_id: str) -> str:
    """The part of the page from a heading to the end of its section."""
    return html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def ptc_answers(level_three: dict[str, str]) -> dict[str, str]:
    """Levels 1 and 2 in place, level 3 as given, nothing above."""
    lower = Question.objects.filter(
        subdimension__dimension__framework__slug="ptc-cpmm", level__in=(1, 2)
    ).values_list("key", flat=True)
    return {**dict.fromkeys(lower, "yes"), **level_three}


@pytest.fixture
def gartner(frameworks: None, people: dict, acme: Organization) -> Assessment:
    return new_assessment(people["manager"], acme, "gartner-iot", respondent_role="business")


@pytest.fixture
def manager(people: dict) -> Client:
    return client_for(people["manager"])


# --- what it shows --------------------------------------------------------------------


def test_shows_the_level_and_the_score_rounded_for_display(
    gartner: Assessment, manager: Client
) -> None:
    answer(owner_respondent(gartner), WORKED)
    summary = section(page(manager, gartner), "summary-heading")
    assert "Level 2 – Exploratory" in summary
    assert "2.67" in summary


def test_provisional_banner_shows_the_share_answered_while_questions_are_open(
    gartner: Assessment, manager: Client
) -> None:
    answer(owner_respondent(gartner), {**WORKED, "culture": ""})
    assert "Provisional: 89 % answered." in page(manager, gartner)


def test_no_provisional_banner_once_every_question_is_answered(
    gartner: Assessment, manager: Client
) -> None:
    answer(owner_respondent(gartner), {**WORKED, "culture": "na"})
    assert "Provisional" not in page(manager, gartner)


def test_explanation_lists_the_statements_holding_the_first_unmet_level_back(
    frameworks: None, people: dict, acme: Organization, manager: Client
) -> None:
    assessment = new_assessment(people["manager"], acme, "ptc-cpmm")
    level_three = {
        "l3-remote-monitoring": "yes",
        "l3-remote-access": "yes",
        "l3-remote-software-content": "partly",
        "l3-cloud-platform": "no",
    }
    answer(owner_respondent(assessment), ptc_answers(level_three))
    why = section(page(manager, assessment), "why-heading")
    # level 3: (1 + 1 + 0.5 + 0 + 0) / 5 = 50 %, against 80 %
    assert "Level 3 – Serviceable" in why
    assert "50 % of its capabilities are in place, and 80 % are needed" in why
    held = ("l3-remote-software-content", "l3-cloud-platform", "l3-proactive-service")
    for key in held:
        assert escape(Question.objects.get(key=key).text) in why
    assert escape(Question.objects.get(key="l3-remote-access").text) not in why


def test_explanation_names_the_subdimensions_pulling_a_continuous_score_down(
    gartner: Assessment, manager: Client
) -> None:
    answer(owner_respondent(gartner), {**WORKED, "culture": "1"})
    why = section(page(manager, gartner), "why-heading")
    # Culture at 1 is lowest; the 2s follow in framework order; the 3s stay out.
    assert why.index("Culture") < why.index("Ecosystem") < why.index("Data and Information")
    assert "Economic Model" not in why


def test_recommendations_follow_the_results_order_with_text_and_guidance(
    frameworks: None, people: dict, acme: Organization, manager: Client
) -> None:
    targets = {"overall": 3, "architecture": 5}
    assessment = new_assessment(people["manager"], acme, "gartner-iot", targets=targets)
    answer(owner_respondent(assessment), {**WORKED, "culture": "1"})
    advice = section(page(manager, assessment), "recommendations-heading")
    # gaps: culture 3 - 1 and architecture 5 - 3 are 2 each, then the 2s at gap 1;
    # equal gaps keep the framework order
    order = [
        "Culture",
        "Architecture",
        "Ecosystem",
        "Data and Information Governance",
        "Technology Infrastructure",
    ]
    positions = [advice.index(f"</span> {name}</h3>") for name in order]
    assert positions == sorted(positions)
    assert advice.count("</h3>") == len(order)
    culture = Question.objects.get(key="culture").subdimension.descriptors.get(level=2)
    assert escape(culture.text) in advice
    assert escape(culture.guidance.splitlines()[0]) in advice


def test_not_applicable_and_unanswered_questions_are_listed_by_their_text(
    gartner: Assessment, manager: Client
) -> None:
    answer(owner_respondent(gartner), {**WORKED, "culture": "na", "ecosystem": ""})
    left_out = section(page(manager, gartner), "open-heading")
    assert escape(Question.objects.get(key="culture").text) in left_out
    assert escape(Question.objects.get(key="ecosystem").text) in left_out
    assert escape(Question.objects.get(key="architecture").text) not in left_out


def test_disagreement_is_flagged_for_a_spread_of_two_levels(
    gartner: Assessment, manager: Client
) -> None:
    answer(owner_respondent(gartner), {**WORKED, "culture": "1"})
    answer(add_respondent(gartner, "ivy", "it"), {**WORKED, "architecture": "2"})
    spread = section(page(manager, gartner), "respondents-heading")
    flagged = spread.split(escape(Question.objects.get(key="culture").text), 1)[1]
    assert ">Disagreement<" in flagged.split("</tr>", 1)[0]
    # architecture: 3 against 2, a spread of 1, is no disagreement
    assert spread.count(">Disagreement<") == 1


def test_spread_table_lists_the_questions_answered_differently(
    gartner: Assessment, manager: Client
) -> None:
    answer(owner_respondent(gartner), WORKED)
    answer(add_respondent(gartner, "ivy", "it"), {**WORKED, "ecosystem": "3"})
    spread = section(page(manager, gartner), "respondents-heading").split('id="spread-heading"')[1]
    assert escape(Question.objects.get(key="ecosystem").text) in spread
    assert escape(Question.objects.get(key="culture").text) not in spread
    assert "On 8 further questions everyone gave the same answer." in spread


def test_scores_are_split_by_respondent_role(gartner: Assessment, manager: Client) -> None:
    answer(owner_respondent(gartner), dict.fromkeys(GARTNER_KEYS, "2"))
    answer(add_respondent(gartner, "ivy", "it"), dict.fromkeys(GARTNER_KEYS, "3"))
    roles = section(page(manager, gartner), "respondents-heading").split("spread-heading")[0]
    assert "Business" in roles and "IT" in roles
    assert "2.00" in roles and "3.00" in roles


def test_a_single_respondent_sees_no_spread_or_role_split(
    gartner: Assessment, manager: Client
) -> None:
    answer(owner_respondent(gartner), WORKED)
    html = page(manager, gartner)
    assert 'id="respondents-heading"' not in html


def test_page_draws_its_charts_from_json_without_inline_script(
    gartner: Assessment, manager: Client
) -> None:
    answer(owner_respondent(gartner), WORKED)
    html = page(manager, gartner)
    data = html.split('id="results-figures" type="application/json">', 1)[1].split("</script>")[0]
    figures = json.loads(data)
    assert set(figures) == {"radar", "bars", "heatmap"}
    assert figures["radar"]["layout"]["polar"]["angularaxis"]["direction"] == "clockwise"
    assert html.count("<script>") == 0
    assert "js/results.js" in html


def test_page_links_back_to_the_assessment(gartner: Assessment, manager: Client) -> None:
    assert f'href="{reverse("assessments:detail", args=[gartner.pk])}"' in page(manager, gartner)


# --- who sees it ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [("manager", 200), ("consultant", 200), ("admin", 200), ("member", 404)],
)
def test_results_are_for_those_who_oversee_the_assessment(
    role: str, status: int, gartner: Assessment, people: dict
) -> None:
    response = client_for(people[role]).get(results_url(gartner))
    assert response.status_code == status


def test_anonymous_visitor_is_sent_to_sign_in(gartner: Assessment) -> None:
    response = Client().get(results_url(gartner))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_respondent_sees_the_results_only_once_submitted(gartner: Assessment, people: dict) -> None:
    respondent = Respondent.objects.create(assessment=gartner, user=people["member"], role="ot")
    answer(owner_respondent(gartner), WORKED)
    answer(respondent, WORKED)
    client = client_for(people["member"])
    before = client.get(results_url(gartner))
    assert before.status_code == 403
    assert "Not allowed" in before.content.decode()
    submit_assessment(assessment=gartner, by=people["manager"])
    assert "Level 2 – Exploratory" in page(client, gartner)


# --- cost -----------------------------------------------------------------------------


def queries(client: Client, assessment: Assessment) -> int:
    client.get(results_url(assessment))  # the first view caches the framework definition
    with CaptureQueriesContext(connection) as context:
        page(client, assessment)
    return len(context)


def test_query_count_does_not_grow_with_respondents_or_questions(
    frameworks: None, people: dict, acme: Organization, manager: Client
) -> None:
    one = new_assessment(people["manager"], acme, "gartner-iot")
    answer(owner_respondent(one), WORKED)
    four = new_assessment(people["manager"], acme, "gartner-iot")
    answer(owner_respondent(four), WORKED)
    for name, role in (("ivy", "it"), ("otto", "ot"), ("bea", "business")):
        answer(add_respondent(four, name, role), {**WORKED, "culture": "1"})
    ptc = new_assessment(people["manager"], acme, "ptc-cpmm")
    answer(owner_respondent(ptc), ptc_answers({"l3-remote-monitoring": "yes"}))
    answer(add_respondent(ptc, "ivy", "it"), ptc_answers({}))
    counts = [queries(manager, assessment) for assessment in (one, four, ptc)]
    assert counts[0] == counts[1] == counts[2]
