"""Invitations as people meet them: the link serves its address, once, for a while; managers
see every invitation's state and resend or revoke it; a failing mail server costs nothing."""

import smtplib
import socket
import time
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, Invitation, Respondent
from assessments.services import (
    Refused,
    accept_invitation,
    ensure_user,
    invite_respondent,
    sign_up_invitee,
)
from tests.conftest import at_once, client_for, needs_postgresql

pytestmark = pytest.mark.django_db

PASSWORD = {"new_password1": "a-Long-pass-2026", "new_password2": "a-Long-pass-2026"}
LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


class RefusingBackend(BaseEmailBackend):
    """A mail server that turns every connection away."""

    def send_messages(self, email_messages: Any) -> int:
        raise smtplib.SMTPConnectError(421, "mail.example.com is not answering")


@pytest.fixture
def failing_mail(settings: Any) -> None:
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingBackend"}}


def invite(assessment: Assessment, email: str = "ivy@example.com", role: str = "ot") -> Invitation:
    return invite_respondent(
        assessment=assessment,
        by=assessment.owner,
        email=email,
        role=role,
        accept_url=lambda token: f"http://testserver/invitations/{token}/",
    )


def link(invitation: Invitation) -> str:
    return reverse("assessments:accept_invitation", args=[invitation.token])


def detail(assessment: Assessment) -> str:
    return reverse("assessments:detail", args=[assessment.pk])


def resend_url(invitation: Invitation) -> str:
    return reverse("assessments:invitation_resend", args=[invitation.assessment_id, invitation.pk])


def revoke_url(invitation: Invitation) -> str:
    return reverse("assessments:invitation_revoke", args=[invitation.assessment_id, invitation.pk])


def invitation_row(page: str, email: str) -> str:
    """The list's table row that names the address."""
    rows = page.split('id="invitations"', 1)[1].split("<tr>")
    return next(row for row in rows if email in row)


def respondents(assessment: Assessment) -> list[str]:
    return sorted(assessment.respondents.values_list("user__username", flat=True))


# The link serves the address it was sent to


def test_another_signed_in_user_is_refused_and_nothing_changes(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    invitation = invite(gartner_assessment)
    client = client_for(people["member"])
    shown = client.get(link(invitation))
    posted = client.post(link(invitation))
    assert shown.status_code == posted.status_code == 403
    page = shown.content.decode()
    assert "This invitation was sent to ivy@example.com, and you are signed in as mia." in page
    assert "Sign out and open the link again" in page
    assert respondents(gartner_assessment) == ["max"]
    invitation.refresh_from_db()
    assert (invitation.state, invitation.opened_at) == ("sent", None)


def test_the_invited_address_signed_in_joins_whatever_its_case(
    gartner_assessment: Assessment,
) -> None:
    ivy = ensure_user(username="ivy", password="pw", email="Ivy@Example.COM")
    invitation = invite(gartner_assessment)
    client = client_for(ivy)
    assert "Join and start answering" in client.get(link(invitation)).content.decode()
    response = client.post(link(invitation))
    assert response["Location"] == reverse(
        "assessments:questionnaire", args=[gartner_assessment.pk]
    )
    assert gartner_assessment.respondents.get(user=ivy).role == "ot"
    invitation.refresh_from_db()
    assert invitation.state == "accepted"
    # The link, opened again by its user, leads back to the questionnaire.
    assert client.get(link(invitation)).status_code == 302


def test_sign_up_from_the_link_makes_a_user_with_the_invited_address_and_shows_the_user_name(
    gartner_assessment: Assessment,
) -> None:
    invitation = invite(gartner_assessment, email="Nia.Novak@example.com")
    client = client_for(None)
    form = client.get(link(invitation)).content.decode()
    assert "Choose a password for your account with the address Nia.Novak@example.com" in form
    page = client.post(link(invitation), PASSWORD, follow=True).content.decode()
    user = User.objects.get(email="Nia.Novak@example.com")
    assert user.username == "nianovak"
    assert "Your user name is nianovak: sign in with it and your password next time." in page
    assert gartner_assessment.respondents.get(user=user).role == "ot"
    sign_in = {"username": "nianovak", "password": PASSWORD["new_password1"]}
    assert client_for(None).post(reverse("login"), sign_in).status_code == 302


def test_an_address_that_is_already_someones_user_name_gets_a_different_user_name(
    gartner_assessment: Assessment,
) -> None:
    taken = ensure_user(username="nia@example.com", password="pw")
    ensure_user(username="nia", password="pw")
    invitation = invite(gartner_assessment, email="nia@example.com")
    response = client_for(None).post(link(invitation), PASSWORD)
    assert response.status_code == 302
    user = User.objects.get(email="nia@example.com")
    assert user.username.startswith("nia-") and len(user.username) == len("nia-") + 6
    assert user != taken and taken.respondents.count() == 0
    assert respondents(gartner_assessment) == sorted(["max", user.username])


def test_a_254_character_address_is_invited_and_signs_up(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    email = "a" * 64 + "@" + ".".join(["b" * 63, "c" * 63, "d" * 57]) + ".com"
    assert len(email) == 254
    manager = client_for(people["manager"])
    page = manager.post(
        reverse("assessments:invite", args=[gartner_assessment.pk]),
        {"email": email, "role": "it"},
        follow=True,
    ).content.decode()
    assert f"Invitation sent to {email}" in page
    invitation = Invitation.objects.get(email=email)
    assert client_for(None).post(link(invitation), PASSWORD).status_code == 302
    user = User.objects.get(email=email)
    assert user.username == "a" * 30


def test_a_longer_address_is_refused_with_a_message(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    email = "a" * 64 + "@" + ".".join(["b" * 63, "c" * 63, "d" * 58]) + ".com"
    response = client_for(people["manager"]).post(
        reverse("assessments:invite", args=[gartner_assessment.pk]),
        {"email": email, "role": "it"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Ensure this value has at most 254 characters" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_visitor_whose_address_has_an_account_is_asked_to_sign_in_with_its_user_name(
    gartner_assessment: Assessment,
) -> None:
    ensure_user(username="ivy", password="pw", email="ivy@example.com")
    invitation = invite(gartner_assessment)
    client = client_for(None)
    page = client.get(link(invitation)).content.decode()
    assert "its user name is <strong>ivy</strong>" in page
    assert f"{reverse('login')}?next=%2Finvitations%2F{invitation.token}%2F" in page
    client.post(link(invitation), PASSWORD)
    assert User.objects.filter(email="ivy@example.com").count() == 1
    assert respondents(gartner_assessment) == ["max"]


def test_opening_the_link_marks_the_invitation_opened(gartner_assessment: Assessment) -> None:
    invitation = invite(gartner_assessment)
    client_for(None).get(link(invitation))
    invitation.refresh_from_db()
    assert invitation.state == "opened"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"expires_at": timezone.now() - timedelta(minutes=1)}, "This invitation expired on"),
        ({"revoked_at": timezone.now()}, "This invitation was withdrawn."),
    ],
)
def test_expired_and_revoked_links_refuse_with_a_message(
    gartner_assessment: Assessment, change: dict[str, Any], message: str
) -> None:
    invitation = invite(gartner_assessment)
    Invitation.objects.filter(pk=invitation.pk).update(**change)
    client = client_for(None)
    shown, posted = client.get(link(invitation)), client.post(link(invitation), PASSWORD)
    assert shown.status_code == posted.status_code == 403
    assert message in shown.content.decode() and message in posted.content.decode()
    assert not User.objects.filter(email="ivy@example.com").exists()
    ivy = ensure_user(username="ivy", password="pw", email="ivy@example.com")
    assert client_for(ivy).post(link(invitation)).status_code == 403
    assert respondents(gartner_assessment) == ["max"]


def test_an_invitation_is_accepted_once(gartner_assessment: Assessment) -> None:
    invitation = invite(gartner_assessment)
    first = ensure_user(username="ivy", password="pw", email="ivy@example.com")
    second = ensure_user(username="ivy2", password="pw", email="ivy@example.com")
    accept_invitation(invitation=invitation, user=first)
    assert client_for(second).post(link(invitation)).status_code == 403
    with pytest.raises(Refused, match="already been accepted"):
        sign_up_invitee(invitation=invitation, password="a-Long-pass-2026")
    assert respondents(gartner_assessment) == ["ivy", "max"]


def test_an_address_already_invited_is_not_invited_twice(gartner_assessment: Assessment) -> None:
    invite(gartner_assessment)
    with pytest.raises(Refused, match="already invited; send the invitation again"):
        invite(gartner_assessment, email="IVY@example.com")
    assert gartner_assessment.invitations.count() == 1


# Managers resend and revoke


def test_resend_renews_the_expiry_and_sends_the_mail_again(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    invitation = invite(gartner_assessment)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    page = client_for(people["manager"]).post(resend_url(invitation), follow=True)
    invitation.refresh_from_db()
    assert invitation.state == "sent"
    assert timedelta(days=13, hours=23) < invitation.expires_at - timezone.now() <= timedelta(14)
    assert len(mail.outbox) == 2 and link(invitation) in mail.outbox[1].body
    assert "Invitation sent to ivy@example.com; the link works until" in page.content.decode()


def test_revoke_asks_first_then_the_link_stops_working(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    invitation = invite(gartner_assessment)
    manager = client_for(people["manager"])
    question = manager.get(revoke_url(invitation))
    assert question.status_code == 200
    page = question.content.decode()
    assert "Revoke the invitation to ivy@example.com?" in page
    assert '<button type="submit" class="btn btn-danger">Revoke the invitation</button>' in page
    invitation.refresh_from_db()
    assert invitation.state == "sent"
    done = manager.post(revoke_url(invitation), follow=True).content.decode()
    assert "The invitation to ivy@example.com is revoked; its link no longer works." in done
    invitation.refresh_from_db()
    assert invitation.state == "revoked"
    assert client_for(None).get(link(invitation)).status_code == 403


# A failing mail server


def test_a_mail_failure_keeps_the_invitation_not_sent_with_the_reason_and_resend_works(
    people: dict[str, Any], gartner_assessment: Assessment, failing_mail: None, settings: Any
) -> None:
    manager = client_for(people["manager"])
    invite_url = reverse("assessments:invite", args=[gartner_assessment.pk])
    response = manager.post(invite_url, {"email": "ivy@example.com", "role": "it"}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "The invitation to ivy@example.com is kept, but its e-mail could not be sent" in page
    assert "Check the mail settings, then use Resend." in page
    invitation = Invitation.objects.get(email="ivy@example.com")
    assert invitation.state == "not_sent"
    assert "not answering" in invitation.mail_error
    row = invitation_row(page, "ivy@example.com")
    assert "Not sent" in row and "mail.example.com is not answering" in row and "Resend" in row

    settings.MAILERS = LOCMEM
    manager.post(resend_url(invitation))
    invitation.refresh_from_db()
    assert (invitation.state, invitation.mail_error) == ("sent", "")
    assert [message.to for message in mail.outbox] == [["ivy@example.com"]]


def test_a_mail_failure_on_resend_is_reported_not_raised(
    people: dict[str, Any], gartner_assessment: Assessment, settings: Any
) -> None:
    invitation = invite(gartner_assessment)
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingBackend"}}
    response = client_for(people["manager"]).post(resend_url(invitation), follow=True)
    assert response.status_code == 200
    assert "its e-mail could not be sent" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.state == "not_sent"


# The list


def test_the_list_shows_each_invitations_state(
    people: dict[str, Any], gartner_assessment: Assessment, settings: Any
) -> None:
    now = timezone.now()
    states: dict[str, dict[str, Any]] = {
        "sent@example.com": {},
        "opened@example.com": {"opened_at": now},
        "accepted@example.com": {"accepted_at": now},
        "expired@example.com": {"expires_at": now - timedelta(days=1)},
        "revoked@example.com": {"revoked_at": now},
        "failed@example.com": {"mail_error": "Connection refused"},
    }
    for email, change in states.items():
        Invitation.objects.filter(pk=invite(gartner_assessment, email=email).pk).update(**change)
    page = client_for(people["manager"]).get(detail(gartner_assessment)).content.decode()
    shown = {email: invitation_row(page, email) for email in states}
    labels = ["Sent", "Opened", "Accepted", "Expired", "Revoked", "Not sent"]
    for (email, row), label in zip(shown.items(), labels, strict=True):
        assert f">{label}</span>" in row, email
    pending = ["sent", "opened", "expired", "failed"]
    assert [email.split("@")[0] for email, row in shown.items() if "/resend/" in row] == pending
    assert [email.split("@")[0] for email, row in shown.items() if "/revoke/" in row] == pending
    assert 'tabindex="0" role="region" aria-label="Invitations' in page


@pytest.mark.parametrize(
    ("role", "sees", "acts"),
    [
        ("anonymous", False, 302),
        ("outsider", False, 404),
        ("respondent", False, 403),
        ("member", False, 404),
        ("other_consultant", False, 404),
        ("manager", True, 302),
        ("consultant", True, 302),
        ("admin", True, 302),
    ],
)
def test_only_those_who_manage_the_assessment_see_and_act_on_invitations(
    everyone: dict[str, Any], gartner_assessment: Assessment, role: str, sees: bool, acts: int
) -> None:
    invitation = invite(gartner_assessment)
    client = client_for(everyone[role])
    page = client.get(detail(gartner_assessment)).content.decode()
    assert ("ivy@example.com" in page) is sees
    assert client.post(resend_url(invitation)).status_code == acts
    assert client.post(revoke_url(invitation)).status_code == acts
    invitation.refresh_from_db()
    assert len(mail.outbox) == (2 if sees else 1)
    assert invitation.state == ("revoked" if sees else "sent")


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_four_people_accepting_one_invitation_at_once_make_one_respondent(
    gartner_assessment: Assessment,
) -> None:
    invitation = invite(gartner_assessment)
    users = [
        ensure_user(username=f"ivy{n}", password="pw", email="ivy@example.com") for n in range(4)
    ]

    def accept(n: int) -> object:
        mine = Invitation.objects.get(pk=invitation.pk)
        return accept_invitation(invitation=mine, user=users[n])

    results = at_once(4, accept)
    assert sum(isinstance(result, Respondent) for result in results) == 1
    assert sum(isinstance(result, Refused) for result in results) == 3
    assert Respondent.objects.filter(assessment=gartner_assessment).count() == 2
    invitation.refresh_from_db()
    assert invitation.respondent is not None and invitation.respondent.user in users


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_four_sign_ups_from_one_link_at_once_make_one_user(
    gartner_assessment: Assessment,
) -> None:
    invitation = invite(gartner_assessment)

    def sign_up(n: int) -> object:
        mine = Invitation.objects.get(pk=invitation.pk)
        return sign_up_invitee(invitation=mine, password=f"a-Long-pass-{n}")

    results = at_once(4, sign_up)
    assert sum(isinstance(result, User) for result in results) == 1
    assert User.objects.filter(email="ivy@example.com").count() == 1
    assert Respondent.objects.filter(assessment=gartner_assessment).count() == 2


def test_a_mail_server_that_never_answers_times_out_into_not_sent(
    people: dict[str, Any], gartner_assessment: Assessment, settings: Any
) -> None:
    """A real SMTP connection to a port that takes the connection and never greets: the
    request ends after the timeout with the invitation kept as "not sent", not a 500."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # the kernel completes the handshake; nobody ever says "220"
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": "127.0.0.1",
                "port": silent.getsockname()[1],
                "use_tls": False,
                "timeout": 1,
            },
        }
    }
    try:
        started = time.monotonic()
        response = client_for(people["manager"]).post(
            reverse("assessments:invite", args=[gartner_assessment.pk]),
            {"email": "ivy@example.com", "role": "it"},
            follow=True,
        )
        waited = time.monotonic() - started
    finally:
        silent.close()
    assert response.status_code == 200
    assert "could not be sent" in response.content.decode()
    assert Invitation.objects.get(email="ivy@example.com").state == "not_sent"
    assert waited < 10  # the timeout ended it, not the operating system's minutes
