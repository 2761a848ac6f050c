"""Assessments over HTTP: parse, call a service or selector, render or redirect."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.forms import (
    AnswerForm,
    AssessmentForm,
    InvitationForm,
    ReopenForm,
    RespondentRoleForm,
    WorkshopForm,
)
from assessments.models import ANSWER_FIELDS, Answer, Assessment, Invitation, Respondent
from assessments.selectors import (
    Access,
    Questionnaire,
    assessment_definition,
    assessment_for,
    creatable_organizations,
    respondent_progress,
    state_log,
    visible_assessments,
)
from assessments.selectors import (
    questionnaire as questionnaire_data,
)
from assessments.services import (
    Refused,
    create_assessment,
    invite_respondent,
    reopen_assessment,
    save_answers,
    set_respondent_role,
    submit_assessment,
)
from assessments.services import (
    accept_invitation as accept_invitation_service,
)
from config.http import AuthenticatedRequest
from maturity.schema import FrameworkDef
from maturity.selectors import published_frameworks


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    context = {
        "assessments": visible_assessments(request.user)[:10],
        "can_create": creatable_organizations(request.user).exists(),
        "frameworks": published_frameworks(),
    }
    return render(request, "assessments/home.html", context)


@login_required
def assessment_list(request: AuthenticatedRequest) -> HttpResponse:
    context = {
        "assessments": visible_assessments(request.user),
        "can_create": creatable_organizations(request.user).exists(),
    }
    return render(request, "assessments/assessment_list.html", context)


@login_required
def assessment_create(request: AuthenticatedRequest) -> HttpResponse:
    organizations = creatable_organizations(request.user)
    if not organizations.exists():
        raise PermissionDenied(_("Only managers and consultants start assessments."))
    form = AssessmentForm(
        request.POST or None, organizations=organizations, frameworks=published_frameworks()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        assessment = create_assessment(
            by=request.user,
            organization=data["organization"],
            framework=data["framework"],
            title=data["title"],
            targets=form.targets(),
            due_date=data["due_date"],
            anonymous=data["anonymous"],
            respondent_role=data["role"],
        )
        messages.success(request, _("Assessment created. Answers save as you give them."))
        return redirect("assessments:questionnaire", pk=assessment.pk)
    return render(request, "assessments/assessment_form.html", {"form": form})


@login_required
def assessment_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment, access = assessment_for(request.user, pk)
    context = {
        "assessment": assessment,
        "access": access,
        "progress": respondent_progress(assessment) if access.manage else [],
        "log": state_log(assessment) if access.manage else [],
        "invite_form": InvitationForm(),
        "reopen_form": ReopenForm(),
        "role_form": RespondentRoleForm(),
        "workshop_form": WorkshopForm(),
        "open_workshop": assessment.workshops.filter(status="open").first()
        if access.manage
        else None,
    }
    return render(request, "assessments/assessment_detail.html", context)


def _manage(request: AuthenticatedRequest, pk: int) -> tuple[Assessment, Access]:
    assessment, access = assessment_for(request.user, pk)
    if not access.manage:
        raise PermissionDenied(_("Only the owner, managers and consultants manage this."))
    return assessment, access


@require_POST
@login_required
def invite(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment, _access = _manage(request, pk)
    form = InvitationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Invitation not sent: %(e)s") % {"e": form.errors.as_text()})
        return redirect("assessments:detail", pk=pk)
    try:
        invite_respondent(
            assessment=assessment,
            by=request.user,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            accept_url=lambda token: request.build_absolute_uri(
                reverse("assessments:accept_invitation", args=[token])
            ),
        )
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Invitation sent to %(email)s.") % form.cleaned_data)
    return redirect("assessments:detail", pk=pk)


@require_POST
@login_required
def respondent_role(request: AuthenticatedRequest, pk: int, respondent_pk: int) -> HttpResponse:
    assessment, _access = _manage(request, pk)
    respondent = get_object_or_404(Respondent, pk=respondent_pk, assessment=assessment)
    form = RespondentRoleForm(request.POST)
    if form.is_valid():
        set_respondent_role(respondent=respondent, role=form.cleaned_data["role"])
        messages.success(request, _("Perspective saved."))
    return redirect("assessments:detail", pk=pk)


@require_POST
@login_required
def submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment, _access = _manage(request, pk)
    try:
        submit_assessment(assessment=assessment, by=request.user)
    except Refused as exc:
        messages.error(request, str(exc))
        return redirect("assessments:detail", pk=pk)
    messages.success(request, _("Submitted. The answers are locked and the result is kept."))
    return redirect("reports:results", pk=pk)


@login_required
def reopen(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment, access = assessment_for(request.user, pk)
    if not access.reopen:
        raise PermissionDenied(_("Only the owner reopens a submitted assessment."))
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reopen_assessment(
            assessment=assessment, by=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Reopened; answers can change again."))
        return redirect("assessments:detail", pk=pk)
    return render(request, "assessments/reopen.html", {"assessment": assessment, "form": form})


@login_required
def questionnaire(request: AuthenticatedRequest, pk: int, page: int = 1) -> HttpResponse:
    assessment, access = assessment_for(request.user, pk)
    if access.respondent is None:
        raise PermissionDenied(_("You are not a respondent of this assessment."))
    definition = assessment_definition(assessment)
    data = questionnaire_data(definition, access.respondent, page, answerable=access.answer)
    if request.method == "POST":
        posted = _save_page(request, access.respondent, definition, data)
        if posted is None:
            target = data.next if "next" in request.POST and data.next else page
            return redirect("assessments:questionnaire_page", pk=pk, page=target)
        data = questionnaire_data(
            definition, access.respondent, page, posted, answerable=access.answer
        )
    context = {
        "assessment": assessment,
        "access": access,
        "q": data,
        "confidence_choices": Answer.Confidence.choices,
        # save_answer's URL is this page's URL plus the question key: reversed once.
        "save_prefix": reverse("assessments:questionnaire_page", args=[pk, data.page.number]),
    }
    return render(request, "assessments/questionnaire.html", context)


def _save_page(
    request: HttpRequest, respondent: Respondent, definition: FrameworkDef, data: Questionnaire
) -> dict[str, dict[str, str]] | None:
    """The no-JavaScript path: save the page at once; what to show again if it failed."""
    forms = {
        view.question.key: AnswerForm(request.POST, question=view.question, definition=definition)
        for view in data.questions
    }
    error = None
    if not all(form.is_valid() for form in forms.values()):
        error = _("Nothing was saved; please correct the marked answers.")
    else:
        answers = {key: form.cleaned_data for key, form in forms.items() if form.has_content()}
        try:
            save_answers(respondent=respondent, answers=answers)
        except Refused as exc:
            error = str(exc)
    if error is None:
        messages.success(request, _("Answers saved."))
        return None
    messages.error(request, error)
    return {key: _posted(form) for key, form in forms.items()}


def _posted(form: AnswerForm) -> dict[str, str]:
    shown = {name: str(form.data.get(form.add_prefix(name), "")) for name in ANSWER_FIELDS}
    shown["error"] = " ".join(str(e) for errors in form.errors.values() for e in errors)
    return shown


@require_POST
@login_required
def save_answer(request: AuthenticatedRequest, pk: int, page: int, key: str) -> HttpResponse:
    """Autosave of one question (htmx): the save status and the refreshed progress bars."""
    assessment, access = assessment_for(request.user, pk)
    if access.respondent is None:
        raise PermissionDenied(_("You are not a respondent of this assessment."))
    respondent = access.respondent
    definition = assessment_definition(assessment)
    question = definition.index.question(key)
    if question is None:
        return HttpResponse(_("No such question."), status=404)
    form = AnswerForm(request.POST, question=question, definition=definition)
    error: str | None = None if form.is_valid() else str(form.errors.as_text())
    if error is None:
        try:
            save_answers(respondent=respondent, answers={key: form.cleaned_data})
        except Refused as exc:
            error = str(exc)
    # Only the progress bars are sent back, so the page's questions are not prepared.
    data = questionnaire_data(
        definition, respondent, page, answerable=access.answer, with_questions=False
    )
    context = {"q": data, "key": key, "error": error, "assessment": assessment}
    return render(request, "assessments/_save_status.html", context, status=400 if error else 200)


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Signed in: join. Known e-mail: sign in first. New person: set a password and join."""
    invitation = get_object_or_404(Invitation.objects.select_related("assessment"), token=token)
    existing = User.objects.filter(email__iexact=invitation.email).first()
    if request.user.is_authenticated:
        if request.method == "POST":
            return _join(request, invitation, request.user)
        return render(request, "assessments/invitation.html", {"invitation": invitation})
    if existing is not None:
        return redirect(f"{reverse('login')}?next={request.path}")
    form = SetPasswordForm(
        User(username=invitation.email, email=invitation.email), request.POST or None
    )
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user)
        return _join(request, invitation, user)
    return render(request, "assessments/invitation.html", {"invitation": invitation, "form": form})


def _join(request: HttpRequest, invitation: Invitation, user: User) -> HttpResponse:
    if invitation.assessment.is_locked:
        messages.error(request, _("This assessment is already submitted."))
        return redirect("home")
    try:
        accept_invitation_service(invitation=invitation, user=user)
    except Refused as exc:
        messages.error(request, str(exc))
        return redirect("home")
    messages.success(request, _("Welcome. Your answers save as you give them."))
    return redirect("assessments:questionnaire", pk=invitation.assessment_id)
