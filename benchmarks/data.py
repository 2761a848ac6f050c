"""Benchmark data on top of `load_demo`; run as `python -m benchmarks.data`, prints JSON.

The manager gets a Gartner assessment of their own, in progress with every question answered
(the questionnaire and autosave run on it); results run on the demo's submitted
"IoT maturity baseline 2026".
"""

import json
from typing import Any

import django

TITLE = "Benchmark self-assessment"
RESULTS_TITLE = "IoT maturity baseline 2026"


def prepare() -> dict[str, Any]:
    # Imported here because the app registry is only ready after django.setup().
    from django.contrib.auth.models import User
    from django.urls import reverse

    from assessments.models import Assessment, Membership
    from assessments.selectors import assessment_definition, questionnaire_pages
    from assessments.services import DEMO_SIGN_INS, create_assessment, save_answers
    from maturity.models import Framework

    sign_in = next(s for s in DEMO_SIGN_INS if s.role == "manager")
    manager = User.objects.get(username=sign_in.username)
    membership = Membership.objects.get(user=manager, role=Membership.Role.MANAGER)
    gartner = Framework.objects.get(slug="gartner-iot", status=Framework.Status.PUBLISHED)
    assessment = create_assessment(
        by=manager, organization=membership.organization, framework=gartner, title=TITLE,
        targets={"overall": 4}, respondent_role="business",
    )  # fmt: skip
    definition = assessment_definition(assessment)
    answers = {
        q.key: {"value": "3", "comment": "Benchmark answer."} for q in definition.questions()
    }
    save_answers(respondent=assessment.respondents.get(), answers=answers)
    page = questionnaire_pages(definition)[0]
    key = page.questions[0].key
    results = Assessment.objects.get(title=RESULTS_TITLE)
    return {
        "login_url": reverse("login"),
        "questionnaire_url": reverse(
            "assessments:questionnaire_page", args=[assessment.pk, page.number]
        ),
        "question_text": page.questions[0].text,
        "autosave_url": reverse("assessments:save_answer", args=[assessment.pk, page.number, key]),
        "question_key": key,
        "results_url": reverse("reports:results", args=[results.pk]),
        "results_title": results.title,
        "username": sign_in.username,
        "password": sign_in.password,
    }


if __name__ == "__main__":
    django.setup()
    print(json.dumps(prepare()))
