"""axe-core finds no serious or critical violation on our pages, for each role that sees them,
on a desktop and on a phone; on the phone no page scrolls sideways."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[1] / "output"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
PASSWORDS = {"manager": ("max", "pw-manager"), "consultant": ("cora", "pw-consultant")}
BLOCKING = {"serious", "critical"}


@dataclass(frozen=True)
class Scene:
    """What the pages show: an assessment in progress, one submitted, a running workshop."""

    open_pk: int
    submitted_pk: int
    workshop_id: int
    code: str
    organisation_pk: int


@pytest.fixture
def scene(everyone: dict[str, Any], gartner_assessment: Any, acme: Any) -> Scene:
    from assessments.models import Respondent
    from assessments.services.assessments import (
        create_assessment,
        record_answer,
        submit_assessment,
    )
    from assessments.services.workshops import start_workshop
    from maturity.models import Question

    manager = everyone["manager"]
    questions = list(
        Question.objects.filter(subdimension__dimension__framework=gartner_assessment.framework)
    )
    done = create_assessment(
        by=manager, organization=acme, framework=gartner_assessment.framework, title="Last year"
    )
    Respondent.objects.create(assessment=done, user=everyone["respondent"], role="it")
    mine = Respondent.objects.get(assessment=done, user=manager)
    for question in questions:
        record_answer(respondent=mine, question=question, value="3")
    submit_assessment(assessment=done, by=manager)
    started = Respondent.objects.get(assessment=gartner_assessment, user=manager)
    record_answer(respondent=started, question=questions[0], value="2")
    workshop = start_workshop(assessment=gartner_assessment, by=manager)
    return Scene(gartner_assessment.pk, done.pk, workshop.pk, workshop.code, acme.pk)


def pages_for(role: str, scene: Scene) -> dict[str, str]:
    """The pages a role can open, by name."""
    assessment = "assessments:detail"
    pages = {
        "home": reverse("home"),
        "assessment list": reverse("assessments:list"),
        "detail in progress": reverse(assessment, args=[scene.open_pk]),
        "detail submitted": reverse(assessment, args=[scene.submitted_pk]),
        "results": reverse("reports:results", args=[scene.submitted_pk]),
        "print preview": reverse("reports:report_preview", args=[scene.submitted_pk]),
        "models": reverse("maturity:framework_list"),
        "model detail": reverse("maturity:framework_detail", args=["gartner-iot", 1]),
        "join code form": reverse("assessments:join"),
        "phone join": reverse("assessments:join_code", args=[scene.code]),
        "api tokens": reverse("api_tokens"),
    }
    if role != "consultant":  # a consultant advises; only respondents answer
        pages["questionnaire"] = reverse("assessments:questionnaire", args=[scene.open_pk])
    if role != "respondent":
        pages["comparison form"] = reverse("reports:comparison", args=[scene.submitted_pk])
        pages["workshop console"] = reverse("assessments:console", args=[scene.workshop_id])
        pages["projector"] = reverse("assessments:projector", args=[scene.workshop_id])
        pages["branding"] = reverse("reports:branding", args=[scene.organisation_pk])
        pages["webhooks"] = reverse("webhooks", args=[scene.organisation_pk])
    return pages


def sign_in(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def serious_violations(page: Any) -> list[str]:
    """axe-core's serious and critical findings, as 'rule (impact): targets' lines."""
    page.evaluate(AXE.read_text())  # evaluate, not add_script_tag: the CSP bars inline scripts
    found = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'])}"
        for v in found
        if v["impact"] in BLOCKING
    ]


# By how much the page is wider than the viewport, and the last elements that stick out
# or overflow their own box (the likeliest culprits); "" when it fits.
SIDEWAYS = """() => {
    const over = document.documentElement.scrollWidth - window.innerWidth;
    if (over <= 0) return "";
    const out = [...document.body.querySelectorAll("*")]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                     || e.scrollWidth > e.clientWidth + 1)
        .slice(-6)
        .map(e => `${e.tagName.toLowerCase()}.${e.classList} ${e.scrollWidth}/${e.clientWidth}`);
    return `${over} px, from ${out.join(", ")}`;
}"""


def sideways_scroll(page: Any) -> str:
    return str(page.evaluate(SIDEWAYS))


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("role", ["manager", "consultant", "respondent"])
def test_pages_have_no_serious_accessibility_violation_and_fit_a_phone(
    new_page: Any, live_server: Any, scene: Scene, role: str, viewport: str
) -> None:
    page = new_page(**VIEWPORTS[viewport])
    username, password = PASSWORDS.get(role, ("rhea", "pw"))
    sign_in(page, live_server.url, username, password)
    problems = []
    for name, path in pages_for(role, scene).items():
        response = page.goto(live_server.url + path)
        assert response is not None and response.ok, f"{name}: {response and response.status}"
        page.wait_for_load_state("networkidle")
        problems += [f"{name}: {line}" for line in serious_violations(page)]
        overflow = sideways_scroll(page)
        if viewport == "phone" and overflow:
            problems.append(f"{name}: scrolls sideways on a 390-px phone by {overflow}")
        if viewport == "phone" and role == "manager":
            SCREENSHOTS.mkdir(exist_ok=True)
            shot = SCREENSHOTS / f"a11y-phone-{name.replace(' ', '-')}.png"
            page.screenshot(path=str(shot), full_page=True)
    assert problems == [], "\n".join(problems)
