"""The API against its own OpenAPI document (/api/v1/openapi.json): schemathesis sends
generated requests, valid and not, to every operation with a manager's write token. No
answer may be a server error, a status the document does not list, or a body that breaks
the schema the document gives for its status.

Bounded for `make test`: EXAMPLES examples per operation, derandomized (the same requests
every run), and report files only queued (the dummy task backend), not rendered.
"""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.tokens import create_token
from assessments.models import Assessment
from assessments.services import save_answers
from assessments.services import workshops as ws
from reports.jobs import request_job
from tests.reports.test_pdf import WORKED

pytestmark = pytest.mark.django_db

EXAMPLES = 20
IMMEDIATE = "django.tasks.backends.immediate.ImmediateBackend"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# The document's examples name id 1 (and generated ids are often 1); these stand for the
# rows of the test, whatever ids the database gave them.
EXAMPLE_ID = 1

# The document as the site serves it, read once when the module is collected.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())


@pytest.fixture(autouse=True)
def _in_the_test_transaction(settings: Any) -> Iterator[None]:
    """Requests reach the WSGI application inside the test's transaction, which Django
    would close at each request's start and end (its test client keeps it open the same
    way). Reports are only queued, and the rate limit is out of the way."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    settings.API_RATE_PER_MINUTE = 1_000_000
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def real_ids(everyone: dict[str, Any], gartner_assessment: Assessment) -> dict[str, int]:
    """Something behind the ids: answers, a workshop, a report file (a CSV, made now)."""
    manager = everyone["manager"]
    respondent = gartner_assessment.respondents.get(user=manager)
    answers = {key: {"value": value} for key, value in WORKED.items()}
    save_answers(respondent=respondent, answers=answers)
    workshop = ws.start_workshop(assessment=gartner_assessment, by=manager)
    with override_settings(TASKS={"default": {"BACKEND": IMMEDIATE}}):
        job = request_job(manager, gartner_assessment, "csv")
    return {
        "assessment_id": gartner_assessment.pk,
        "job_id": job.pk,
        "workshop_id": workshop.pk,
        "organisation": gartner_assessment.organization_id,
    }


@pytest.fixture
def manager_header(everyone: dict[str, Any]) -> dict[str, str]:
    _token, raw = create_token(user=everyone["manager"], name="schemathesis", scope="write")
    return {"Authorization": f"Bearer {raw}"}


def _aim_at_real_rows(case: Any, real_ids: dict[str, int]) -> None:
    for name, value in (case.path_parameters or {}).items():
        if value == EXAMPLE_ID and name in real_ids:
            case.path_parameters[name] = real_ids[name]
    if isinstance(case.body, dict) and case.body.get("organisation") == EXAMPLE_ID:
        case.body["organisation"] = real_ids["organisation"]


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error_and_every_answer_fits_the_document(
    case: Any, real_ids: dict[str, int], manager_header: dict[str, str]
) -> None:
    _aim_at_real_rows(case, real_ids)
    case.call_and_validate(headers=manager_header, checks=CHECKS)
