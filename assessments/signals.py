"""What happens to assessments, for whoever listens (the API's webhooks): each is sent once
the change is committed, with the assessment (or workshop) and who made it."""

from django.dispatch import Signal

# sender: Assessment; kwargs: assessment, by
assessment_submitted = Signal()
assessment_reopened = Signal()
# sender: Workshop; kwargs: workshop, by
workshop_ended = Signal()
