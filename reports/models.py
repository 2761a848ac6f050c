"""What reports keep: an organisation's branding, the outputs made (kept by what they were
made from, so that one is never made twice) and the jobs that make them in the background.

Files live in the database (`BinaryField`), not on a disk: every app server and worker
reads the same ones through the database they already share, and no path is ever built
from user input. A logo is at most `reports.branding.MAX_LOGO_BYTES`; an output a few MB.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # and six hexadecimal digits, like #1f3a5f.")
)


class Format(models.TextChoices):
    PDF = "pdf", "PDF"
    HTML = "html", "HTML"
    PPTX = "pptx", _("PowerPoint (PPTX)")
    XLSX = "xlsx", _("Excel (XLSX)")
    CSV = "csv", _("Answers (CSV)")


class Branding(models.Model):
    """An organisation's (or the consultancy's, set on the client) logo, colour and footer,
    used on the PDF's cover and pages, the deck's slides and the workbook's title."""

    organization = models.OneToOneField(
        "assessments.Organization",
        on_delete=models.CASCADE,
        related_name="branding",
        verbose_name=_("organisation"),
    )
    logo = models.BinaryField(_("logo"), null=True, blank=True)  # PNG, as re-encoded by us
    logo_width = models.PositiveIntegerField(null=True, blank=True)
    logo_height = models.PositiveIntegerField(null=True, blank=True)
    colour = models.CharField(
        _("primary colour"), max_length=7, default="#1f3a5f", validators=[colour_validator]
    )
    footer = models.CharField(_("footer text"), max_length=120, blank=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("branding")
        verbose_name_plural = _("brandings")

    def __str__(self) -> str:
        return str(self.organization)


class Output(models.Model):
    """A report file as made, named by everything it was made from (`reports.jobs.output_key`)."""

    key = models.CharField(max_length=64, unique=True)
    assessment = models.ForeignKey(
        "assessments.Assessment", on_delete=models.CASCADE, related_name="outputs"
    )
    format = models.CharField(max_length=8, choices=Format.choices)
    language = models.CharField(max_length=8)
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.filename


class Job(models.Model):
    """A request for a report file, made by a background task; its row is what the page
    shows (queued, running, done with a download, failed with the reason)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    assessment = models.ForeignKey(
        "assessments.Assessment", on_delete=models.CASCADE, related_name="report_jobs"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    language = models.CharField(_("language"), max_length=8)
    paper = models.CharField(max_length=8, default="a4")
    # What the output will be named by: the same request while this one is queued or
    # running is this job (the constraint below); once done, its output is reused.
    key = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default="queued")
    error = models.TextField(_("why it failed"), blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    output = models.ForeignKey(
        Output, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(status__in=["queued", "running"]),
                name="one_live_job_per_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_format_display()} #{self.pk} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
