"""Assessments over HTTP: parse, call a service or selector, render or redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.forms import (
    AnswerForm,
    AssessmentForm,
    InvitationForm,
    ReopenForm,
    RespondentRoleForm,
    TransferOwnershipForm,
    WorkshopForm,
)
from assessments.models import ANSWER_FIELDS, Answer, Assessment, Respondent
from assessments.selectors import (
    Access,
    Questionnaire,
    assessment_definition,
    assessment_for,
    creatable_organizations,
    respondent_progress,
    state_log,
    visible_assessments,
    workshop_progress,
)
from assessments.selectors import (
    questionnaire as questionnaire_data,
)
from assessments.selectors.questionnaire import require_page
from assessments.services import (
    Refused,
    create_assessment,
    reopen_assessment,
    save_answers,
    set_respondent_role,
    submit_assessment,
    transfer_ownership,
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
        # An assessment takes the active language (Assessment.language's default): here
        # the one chosen on the form, which starts as the creator's.
        with translation.override(data["language"]):
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
        "rooms": workshop_progress(assessment) if access.manage else [],
        "log": state_log(assessment) if access.manage else [],
        "invite_form": InvitationForm(),
        "reopen_form": ReopenForm(),
        "role_form": RespondentRoleForm(),
        "workshop_form": WorkshopForm(),
        "transfer_form": TransferOwnershipForm(assessment=assessment) if access.manage else None,
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
    """Below 100 % answered, asks first and says how many questions are open: a page whose
    button posts again with confirm=1, so that it works without JavaScript."""
    from assessments.selectors import assessment_result

    assessment, _access = _manage(request, pk)
    unanswered = 0 if assessment.is_locked else len(assessment_result(assessment).unanswered)
    if unanswered and request.POST.get("confirm") != "1":
        context = {"assessment": assessment, "unanswered": unanswered}
        return render(request, "assessments/submit_confirm.html", context)
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
        try:
            reopen_assessment(
                assessment=assessment, by=request.user, reason=form.cleaned_data["reason"]
            )
        except Refused as exc:  # someone else reopened it a moment before
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Reopened; answers can change again."))
        return redirect("assessments:detail", pk=pk)
    return render(request, "assessments/reopen.html", {"assessment": assessment, "form": form})


@login_required
def questionnaire(request: AuthenticatedRequest, pk: int, page: int | None = None) -> HttpResponse:
    """One page of the questionnaire. Without a page number it resumes: it shows the page of
    the first unanswered question, which the page focuses (`resume_point`). Shown at its own
    URL rather than redirected, so that a bookmark or a reload resumes again."""
    assessment, access = assessment_for(request.user, pk)
    if access.respondent is None:
        raise PermissionDenied(_("You are not a respondent of this assessment."))
    definition = assessment_definition(assessment)
    data = questionnaire_data(definition, access.respondent, page, answerable=access.answer)
    page = data.page.number
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
        # Translated once, and only when a card is rendered rather than served from the cache.
        "confidence_choices": SimpleLazyObject(
            lambda: [(value, str(label)) for value, label in Answer.Confidence.choices]
        ),
        # save_answer's URL is this page's URL plus the question key: reversed once.
        "save_prefix": reverse("assessments:questionnaire_page", args=[pk, page]),
    }
    return render(request, "assessments/questionnaire.html", context)


def _save_page(
    request: HttpRequest, respondent: Respondent, definition: FrameworkDef, data: Questionnaire
) -> dict[str, dict[str, str]] | None:
    """The no-JavaScript path: save the page at once, each field checked on its own as the
    autosave does (a refused field keeps its saved value); what to show again if any was
    refused."""
    forms = {
        view.question.key: AnswerForm(request.POST, question=view.question, definition=definition)
        for view in data.questions
    }
    checked = {key: form.fields_and_errors() for key, form in forms.items()}
    # A question with a saved answer is saved even when emptied, so that it can be cleared.
    had_answer = {view.question.key for view in data.questions if any(view.shown.values())}
    answers = {
        key: fields
        for key, (fields, _errors) in checked.items()
        if fields and (any(fields.values()) or key in had_answer)
    }
    some_refused = any(errors for _fields, errors in checked.values())
    try:
        save_answers(respondent=respondent, answers=answers)
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        if not some_refused:
            messages.success(request, _("Answers saved."))
            return None
        messages.error(
            request,
            _("Saved, except the marked fields; please correct them.")
            if answers
            else _("Nothing was saved; please correct the marked answers."),
        )
    return {key: _posted(form, checked[key][1]) for key, form in forms.items()}


def _posted(form: AnswerForm, errors: dict[str, str]) -> dict[str, str]:
    """The question as it was posted, with each refused field's message."""
    shown = {name: str(form.data.get(form.add_prefix(name), "")) for name in ANSWER_FIELDS}
    return shown | {f"{name}_error": errors.get(name, "") for name in ANSWER_FIELDS}


@require_POST
@login_required
def save_answer(request: AuthenticatedRequest, pk: int, page: int, key: str) -> HttpResponse:
    """Autosave of one question (htmx), each field checked on its own: the valid fields are
    saved, a refused one keeps its saved value. Sends the save status (what was saved and
    what was not), each field's message and the refreshed progress bars; 400 if anything
    was refused."""
    assessment, access = assessment_for(request.user, pk)
    if access.respondent is None:
        raise PermissionDenied(_("You are not a respondent of this assessment."))
    definition = assessment_definition(assessment)
    question = definition.index.question(key)
    if question is None:
        return HttpResponse(_("No such question."), status=404)
    require_page(definition, page)  # before saving: a page past the end changes nothing
    form = AnswerForm(request.POST, question=question, definition=definition)
    fields, errors = form.fields_and_errors()
    refused: str | None = None
    try:
        save_answers(respondent=access.respondent, answers={key: fields} if fields else {})
    except Refused as exc:
        refused = str(exc)
    # Only the progress bars are sent back, so the page's questions are not prepared.
    data = questionnaire_data(
        definition, access.respondent, page, answerable=access.answer, with_questions=False
    )
    context = {
        "q": data,
        "key": key,
        "assessment": assessment,
        "refused": refused,
        "saved": [] if refused else [form.label(name) for name, v in fields.items() if v],
        "failed": [(form.label(name), message) for name, message in errors.items()],
        "field_errors": [(name, errors.get(name, "")) for name in ANSWER_FIELDS],
    }
    status = 400 if refused or errors else 200
    return render(request, "assessments/_save_status.html", context, status=status)


@require_POST
@login_required
def transfer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Hand the assessment to another member of its organisation: whoever manages it may,
    the owner too while a member (the access rule's `manage`)."""
    assessment, _access = _manage(request, pk)
    form = TransferOwnershipForm(request.POST, assessment=assessment)
    if not form.is_valid():
        messages.error(request, " ".join(map(str, form.errors.get("owner", []))))
        return redirect("assessments:detail", pk=pk)
    try:
        transfer_ownership(assessment=assessment, by=request.user, to=form.cleaned_data["owner"])
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Ownership handed over."))
    return redirect("assessments:detail", pk=pk)
