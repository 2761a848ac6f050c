"""Assessment life cycle: answers, states, submission, reopening, invitations."""

from typing import Any

import pytest
from django.core import mail

from assessments.models import Answer, Assessment, Invitation, Respondent
from assessments.selectors import assessment_result
from assessments.services import (
    Refused,
    accept_invitation,
    ensure_user,
    invite_respondent,
    reopen_assessment,
    save_answers,
    submit_assessment,
)

pytestmark = pytest.mark.django_db


def owner_of(assessment: Assessment) -> Respondent:
    return assessment.respondents.get(user=assessment.owner)


def test_the_creator_is_the_first_respondent_and_the_draft_is_logged(gartner_assessment) -> None:
    assert [r.user.username for r in gartner_assessment.respondents.all()] == ["max"]
    assert [(c.to_status, c.by.username) for c in gartner_assessment.state_changes.all()] == [
        ("draft", "max")
    ]


def test_the_first_answer_moves_a_draft_to_in_progress(gartner_assessment) -> None:
    save_answers(respondent=owner_of(gartner_assessment), answers={"culture": {"value": "2"}})
    gartner_assessment.refresh_from_db()
    assert gartner_assessment.status == "in_progress"
    change = gartner_assessment.state_changes.last()
    assert (change.from_status, change.to_status, change.by.username) == (
        "draft",
        "in_progress",
        "max",
    )


def test_an_answer_outside_the_levels_is_refused_and_nothing_is_saved(gartner_assessment) -> None:
    with pytest.raises(Refused, match="'6' is not an answer to culture"):
        save_answers(
            respondent=owner_of(gartner_assessment),
            answers={"ecosystem": {"value": "2"}, "culture": {"value": "6"}},
        )
    assert not Answer.objects.exists()


def test_an_unknown_question_is_refused(gartner_assessment) -> None:
    with pytest.raises(Refused, match="No question nope"):
        save_answers(respondent=owner_of(gartner_assessment), answers={"nope": {"value": "2"}})


def test_submission_locks_answers_and_keeps_the_result(gartner_assessment) -> None:
    respondent = owner_of(gartner_assessment)
    save_answers(respondent=respondent, answers={"culture": {"value": "3"}})
    submit_assessment(assessment=gartner_assessment, by=gartner_assessment.owner)
    gartner_assessment.refresh_from_db()
    assert gartner_assessment.status == "submitted"
    assert gartner_assessment.result_snapshot["overall"]["score"] == 3.0
    with pytest.raises(Refused, match="submitted; answers can no longer change"):
        save_answers(respondent=respondent, answers={"culture": {"value": "1"}})
    assert Answer.objects.get().value == "3"


def test_the_report_shows_the_snapshot_even_if_answers_change_underneath(
    gartner_assessment,
) -> None:
    save_answers(respondent=owner_of(gartner_assessment), answers={"culture": {"value": "3"}})
    submit_assessment(assessment=gartner_assessment, by=gartner_assessment.owner)
    Answer.objects.update(value="1")  # as if someone edited the database
    gartner_assessment.refresh_from_db()
    assert assessment_result(gartner_assessment).overall.score == 3.0


def test_reopening_needs_a_reason_which_is_kept(gartner_assessment) -> None:
    submit_assessment(assessment=gartner_assessment, by=gartner_assessment.owner)
    with pytest.raises(Refused, match="Say why"):
        reopen_assessment(assessment=gartner_assessment, by=gartner_assessment.owner, reason=" ")
    reopen_assessment(
        assessment=gartner_assessment, by=gartner_assessment.owner, reason="Plant 2 was missed"
    )
    gartner_assessment.refresh_from_db()
    last = gartner_assessment.state_changes.last()
    assert (gartner_assessment.status, last.to_status, last.reason) == (
        "reopened",
        "reopened",
        "Plant 2 was missed",
    )
    assert gartner_assessment.result_snapshot is None


def test_submitting_twice_is_refused(gartner_assessment) -> None:
    submit_assessment(assessment=gartner_assessment, by=gartner_assessment.owner)
    with pytest.raises(Refused, match="already submitted"):
        submit_assessment(assessment=gartner_assessment, by=gartner_assessment.owner)


def invite(assessment: Assessment, email: str = "ivy@example.com") -> Invitation:
    return invite_respondent(
        assessment=assessment,
        by=assessment.owner,
        email=email,
        role="ot",
        accept_url=lambda token: f"http://testserver/invitations/{token}/",
    )


def test_an_invitation_mails_its_link(gartner_assessment) -> None:
    invitation = invite(gartner_assessment)
    assert mail.outbox[0].to == ["ivy@example.com"]
    assert f"/invitations/{invitation.token}/" in mail.outbox[0].body
    assert "Baseline" in mail.outbox[0].subject


def test_accepting_makes_a_respondent_with_the_invited_role_once(gartner_assessment) -> None:
    invitation = invite(gartner_assessment)
    ivy = ensure_user(username="ivy", password="pw", email="ivy@example.com")
    first = accept_invitation(invitation=invitation, user=ivy)
    again = accept_invitation(invitation=invitation, user=ivy)
    assert first == again and first.role == "ot"
    assert gartner_assessment.respondents.count() == 2


def test_an_invitation_used_by_someone_else_is_refused(gartner_assessment) -> None:
    invitation = invite(gartner_assessment)
    ivy = ensure_user(username="ivy", password="pw", email="ivy@example.com")
    accept_invitation(invitation=invitation, user=ivy)
    other_ivy = ensure_user(username="ivy2", password="pw", email="IVY@example.com")
    with pytest.raises(Refused, match="already been accepted"):
        accept_invitation(invitation=invitation, user=other_ivy)


def test_no_invitations_once_submitted(gartner_assessment) -> None:
    submit_assessment(assessment=gartner_assessment, by=gartner_assessment.owner)
    with pytest.raises(Refused, match="reopen it"):
        invite(gartner_assessment)
    assert not mail.outbox


def test_the_demo_data_loads_twice_without_change(frameworks: Any) -> None:
    from assessments.services import load_demo_people

    load_demo_people()
    load_demo_people()
    submitted, in_progress = (
        Assessment.objects.get(framework__slug=s) for s in ("gartner-iot", "ptc-cpmm")
    )
    assert (submitted.status, in_progress.status) == ("submitted", "in_progress")
    result = assessment_result(submitted)
    assert {role.role for role in result.by_role} == {"business", "it", "ot"}
    assert any(q.disagreement for q in result.questions)
    assert assessment_result(in_progress).provisional
