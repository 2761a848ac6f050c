"""Every API endpoint against every role, through the one access rule: the statuses agree
with the pages' (tests/assessments/test_access.py), an organisation token sees only its
organisation, a read token cannot write, and a token that is missing, malformed, expired or
revoked is a 401."""

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from api.models import Token
from api.tokens import create_token, revoke_token
from assessments.models import Answer, Assessment, Organization, Workshop
from assessments.services import submit_assessment
from assessments.services import workshops as ws
from reports.jobs import request_job
from reports.models import Job
from tests.conftest import ASSESSMENT_ROLES

pytestmark = pytest.mark.django_db

ROLE_ORDER = ASSESSMENT_ROLES
#            anon outsider respondent member manager consultant other admin


def by_role(*statuses: int) -> dict[str, int]:
    assert len(statuses) == len(ROLE_ORDER)
    return dict(zip(ROLE_ORDER, statuses, strict=True))


EVERY_TOKEN = by_role(401, 200, 200, 200, 200, 200, 200, 200)
SEES_IT = by_role(401, 404, 200, 404, 200, 200, 404, 200)  # the page's "detail"
RESULTS = by_role(401, 404, 403, 404, 200, 200, 404, 200)  # the page's "results"

# Reads first, then the writes in an order where none hides another (submitting last).
EXPECTED = {
    "me": EVERY_TOKEN,
    "frameworks": EVERY_TOKEN,
    "framework_version": EVERY_TOKEN,
    "organisations": EVERY_TOKEN,
    "assessments": EVERY_TOKEN,
    "assessment": SEES_IT,
    "answers": SEES_IT,
    "workshops": SEES_IT,
    "workshop": SEES_IT,
    "result": RESULTS,
    "reports": RESULTS,
    "report": RESULTS,
    "download": RESULTS,
    # The questionnaire's rule: respondents answer; consultants and admins do not.
    "put_answers": by_role(401, 404, 200, 404, 200, 403, 404, 403),
    "request_report": by_role(401, 404, 403, 404, 202, 202, 404, 202),
    # The create page's rule; the other client's consultant may not start one for Acme.
    "create": by_role(401, 403, 403, 403, 201, 201, 422, 201),
    "submit": by_role(401, 404, 403, 404, 200, 200, 404, 200),
}
AFTER_SUBMISSION = {
    "result": SEES_IT,
    "download": SEES_IT,
    "put_answers": by_role(401, 404, 409, 404, 409, 403, 404, 403),
    "submit": by_role(401, 404, 403, 404, 409, 409, 404, 409),
}
# What each role finds in the lists: organisations and assessments.
LISTED = {
    "organisations": by_role(0, 0, 0, 1, 1, 1, 1, 2),
    "assessments": by_role(0, 0, 1, 0, 1, 1, 0, 1),
}


@dataclass(frozen=True)
class Call:
    method: str
    url: str
    body: dict[str, Any] | None = None


@pytest.fixture
def workshop(gartner_assessment: Assessment, everyone: dict[str, Any]) -> Workshop:
    return ws.start_workshop(assessment=gartner_assessment, by=everyone["consultant"])


@pytest.fixture
def job(gartner_assessment: Assessment) -> Job:
    """The owner's CSV of the assessment, made (the tests' tasks run at once)."""
    made = request_job(gartner_assessment.owner, gartner_assessment, "csv")
    made.refresh_from_db()
    assert made.status == Job.Status.DONE
    return made


def calls(assessment: Assessment, job: Job, workshop: Workshop) -> dict[str, Call]:
    one = f"/api/v1/assessments/{assessment.pk}"
    return {
        "me": Call("get", "/api/v1/me"),
        "frameworks": Call("get", "/api/v1/frameworks"),
        "framework_version": Call("get", "/api/v1/frameworks/gartner-iot/versions/1"),
        "organisations": Call("get", "/api/v1/organisations"),
        "assessments": Call("get", "/api/v1/assessments"),
        "assessment": Call("get", one),
        "answers": Call("get", f"{one}/answers"),
        "workshops": Call("get", f"{one}/workshops"),
        "workshop": Call("get", f"/api/v1/workshops/{workshop.pk}"),
        "result": Call("get", f"{one}/result"),
        "reports": Call("get", f"{one}/reports"),
        "report": Call("get", f"{one}/reports/{job.pk}"),
        "download": Call("get", f"{one}/reports/{job.pk}/download"),
        "put_answers": Call("put", f"{one}/answers", {"answers": {"culture": {"value": "2"}}}),
        "request_report": Call("post", f"{one}/reports", {"format": "csv"}),
        "create": Call(
            "post",
            "/api/v1/assessments",
            {"organisation": assessment.organization_id, "framework": "gartner-iot", "title": "X"},
        ),
        "submit": Call("post", f"{one}/submit"),
    }


def api_client(user: User | None, scope: str = "write", **token: Any) -> Client:
    """A client sending a new token of the user's (none for anonymous)."""
    if user is None:
        return Client()
    _token, raw = create_token(user=user, name="test", scope=scope, **token)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def send(client: Client, call: Call) -> Any:
    if call.body is None:
        return getattr(client, call.method)(call.url)
    body = json.dumps(call.body)
    return getattr(client, call.method)(call.url, body, content_type="application/json")


@pytest.mark.parametrize("role", ROLE_ORDER)
def test_every_endpoint_answers_each_role_as_the_pages_do(
    role: str,
    everyone: dict[str, Any],
    gartner_assessment: Assessment,
    job: Job,
    workshop: Workshop,
) -> None:
    client = api_client(everyone[role])
    todo = calls(gartner_assessment, job, workshop)
    got = {name: send(client, todo[name]).status_code for name in EXPECTED}
    assert got == {name: statuses[role] for name, statuses in EXPECTED.items()}


@pytest.mark.parametrize("role", ROLE_ORDER)
def test_after_submission_respondents_read_results_and_nobody_changes_answers(
    role: str,
    everyone: dict[str, Any],
    gartner_assessment: Assessment,
    job: Job,
    workshop: Workshop,
) -> None:
    submit_assessment(assessment=gartner_assessment, by=everyone["manager"])
    client = api_client(everyone[role])
    todo = calls(gartner_assessment, job, workshop)
    got = {name: send(client, todo[name]).status_code for name in AFTER_SUBMISSION}
    assert got == {name: statuses[role] for name, statuses in AFTER_SUBMISSION.items()}
    assert not Answer.objects.exists()


@pytest.mark.parametrize("role", ROLE_ORDER[1:])
def test_lists_hold_what_each_role_may_see(
    role: str, everyone: dict[str, Any], gartner_assessment: Assessment
) -> None:
    client = api_client(everyone[role])
    counts = {name: client.get(f"/api/v1/{name}").json()["count"] for name in LISTED}
    assert counts == {name: by_role_[role] for name, by_role_ in LISTED.items()}


def test_every_error_is_json_naming_what_failed(
    everyone: dict[str, Any], gartner_assessment: Assessment, job: Job, workshop: Workshop
) -> None:
    for role in ROLE_ORDER:
        client = api_client(everyone[role])
        for name, call in calls(gartner_assessment, job, workshop).items():
            response = send(client, call)
            if response.status_code >= 400:
                assert response["Content-Type"].startswith("application/json"), (role, name)
                assert response.json()["detail"], (role, name)


# --- organisation tokens ------------------------------------------------------------------


@pytest.fixture
def other_co(everyone: dict[str, Any]) -> Organization:
    return Organization.objects.get(key="other-co")


def test_another_organisations_token_finds_none_of_acmes_assessments(
    everyone: dict[str, Any],
    gartner_assessment: Assessment,
    job: Job,
    workshop: Workshop,
    other_co: Organization,
) -> None:
    client = api_client(everyone["admin"], organization=other_co)
    todo = calls(gartner_assessment, job, workshop)
    names = ["assessment", "answers", "workshops", "workshop", "result", "reports", "report"]
    names += ["download", "put_answers", "request_report", "submit"]
    assert {name: send(client, todo[name]).status_code for name in names} == dict.fromkeys(
        names, 404
    )
    assert client.get("/api/v1/assessments").json()["count"] == 0
    assert [o["key"] for o in client.get("/api/v1/organisations").json()["items"]] == ["other-co"]
    created = send(client, todo["create"])
    assert created.status_code == 422
    assert created.json()["detail"][0]["loc"] == ["body", "payload", "organisation"]


def test_the_same_users_token_for_acme_sees_acme(
    everyone: dict[str, Any], gartner_assessment: Assessment, job: Job, workshop: Workshop
) -> None:
    client = api_client(everyone["admin"], organization=gartner_assessment.organization)
    todo = calls(gartner_assessment, job, workshop)
    assert send(client, todo["assessment"]).status_code == 200
    assert send(client, todo["workshop"]).status_code == 200
    assert client.get("/api/v1/assessments").json()["count"] == 1
    assert send(client, todo["create"]).status_code == 201


# --- scopes and tokens that do not count ---------------------------------------------------


def test_a_read_token_reads_and_may_not_write(
    everyone: dict[str, Any], gartner_assessment: Assessment, job: Job, workshop: Workshop
) -> None:
    client = api_client(everyone["manager"], scope="read")
    todo = calls(gartner_assessment, job, workshop)
    status = Assessment.objects.get(pk=gartner_assessment.pk).status
    writes = {name: send(client, todo[name]) for name in ("put_answers", "create", "submit")}
    assert {name: r.status_code for name, r in writes.items()} == dict.fromkeys(writes, 403)
    assert all("write scope" in r.json()["detail"] for r in writes.values())
    assert send(client, todo["assessment"]).status_code == 200
    # A report file changes nothing in the assessment: reading is enough to ask for one.
    assert send(client, todo["request_report"]).status_code == 202
    assert not Answer.objects.exists()
    assert Assessment.objects.count() == 1
    gartner_assessment.refresh_from_db()
    assert gartner_assessment.status == status


def expired(token: Token) -> None:
    Token.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))


@pytest.mark.parametrize(
    ("how", "said"), [("expired", "expired"), ("revoked", "revoked")], ids=["expired", "revoked"]
)
def test_an_expired_or_revoked_token_is_refused(
    how: str, said: str, everyone: dict[str, Any], gartner_assessment: Assessment
) -> None:
    token, raw = create_token(user=everyone["manager"], name="old", scope="write", days=30)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get("/api/v1/assessments").status_code == 200
    expired(token) if how == "expired" else revoke_token(token)
    for url in ("/api/v1/assessments", f"/api/v1/assessments/{gartner_assessment.pk}"):
        response = client.get(url)
        assert response.status_code == 401
        assert said in response.json()["detail"]
        assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header", ["", "Bearer", "Basic bWF4OnB3", "Bearer imt_00000000_nope", "Bearer nope"]
)
def test_a_missing_malformed_or_unknown_token_is_refused(
    header: str, gartner_assessment: Assessment
) -> None:
    client = Client(HTTP_AUTHORIZATION=header) if header else Client()
    response = client.get(f"/api/v1/assessments/{gartner_assessment.pk}")
    assert response.status_code == 401
    assert response.json()["detail"]
