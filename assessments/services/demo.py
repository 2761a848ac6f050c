"""Demo data for `make run`: the client Acme Devices, its people and two assessments."""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction

from assessments.models import Assessment, Membership, Organization, Respondent
from assessments.selectors import assessment_definition
from assessments.services.assessments import create_assessment, save_answers, submit_assessment
from assessments.services.people import add_member, assign_consultant, ensure_user
from maturity.answers import NA, PARTLY, YES
from maturity.models import Framework


@dataclass(frozen=True)
class DemoSignIn:
    role: str
    username: str
    password: str


# Local demo only: `make run` prints these; production never loads demo data.
DEMO_SIGN_INS = (
    DemoSignIn("admin", "admin", "demo-admin-pass"),
    DemoSignIn("consultant", "consultant", "demo-consultant-pass"),
    DemoSignIn("manager", "manager", "demo-manager-pass"),
    DemoSignIn("member", "member", "demo-member-pass"),
    DemoSignIn("engineer", "engineer", "demo-engineer-pass"),
)
DEMO_CLIENT = "Acme Devices"


@transaction.atomic
def load_demo_people() -> tuple[DemoSignIn, ...]:
    """The demo client with an admin, its consultant, a manager and a member; idempotent."""
    acme, _created = Organization.objects.get_or_create(
        key="acme-devices", defaults={"name": DEMO_CLIENT}
    )
    users = {
        s.role: ensure_user(
            username=s.username,
            password=s.password,
            email=f"{s.username}@example.com",
            staff=s.role == "admin",
        )
        for s in DEMO_SIGN_INS
    }
    assign_consultant(user=users["consultant"], organization=acme)
    add_member(user=users["manager"], organization=acme, role=Membership.Role.MANAGER)
    add_member(user=users["member"], organization=acme, role=Membership.Role.MEMBER)
    add_member(user=users["engineer"], organization=acme, role=Membership.Role.MEMBER)
    _demo_assessments(acme, users)
    return DEMO_SIGN_INS


# Three perspectives on the Gartner model: business is upbeat, IT and OT see less.
DEMO_GARTNER_ANSWERS = {
    "business": {
        "economic-model": "3",
        "business-alignment": "3",
        "ecosystem": "2",
        "business-processes": "3",
        "culture": "3",
        "data-governance": "2",
        "architecture": "2",
        "technology-alignment": "2",
        "technology-infrastructure": "3",
    },
    "it": {
        "economic-model": "2",
        "business-alignment": "2",
        "ecosystem": "2",
        "business-processes": "2",
        "culture": "2",
        "data-governance": "2",
        "architecture": "3",
        "technology-alignment": "2",
        "technology-infrastructure": "3",
    },
    "ot": {
        "economic-model": "2",
        "business-alignment": "1",
        "ecosystem": NA,
        "business-processes": "2",
        "culture": "1",
        "data-governance": "1",
        "architecture": "2",
        "technology-alignment": "1",
        "technology-infrastructure": "2",
    },
}
DEMO_COMMENTS = {
    ("business", "business-alignment"): "Board approved the connected-service business case.",
    ("ot", "technology-alignment"): "Plant networks are run separately from corporate IT.",
}


def _demo_assessments(acme: Organization, users: dict[str, User]) -> None:
    """A submitted Gartner assessment and an in-progress PTC one, created once."""
    if Assessment.objects.filter(organization=acme).exists():
        return
    gartner = Framework.objects.get(slug="gartner-iot", status=Framework.Status.PUBLISHED)
    ptc = Framework.objects.get(slug="ptc-cpmm", status=Framework.Status.PUBLISHED)
    survey = create_assessment(
        by=users["manager"],
        organization=acme,
        framework=gartner,
        title="IoT maturity baseline 2026",
        targets={"overall": 4},
        respondent_role="business",
    )
    people = {"business": users["manager"], "it": users["member"], "ot": users["engineer"]}
    for role, user in people.items():
        respondent, _created = Respondent.objects.get_or_create(
            assessment=survey, user=user, defaults={"role": role}
        )
        save_answers(
            respondent=respondent,
            answers={
                key: {"value": value, "comment": DEMO_COMMENTS.get((role, key), "")}
                for key, value in DEMO_GARTNER_ANSWERS[role].items()
            },
        )
    submit_assessment(assessment=survey, by=users["manager"])
    _demo_ptc(acme, users, ptc)


def _demo_ptc(acme: Organization, users: dict[str, User], ptc: Framework) -> None:
    workshop = create_assessment(
        by=users["consultant"],
        organization=acme,
        framework=ptc,
        title="Connected product review",
        targets={"overall": 4},
    )
    keys = [q.key for q in assessment_definition(workshop).questions()]
    values: dict[str, str] = {key: YES for key in keys if key[:2] in ("l1", "l2", "l3")}
    values |= {
        "l3-cloud-platform": PARTLY,
        "l3-proactive-service": PARTLY,
        "l4-organised-data": YES,
        "l4-functional-visibility": PARTLY,
    }
    answers = {key: {"value": value} for key, value in values.items()}
    save_answers(respondent=workshop.respondents.get(), answers=answers)
