"""HTML input for API tokens. Validation only; the write is `api.tokens.create_token`."""

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from api.models import Token
from assessments.selectors import Organization, creatable_organizations

NEVER = ""
LIFETIMES = [
    ("30", _("30 days")),
    ("90", _("90 days")),
    ("180", _("180 days")),
    ("365", _("1 year")),
    (NEVER, _("Never")),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=Token._meta.get_field("name").max_length,
        help_text=_("What the token is for, so that you know it again: “Power BI dashboard”."),
    )
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=Token.Scope.choices,
        initial=Token.Scope.READ,
        widget=forms.RadioSelect,
        help_text=_(
            "Read is enough for dashboards and exports; read and write also creates "
            "assessments, puts answers, submits and requests reports."
        ),
    )
    expires = forms.TypedChoiceField(
        label=_("Expires after"),
        choices=LIFETIMES,
        initial="90",
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("A token that expires limits the harm if it ever leaks."),
    )
    organization = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("None (a personal token)"),
        help_text=_(
            "An organisation token acts with your rights, but only within that organisation: "
            "give it to a tool that should see nothing else."
        ),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only organisations the user manages: their tokens and webhooks are theirs to give.
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = creatable_organizations(user)

    @property
    def offers_organisations(self) -> bool:
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        return (field.queryset is not None and field.queryset.exists()) or bool(
            self["organization"].errors
        )
