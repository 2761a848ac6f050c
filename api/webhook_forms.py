"""HTML input for webhook endpoints. Validation only; the writes are in `api.webhooks`.

An address is checked here as it will be before every delivery (`api.targets`): https, a
host that resolves, only public addresses; the error names what is wrong with it.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from api.models import Event, WebhookEndpoint
from api.targets import TargetRefused, check_target
from assessments.selectors import Organization


class EndpointSettingsForm(forms.Form):
    """What may change on an endpoint: its events and whether it is active."""

    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=Event.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event to send.")},
        help_text=_("Only the events ticked here are sent to this address."),
    )
    active = forms.BooleanField(
        label=_("Active"),
        required=False,
        initial=True,
        help_text=_("A paused endpoint is sent nothing but test events."),
    )


class EndpointForm(EndpointSettingsForm):
    """A new endpoint of `organization`: its address, events and state."""

    url = forms.URLField(
        label=_("Address (URL)"),
        max_length=WebhookEndpoint._meta.get_field("url").max_length,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://example.com/hooks/maturity"}),
        help_text=_(
            "An https:// address on the public internet that accepts POST requests with a "
            "JSON body."
        ),
    )
    field_order = ["url", "events", "active"]

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization

    def clean_url(self) -> str:
        url = str(self.cleaned_data["url"]).strip()
        try:
            check_target(url)
        except TargetRefused as refused:
            raise forms.ValidationError(str(refused), code="target") from refused
        if WebhookEndpoint.objects.filter(organization=self.organization, url=url).exists():
            raise forms.ValidationError(
                _("This organisation already sends webhooks to this address."), code="duplicate"
            )
        return url


class EventTestForm(forms.Form):
    event = forms.ChoiceField(
        label=_("Event to send as a test"),
        choices=Event.choices,
        initial=Event.ASSESSMENT_SUBMITTED,
    )
