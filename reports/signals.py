"""What happens to reports, for whoever listens (the API's webhooks)."""

from django.dispatch import Signal

# sender: reports.models.Job; kwargs: job (done, with its output)
report_ready = Signal()
