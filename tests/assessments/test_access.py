"""Every URL of the assessments against every role, through the one access selector."""

from typing import Any

import pytest
from django.urls import reverse

from assessments.models import Answer, Assessment, Invitation
from assessments.services import invite_respondent
from reports.jobs import request_job
from reports.models import Job
from tests.conftest import ASSESSMENT_ROLES, client_for

pytestmark = pytest.mark.django_db

ROLE_ORDER = ASSESSMENT_ROLES
#            anon outsider respondent member manager consultant other admin


def by_role(*statuses: int) -> dict[str, int]:
    assert len(statuses) == len(ROLE_ORDER)
    return dict(zip(ROLE_ORDER, statuses, strict=True))


GETS = {
    "list": by_role(302, 200, 200, 200, 200, 200, 200, 200),
    "create": by_role(302, 403, 403, 403, 200, 200, 200, 200),
    "detail": by_role(302, 404, 200, 404, 200, 200, 404, 200),
    "questionnaire": by_role(302, 404, 200, 404, 200, 403, 404, 403),
    "questionnaire_page": by_role(302, 404, 200, 404, 200, 403, 404, 403),
    "questionnaire_past_the_end": by_role(302, 404, 404, 404, 404, 403, 404, 403),
    "results": by_role(302, 404, 403, 404, 200, 200, 404, 200),
    "report_pdf": by_role(302, 404, 403, 404, 200, 200, 404, 200),
    "report_preview": by_role(302, 404, 403, 404, 200, 200, 404, 200),
    "comparison": by_role(302, 404, 403, 404, 200, 200, 404, 200),
    "downloads": by_role(302, 404, 403, 404, 200, 200, 404, 200),
    "download": by_role(302, 404, 403, 404, 200, 200, 404, 200),
    "workshop_console": by_role(302, 404, 404, 404, 404, 404, 404, 404),
    "reopen_before_submission": by_role(302, 404, 403, 404, 403, 403, 404, 403),
    "invitation_revoke_question": by_role(302, 404, 403, 404, 200, 200, 404, 200),
    # The link itself: a visitor may sign up; nobody here has the invited address.
    "invitation_link": by_role(200, 403, 403, 403, 403, 403, 403, 403),
}
POSTS = {
    "save_answer": by_role(302, 404, 200, 404, 200, 403, 404, 403),
    "respondent_role": by_role(302, 404, 403, 404, 302, 302, 404, 302),
    "invite": by_role(302, 404, 403, 404, 302, 302, 404, 302),
    "invitation_resend": by_role(302, 404, 403, 404, 302, 302, 404, 302),
    "invitation_revoke": by_role(302, 404, 403, 404, 302, 302, 404, 302),
    # With questions open, whoever may submit is first asked to confirm (200).
    "submit": by_role(302, 404, 403, 404, 200, 200, 404, 200),
    # Handing the assessment to the member: whoever manages it (the owner here is the manager).
    "transfer": by_role(302, 404, 403, 404, 302, 302, 404, 302),
    "request_file": by_role(302, 404, 403, 404, 302, 302, 404, 302),
    "retry": by_role(302, 404, 403, 404, 302, 302, 404, 302),
}
AFTER_SUBMISSION = {
    "results": by_role(302, 404, 200, 404, 200, 200, 404, 200),
    "report_pdf": by_role(302, 404, 200, 404, 200, 200, 404, 200),
    "download": by_role(302, 404, 200, 404, 200, 200, 404, 200),
    "reopen": by_role(302, 404, 403, 404, 200, 403, 404, 200),
    "save_answer": by_role(302, 404, 400, 404, 400, 403, 404, 403),
}


def invitation_of(assessment: Assessment) -> Invitation:
    """The assessment's first invitation, sent by its owner when there is none yet."""
    return assessment.invitations.first() or invite_respondent(
        assessment=assessment,
        by=assessment.owner,
        email="ivy@example.com",
        role="ot",
        accept_url=lambda token: f"http://testserver/invitations/{token}/",
    )


def job_of(assessment: Assessment) -> Job:
    """The owner's CSV of the assessment, made on first use."""
    return Job.objects.filter(assessment=assessment).first() or request_job(
        assessment.owner, assessment, "csv"
    )


def urls(assessment: Assessment) -> dict[str, str]:
    pk = assessment.pk
    respondent = assessment.respondents.get(user=assessment.owner)
    invitation = invitation_of(assessment)
    job = job_of(assessment)
    return {
        "list": reverse("assessments:list"),
        "create": reverse("assessments:create"),
        "detail": reverse("assessments:detail", args=[pk]),
        "questionnaire": reverse("assessments:questionnaire", args=[pk]),
        "questionnaire_page": reverse("assessments:questionnaire_page", args=[pk, 3]),
        "questionnaire_past_the_end": reverse("assessments:questionnaire_page", args=[pk, 4]),
        "results": reverse("reports:results", args=[pk]),
        "report_pdf": reverse("reports:report_pdf", args=[pk]),
        "report_preview": reverse("reports:report_preview", args=[pk]),
        "comparison": reverse("reports:comparison", args=[pk]),
        "downloads": reverse("reports:downloads", args=[pk]),
        "download": reverse("reports:download", args=[pk, job.pk]),
        "request_file": reverse("reports:request_file", args=[pk]),
        "retry": reverse("reports:retry", args=[pk, job.pk]),
        "workshop_console": reverse("assessments:console", args=[999]),
        "reopen_before_submission": reverse("assessments:reopen", args=[pk]),
        "reopen": reverse("assessments:reopen", args=[pk]),
        "save_answer": reverse("assessments:save_answer", args=[pk, 2, "culture"]),
        "respondent_role": reverse("assessments:respondent_role", args=[pk, respondent.pk]),
        "invite": reverse("assessments:invite", args=[pk]),
        "invitation_resend": reverse("assessments:invitation_resend", args=[pk, invitation.pk]),
        "invitation_revoke": reverse("assessments:invitation_revoke", args=[pk, invitation.pk]),
        "invitation_revoke_question": reverse(
            "assessments:invitation_revoke", args=[pk, invitation.pk]
        ),
        "invitation_link": reverse("assessments:accept_invitation", args=[invitation.token]),
        "submit": reverse("assessments:submit", args=[pk]),
        "transfer": reverse("assessments:transfer", args=[pk]),
    }


POST_DATA = {
    "save_answer": {"culture-value": "2"},
    "respondent_role": {"role": "business"},
    "invite": {"email": "new@example.com", "role": "it"},
    "invitation_resend": {},
    "invitation_revoke": {},
    "submit": {},
    "transfer": {},  # the new owner's id is added by `post_data`
    "request_file": {"format": "csv"},
    "retry": {},
}


def post_data(name: str, everyone: dict[str, Any]) -> dict[str, Any]:
    if name == "transfer":
        return {"owner": everyone["member"].pk}
    return POST_DATA[name]


@pytest.mark.parametrize("role", ROLE_ORDER)
def test_every_url_answers_each_role_as_the_access_rule_says(
    role: str, everyone: dict[str, Any], gartner_assessment: Assessment
) -> None:
    client = client_for(everyone[role])
    url = urls(gartner_assessment)
    got = {name: client.get(url[name]).status_code for name in GETS}
    got |= {name: client.post(url[name], post_data(name, everyone)).status_code for name in POSTS}
    expected = {name: statuses[role] for name, statuses in (GETS | POSTS).items()}
    assert got == expected


@pytest.mark.parametrize("role", ROLE_ORDER)
def test_after_submission_results_open_to_respondents_and_answers_are_locked(
    role: str, everyone: dict[str, Any], gartner_assessment: Assessment
) -> None:
    client_for(everyone["manager"]).post(urls(gartner_assessment)["submit"], {"confirm": "1"})
    client = client_for(everyone[role])
    url = urls(gartner_assessment)
    names = ("results", "report_pdf", "download", "reopen")
    got = {name: client.get(url[name]).status_code for name in names}
    got["save_answer"] = client.post(url["save_answer"], POST_DATA["save_answer"]).status_code
    assert got == {name: statuses[role] for name, statuses in AFTER_SUBMISSION.items()}
    assert not Answer.objects.exists()
