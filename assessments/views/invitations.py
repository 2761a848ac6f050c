"""Invitations over HTTP: invite, resend and revoke (who manages the assessment), and the
link itself (the invited person: join, sign up, or be told why not)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.forms import InviteForm
from assessments.models import Assessment, Invitation
from assessments.selectors import assessment_for
from assessments.services import (
    Refused,
    accept_invitation,
    invitation_refusal,
    invite_respondent,
    is_invited_address,
    mark_invitation_opened,
    resend_invitation,
    revoke_invitation,
    sign_up_invitee,
)
from assessments.services.invitations import LinkMaker
from config.http import AuthenticatedRequest


def _managed_assessment(request: AuthenticatedRequest, pk: int) -> Assessment:
    assessment, access = assessment_for(request.user, pk)
    if not access.manage:
        raise PermissionDenied(_("Only the owner, managers and consultants manage this."))
    return assessment


def _managed_invitation(request: AuthenticatedRequest, pk: int, ipk: int) -> Invitation:
    assessment = _managed_assessment(request, pk)
    return get_object_or_404(Invitation, pk=ipk, assessment=assessment)


def _link(request: HttpRequest) -> LinkMaker:
    return lambda token: request.build_absolute_uri(
        reverse("assessments:accept_invitation", args=[token])
    )


def _back(assessment: Assessment) -> HttpResponse:
    return redirect(reverse("assessments:detail", args=[assessment.pk]) + "#invitations")


@require_POST
@login_required
def invite(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = _managed_assessment(request, pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Invitation not sent: %(e)s") % {"e": form.errors.as_text()})
        return _back(assessment)
    try:
        invitation = invite_respondent(
            assessment=assessment,
            by=request.user,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            accept_url=_link(request),
        )
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        _tell_how_the_mail_went(request, invitation)
    return _back(assessment)


@require_POST
@login_required
def resend(request: AuthenticatedRequest, pk: int, ipk: int) -> HttpResponse:
    invitation = _managed_invitation(request, pk, ipk)
    try:
        invitation = resend_invitation(invitation=invitation, accept_url=_link(request))
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        _tell_how_the_mail_went(request, invitation)
    return _back(invitation.assessment)


def _tell_how_the_mail_went(request: HttpRequest, invitation: Invitation) -> None:
    if invitation.mail_error:
        text = _(
            "The invitation to %(email)s is kept, but its e-mail could not be sent "
            "(%(reason)s). Check the mail settings, then use Resend."
        )
        messages.warning(
            request, text % {"email": invitation.email, "reason": invitation.mail_error}
        )
        return
    date = formats.date_format(timezone.localtime(invitation.expires_at), "DATE_FORMAT")
    if invitation.sent_at is None:  # a worker sends it in a moment
        text = _("The invitation to %(email)s is being sent; the link works until %(date)s.")
        messages.success(request, text % {"email": invitation.email, "date": date})
        return
    text = _("Invitation sent to %(email)s; the link works until %(date)s.")
    messages.success(request, text % {"email": invitation.email, "date": date})


@login_required
def revoke(request: AuthenticatedRequest, pk: int, ipk: int) -> HttpResponse:
    """A confirmation page first (no JavaScript needed); the POST revokes."""
    invitation = _managed_invitation(request, pk, ipk)
    if request.method != "POST":
        return render(request, "assessments/invitation_revoke.html", {"invitation": invitation})
    try:
        revoke_invitation(invitation=invitation)
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        text = _("The invitation to %(email)s is revoked; its link no longer works.")
        messages.success(request, text % {"email": invitation.email})
    return _back(invitation.assessment)


def accept_invitation_page(request: HttpRequest, token: str) -> HttpResponse:
    """The link: join (the invited address signed in), sign in (an account has it), sign
    up (nobody has it yet), or a clear refusal that changes nothing."""
    invitations = Invitation.objects.select_related("assessment__organization")
    invitation = get_object_or_404(invitations, token=token)
    refusal = invitation_refusal(invitation, user=request.user)
    if refusal is not None:
        return _refused(request, invitation, refusal)
    if invitation.accepted_at is not None:  # accepted by this very user: go on answering
        return redirect("assessments:questionnaire", pk=invitation.assessment_id)
    mark_invitation_opened(invitation=invitation)
    if isinstance(request.user, User):  # signed in, with the invited address
        if request.method == "POST":
            return _join(request, invitation, request.user)
        return _page(request, invitation)
    # The account's user name is shown to the link's holder: the link went to its address,
    # which proves as much as a password-reset link would, and it is what they sign in with.
    account = User.objects.filter(email__iexact=invitation.email).order_by("pk").first()
    if account is not None:
        return _page(request, invitation, account=account)
    return _sign_up(request, invitation)


def _page(request: HttpRequest, invitation: Invitation, **context: object) -> HttpResponse:
    login_url = f"{reverse('login')}?{urlencode({'next': request.path})}"
    context = {"invitation": invitation, "login_url": login_url, **context}
    return render(request, "assessments/invitation.html", context)


def _refused(request: HttpRequest, invitation: Invitation, refusal: str) -> HttpResponse:
    # Signing out helps only when the link would work for someone else.
    user = request.user
    other = isinstance(user, User) and not is_invited_address(invitation, user)
    usable = invitation_refusal(invitation, user=AnonymousUser()) is None
    context = {"invitation": invitation, "refusal": refusal, "offer_sign_out": other and usable}
    return render(request, "assessments/invitation.html", context, status=403)


def _join(request: HttpRequest, invitation: Invitation, user: User) -> HttpResponse:
    try:
        accept_invitation(invitation=invitation, user=user)
    except Refused as exc:
        return _refused(request, invitation, str(exc))
    messages.success(request, _("Welcome. Your answers save as you give them."))
    return redirect("assessments:questionnaire", pk=invitation.assessment_id)


def _sign_up(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    # The stock form checks the password (validators too) against an unsaved user with the
    # invited address; the user name is chosen when the account is made.
    local = invitation.email.rpartition("@")[0]
    form = SetPasswordForm(User(username=local, email=invitation.email), request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return _page(request, invitation, form=form)
    try:
        user = sign_up_invitee(invitation=invitation, password=form.cleaned_data["new_password1"])
    except Refused as exc:
        return _refused(request, invitation, str(exc))
    # The password was just chosen, so the model backend vouches for the user.
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    text = _(
        "Welcome. Your user name is %(username)s: sign in with it and your password next "
        "time. Your answers save as you give them."
    )
    messages.success(request, text % {"username": user.username})
    return redirect("assessments:questionnaire", pk=invitation.assessment_id)
