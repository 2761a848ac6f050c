"""HTML input for assessments; validation only, the writes are in services."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from assessments.models import (
    Answer,
    Assessment,
    Organization,
    RespondentRole,
    current_language,
)
from assessments.services.joining import CODE_LENGTH, normalise_code
from maturity import answers
from maturity.models import Framework
from maturity.schema import FrameworkDef, QuestionDef


class AssessmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=Organization.objects)
    framework = forms.ModelChoiceField(
        label=_("Maturity model"),
        queryset=Framework.objects,
        help_text=_("The version is pinned for the life of the assessment."),
    )
    target = forms.IntegerField(
        label=_("Target level (optional)"),
        required=False,
        min_value=1,
        help_text=_("The level you aim for overall; gaps and recommendations follow from it."),
    )
    due_date = forms.DateField(
        label=_("Due date (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    role = forms.ChoiceField(
        label=_("Your perspective (optional)"),
        choices=[("", "—"), *RespondentRole.choices],
        required=False,
        help_text=_("Used to split results by perspective when several people answer."),
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous report (roles only, never names)"), required=False
    )
    language = forms.ChoiceField(
        label=_("Language of the report and e-mails"),
        choices=settings.LANGUAGES,
        # Left out (an older form, a script), it is the creator's, as the model's default.
        required=False,
        help_text=_("Everyone sees the pages in their own language."),
    )

    def __init__(
        self,
        *args: Any,
        organizations: QuerySet[Organization],
        frameworks: QuerySet[Framework],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # The creator's language, read when the form is made (the request's, not the
        # server's at start-up).
        self.fields["language"].initial = current_language()
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["framework"].queryset = frameworks  # type: ignore[attr-defined]
        if organizations.count() == 1:
            self.fields["organization"].initial = organizations.first()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        framework, target = data.get("framework"), data.get("target")
        if framework is not None and target is not None:
            top = framework.levels.count()
            if target > top:
                self.add_error("target", _("This model has levels 1 to %(n)d.") % {"n": top})
        return data

    def clean_language(self) -> str:
        return str(self.cleaned_data.get("language") or current_language())

    def targets(self) -> dict[str, float]:
        target = self.cleaned_data.get("target")
        return {} if target is None else {"overall": target}


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(
        label=_("Perspective"), choices=[("", "—"), *RespondentRole.choices], required=False
    )


class RespondentRoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Perspective"), choices=[("", "—"), *RespondentRole.choices], required=False
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it reopened?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Kept in the assessment's history."),
    )


class AnswerForm(forms.Form):
    """One question's answer; the prefix is the question key, so a page holds many."""

    value = forms.ChoiceField(label=_("Answer"), required=False)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=5000)
    evidence_url = forms.URLField(label=_("Evidence link"), required=False, max_length=500)
    confidence = forms.ChoiceField(
        label=_("Confidence"), required=False, choices=[("", "—"), *Answer.Confidence.choices]
    )

    def __init__(
        self,
        data: Any = None,
        *,
        question: QuestionDef,
        definition: FrameworkDef,
    ) -> None:
        super().__init__(data, prefix=question.key)
        self.fields["value"].choices = answer_choices(question, definition)  # type: ignore[attr-defined]

    def fields_and_errors(self) -> tuple[dict[str, Any], dict[str, str]]:
        """Each field checked on its own: the valid fields' cleaned values, and each invalid
        field's message, so that a bad evidence link does not hold back the level given
        with it."""
        self.is_valid()
        errors = {name: " ".join(map(str, messages)) for name, messages in self.errors.items()}
        valid = {name: value for name, value in self.cleaned_data.items() if name not in errors}
        return valid, errors

    def label(self, name: str) -> str:
        return str(self.fields[name].label)


def answer_choices(question: QuestionDef, definition: FrameworkDef) -> list[tuple[str, Any]]:
    return [("", "—"), *answers.choices(question, definition)]


class WorkshopForm(forms.Form):
    anonymous = forms.BooleanField(
        label=_("Anonymous: nobody sees who voted what"), required=False, initial=True
    )
    show_distribution = forms.BooleanField(
        label=_("Participants see the revealed distribution on their phones"),
        required=False,
        initial=True,
    )
    max_participants = forms.IntegerField(
        label=_("Most participants"),
        min_value=1,
        max_value=5000,
        initial=500,
        help_text=_("Joins beyond this are refused with a message."),
    )
    max_per_address = forms.IntegerField(
        label=_("Most participants from one network (optional)"),
        min_value=1,
        max_value=5000,
        required=False,
        help_text=_(
            "Leave empty when the room shares a venue network: it shows all phones as one "
            "address. Set it for a meeting whose people join from their own networks."
        ),
    )


class ConsensusForm(forms.Form):
    value = forms.CharField(label=_("Agreed answer"), max_length=8)
    rationale = forms.CharField(
        label=_("Why (the group's reasoning)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class JoinCodeForm(forms.Form):
    # Typed as it is read off the screen: spaces, dashes and lower case are fine.
    code = forms.CharField(
        label=_("Workshop code"),
        max_length=20,
        help_text=_("The six characters on the screen, e.g. 8K8 CBP."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "inputmode": "text"}
        ),
    )

    def clean_code(self) -> str:
        code = normalise_code(str(self.cleaned_data["code"]))
        if len(code) != CODE_LENGTH:
            raise forms.ValidationError(
                _("A code has %(n)d letters and digits; this has %(got)d.")
                % {"n": CODE_LENGTH, "got": len(code)}
            )
        return code


class JoinForm(forms.Form):
    name = forms.CharField(label=_("Your name (optional)"), required=False, max_length=60)
    role = forms.ChoiceField(
        label=_("Your perspective (optional)"),
        choices=[("", "—"), *RespondentRole.choices],
        required=False,
    )


class VoteForm(forms.Form):
    key = forms.SlugField(max_length=64)
    value = forms.CharField(label=_("Your answer"), max_length=8)
    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=2000)


class InviteForm(InvitationForm):
    """An invitation as the assessment page sends it: the address must fit the model's
    e-mail field (254 characters; the form field alone would allow 320)."""

    email = forms.EmailField(label=_("E-mail address"), max_length=254)


class TransferOwnershipForm(forms.Form):
    """Whom to hand an assessment to: a member (any role) of its organisation."""

    owner = forms.ModelChoiceField(
        label=_("New owner"),
        queryset=User.objects.none(),
        empty_label=_("Choose a member"),
        error_messages={"invalid_choice": _("Choose a member of the organisation.")},
        help_text=_("Any member of the organisation; the handover is kept in the history."),
    )

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = User.objects.filter(memberships__organization_id=assessment.organization_id)
        members = members.exclude(pk=assessment.owner_id).order_by("username")
        self.fields["owner"].queryset = members  # type: ignore[attr-defined]


class PasswordResetInBackground(PasswordResetForm):
    """Django's password-reset form, its mail sent by a worker (`assessments.tasks.send_email`):
    the page answers at once whether the mail server is fast, slow or down."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        from assessments.tasks import send_email

        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        send_email.enqueue(subject, body, [to_email])
