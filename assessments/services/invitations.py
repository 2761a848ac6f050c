"""Invitations: sent to one address, accepted once by a user with that address, renewable
and revocable by whoever manages the assessment."""

import logging
import secrets
from collections.abc import Callable
from datetime import datetime

from django.contrib.auth.models import AnonymousUser, User
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from assessments.models import Assessment, Invitation, Respondent, invitation_expiry
from assessments.services.assessments import Refused

logger = logging.getLogger(__name__)

# Turns an invitation's token into the absolute link that the e-mail carries.
LinkMaker = Callable[[str], str]


def invite_respondent(
    *, assessment: Assessment, by: User, email: str, role: str, accept_url: LinkMaker
) -> Invitation:
    """Record the invitation, then e-mail its link in the background.

    The invitation is kept whatever the mail server does: a failure leaves it "not sent",
    with the reason, for the manager to send again. The mail goes out after the
    transaction, in a worker, so that a slow server holds neither the database's write lock
    nor the manager's page.
    """
    invitation = _create(assessment=assessment, by=by, email=email, role=role)
    return _send(invitation, accept_url)


@transaction.atomic
def _create(*, assessment: Assessment, by: User, email: str, role: str) -> Invitation:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_locked:
        raise Refused(_("This assessment is submitted; reopen it to invite more people."))
    if assessment.invitations.filter(
        email__iexact=email, accepted_at=None, revoked_at=None
    ).exists():
        raise Refused(
            _("%(email)s is already invited; send the invitation again from the list.")
            % {"email": email}
        )
    if assessment.respondents.filter(user__email__iexact=email).exists():
        raise Refused(_("%(email)s already answers this assessment.") % {"email": email})
    return Invitation.objects.create(
        assessment=assessment,
        email=email,
        role=role,
        invited_by=by,
        token=secrets.token_urlsafe(32),
    )


def resend_invitation(*, invitation: Invitation, accept_url: LinkMaker) -> Invitation:
    """A new expiry from today and a new e-mail with the same link."""
    with transaction.atomic():
        invitation = _locked(invitation)
        if not invitation.is_pending:
            raise Refused(_("Only an invitation that is neither accepted nor revoked is resent."))
        if invitation.assessment.is_locked:
            raise Refused(_("This assessment is submitted; reopen it to invite more people."))
        invitation.expires_at = invitation_expiry()
        invitation.save(update_fields=["expires_at"])
    return _send(invitation, accept_url)


def _send(invitation: Invitation, accept_url: LinkMaker) -> Invitation:
    """Queue the e-mail (`assessments.tasks.send_invitation`): until the worker has sent it
    the invitation is "being sent" (no `sent_at`, no `mail_error`)."""
    from assessments.tasks import send_invitation

    Invitation.objects.filter(pk=invitation.pk).update(sent_at=None, mail_error="")
    send_invitation.enqueue(invitation.pk, accept_url(invitation.token))
    # The immediate backend (tests) has sent it by now; a worker may have too.
    invitation.refresh_from_db(fields=["sent_at", "mail_error"])
    return invitation


def deliver_invitation(invitation_id: int, url: str) -> None:
    """Send an invitation's e-mail, in the assessment's language whoever sent it (the invitee
    is asked to join an assessment held in that language), and record how it went."""
    invitation = (
        Invitation.objects.select_related("assessment", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_pending:  # deleted or revoked meanwhile
        return
    try:
        with translation.override(invitation.assessment.language):
            subject, message = _invitation_mail(invitation, lambda _token: url)
        send_mail(
            subject=subject, message=message, from_email=None, recipient_list=[invitation.email]
        )
    # Any failure of any mail backend (refused connection, timeout, rejected address, a
    # provider's API error): the invitation must survive it and say why.
    except Exception as exc:
        logger.warning("Invitation %s not sent", invitation.pk, exc_info=True)
        invitation.mail_error = (str(exc) or type(exc).__name__)[:500]
    else:
        invitation.sent_at, invitation.mail_error = timezone.now(), ""
    # One statement, so atomic by itself.
    invitation.save(update_fields=["sent_at", "mail_error"])


def _invitation_mail(invitation: Invitation, accept_url: LinkMaker) -> tuple[str, str]:
    """The subject and the text of the e-mail, in the active language."""
    assessment = invitation.assessment
    context = {
        "assessment": assessment,
        "by": invitation.invited_by,
        "email": invitation.email,
        "expires": _date(invitation.expires_at),
        "url": accept_url(invitation.token),
    }
    subject = _("Invitation: %(title)s") % {"title": assessment.title}
    return subject, render_to_string("assessments/invitation_email.txt", context)


def _date(moment: datetime) -> str:
    """A day as the active language writes it ("Dec. 14, 2026", "14. Dezember 2026")."""
    return formats.date_format(timezone.localtime(moment), "DATE_FORMAT")


@transaction.atomic
def revoke_invitation(*, invitation: Invitation) -> Invitation:
    """The link stops working; an accepted invitation stays as it is."""
    invitation = _locked(invitation)
    if invitation.accepted_at is not None:
        raise Refused(_("This invitation is already accepted; it can no longer be revoked."))
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def mark_invitation_opened(*, invitation: Invitation) -> None:
    """Note the first visit of the link (one statement; a later visit changes nothing)."""
    if invitation.opened_at is None:
        now = timezone.now()
        Invitation.objects.filter(pk=invitation.pk, opened_at=None).update(opened_at=now)
        invitation.opened_at = now


def invitation_refusal(invitation: Invitation, *, user: User | AnonymousUser) -> str | None:
    """Why this user cannot accept the invitation now, for them to read; None if they can.

    Anonymous visitors are asked only what the link itself allows (they sign up or sign
    in next); a signed-in user must have the address the invitation was sent to.
    """
    if invitation.revoked_at is not None:
        return _("This invitation was withdrawn. Ask whoever invited you for a new one.")
    if invitation.accepted_at is not None:
        mine = user.is_authenticated and _accepted_by(invitation, user)
        return None if mine else _("This invitation has already been accepted.")
    if invitation.is_expired:
        return _(
            "This invitation expired on %(date)s. Ask whoever invited you to send it again."
        ) % {"date": _date(invitation.expires_at)}
    if invitation.assessment.is_locked:
        return _("This assessment is already submitted.")
    if user.is_authenticated and not is_invited_address(invitation, user):
        return _(
            "This invitation was sent to %(email)s, and you are signed in as %(user)s. "
            "Sign out and open the link again, or ask for an invitation to your own address."
        ) % {"email": invitation.email, "user": user.get_username()}
    return None


def is_invited_address(invitation: Invitation, user: User) -> bool:
    """Whether the user's e-mail is the one the invitation was sent to (in any case)."""
    return bool(user.email) and user.email.casefold() == invitation.email.casefold()


def _accepted_by(invitation: Invitation, user: User) -> bool:
    if invitation.respondent_id is None:
        return False
    return Respondent.objects.filter(pk=invitation.respondent_id, user_id=user.pk).exists()


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user: User) -> Respondent:
    """Make the user a respondent; one respondent per invitation, whoever comes at once.

    The invitation's row is locked first, so that of several people using one link at the
    same moment exactly one gets in (SQLite, which cannot lock a row, queues all writers
    for the whole database instead: the project's transactions are IMMEDIATE).
    """
    invitation = _locked(invitation)
    refusal = invitation_refusal(invitation, user=user)
    if refusal is not None:
        raise Refused(refusal)
    respondent, _created = Respondent.objects.get_or_create(
        assessment=invitation.assessment, user=user, defaults={"role": invitation.role}
    )
    if invitation.accepted_at is None:
        invitation.accepted_at = timezone.now()
        invitation.respondent = respondent
        invitation.save(update_fields=["accepted_at", "respondent"])
    return respondent


@transaction.atomic
def sign_up_invitee(*, invitation: Invitation, password: str) -> User:
    """A new user with the invited address and the chosen password, made a respondent.

    Their user name is made from the address (see `free_username`), never the address
    itself, which may be longer than a user name or be someone's user name already.
    """
    invitation = _locked(invitation)
    refusal = invitation_refusal(invitation, user=AnonymousUser())
    if refusal is not None:
        raise Refused(refusal)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise Refused(_("An account with this address exists; sign in with it to join."))
    user = _create_user(email=invitation.email, password=password)
    accept_invitation(invitation=invitation, user=user)
    return user


def _create_user(*, email: str, password: str) -> User:
    # Someone else may take the same name between the check and the insert: try another.
    for _attempt in range(5):
        try:
            with transaction.atomic():
                username = free_username(email)
                return User.objects.create_user(username=username, email=email, password=password)
        except IntegrityError:
            continue
    raise Refused(_("No free user name was found; please try again."))


def free_username(email: str) -> str:
    """A user name nobody has: the address's local part as a slug (at most 30 characters),
    with a random suffix when that is taken."""
    base = slugify(email.rpartition("@")[0])[:30].strip("-_") or "invitee"
    candidate = base
    while User.objects.filter(username__iexact=candidate).exists():
        candidate = f"{base}-{secrets.token_hex(3)}"
    return candidate


def _locked(invitation: Invitation) -> Invitation:
    # Only the invitation's row: the assessment row is what answers and submission lock.
    invitations = Invitation.objects.select_for_update(of=("self",))
    return invitations.select_related("assessment").get(pk=invitation.pk)
