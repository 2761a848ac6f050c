"""Organisations being assessed and the people who work with them."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, get_supported_language_variant
from django.utils.translation import gettext_lazy as _

CONSULTANTS_GROUP = "Consultants"


def current_language() -> str:
    """The active language as one of settings.LANGUAGES ("de" for "de-at"); the default
    language outside a request or for a language the site does not offer."""
    try:
        return get_supported_language_variant(get_language() or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=200)
    key = models.SlugField(_("key"), max_length=64, unique=True)
    consultants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="client_organizations",
        limit_choices_to={"groups__name": CONSULTANTS_GROUP},
        verbose_name=_("consultants"),
        help_text=_("Consultants assigned to this client."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")

    def __str__(self) -> str:
        return self.name


class Preferences(models.Model):
    """A user's own settings, made when they first choose one: the interface language,
    applied at each sign-in (assessments.views.language); until then, the browser's."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, primary_key=True, related_name="preferences"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)

    class Meta:
        verbose_name = _("preferences")
        verbose_name_plural = _("preferences")

    def __str__(self) -> str:
        return str(self.user)


class Membership(models.Model):
    class Role(models.TextChoices):
        MANAGER = "manager", _("Manager")
        MEMBER = "member", _("Member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["organization", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="membership_once"),
        ]
        verbose_name = _("membership")

    def __str__(self) -> str:
        return f"{self.user} - {self.organization} ({self.get_role_display()})"


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")
        REOPENED = "reopened", _("Reopened")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="assessments"
    )
    # PROTECT: an assessment is pinned to its framework version for life.
    framework = models.ForeignKey(
        "maturity.Framework", on_delete=models.PROTECT, related_name="assessments"
    )
    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_assessments"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    targets = models.JSONField(
        _("targets"),
        default=dict,
        blank=True,
        help_text=_('Target level by subdimension key, or "overall" for the whole.'),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    anonymous = models.BooleanField(
        _("anonymous"), default=False, help_text=_("Reports show roles but never names.")
    )
    result_snapshot = models.JSONField(_("result at submission"), null=True, blank=True)
    # Who took part and what each gave, kept apart from result_snapshot (which is exactly an
    # AssessmentResult) so that the report's cover and appendix never move either.
    contributions_snapshot = models.JSONField(
        _("contributions at submission"), null=True, blank=True
    )
    # Its report's, e-mails' and exports' (pages are in the reader's); the creator's default.
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=current_language,
        help_text=_("The language of the report, its e-mails and exports."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("assessment")

    def __str__(self) -> str:
        return f"{self.title} ({self.organization})"

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.SUBMITTED


class StateChange(models.Model):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="state_changes"
    )
    from_status = models.CharField(
        _("from"), max_length=16, blank=True, choices=Assessment.Status.choices
    )
    to_status = models.CharField(_("to"), max_length=16, choices=Assessment.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)
    event = models.CharField(max_length=24, blank=True)  # see assessments/selectors/history.py
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["assessment", "at", "id"]
        verbose_name = _("state change")

    def __str__(self) -> str:
        return f"{self.assessment_id}: {self.from_status or '-'} -> {self.to_status}"


class RespondentRole(models.TextChoices):
    BUSINESS = "business", _("Business")
    IT = "it", _("IT")
    OT = "ot", _("OT")
    OPERATIONS = "operations", _("Operations")
    OTHER = "other", _("Other")


class Respondent(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="respondents")
    # SET_NULL: deleting an account keeps the answers given, so no result moves with it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="respondents",
    )
    role = models.CharField(_("role"), max_length=16, choices=RespondentRole.choices, blank=True)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        ordering = ["assessment", "joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "user"], name="respondent_once"),
        ]
        verbose_name = _("respondent")

    def __str__(self) -> str:
        return f"{self.user} on {self.assessment_id}"


def invitation_expiry() -> datetime:  # when an invitation sent now stops working
    return timezone.now() + timedelta(days=settings.INVITATION_DAYS)


class Invitation(models.Model):
    """A link e-mailed to one address; only a user with that address can accept it, once."""

    class State(models.TextChoices):
        SENT = "sent", _("Sent")
        NOT_SENT = "not_sent", _("Not sent")
        SENDING = "sending", _("Being sent")
        OPENED = "opened", _("Opened")
        ACCEPTED = "accepted", _("Accepted")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=16, choices=RespondentRole.choices, blank=True)
    token = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), default=invitation_expiry)
    # The last e-mail that went out, and why the last attempt failed ("" when it did not).
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    mail_error = models.CharField(_("why the e-mail was not sent"), max_length=500, blank=True)
    opened_at = models.DateTimeField(_("link opened"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    respondent = models.ForeignKey(
        Respondent, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["assessment", "created_at"]
        verbose_name = _("invitation")

    def __str__(self) -> str:
        return f"{self.email} to {self.assessment_id}"

    @property
    def state(self) -> "Invitation.State":
        """What a manager needs to know first: a final state, then whether the mail went."""
        if self.accepted_at is not None:
            return self.State.ACCEPTED
        if self.revoked_at is not None:
            return self.State.REVOKED
        if self.is_expired:
            return self.State.EXPIRED
        if self.mail_error or self.sent_at is None:  # sent_at is set when the mail has gone
            return self.State.NOT_SENT if self.mail_error else self.State.SENDING
        if self.opened_at is not None:
            return self.State.OPENED
        return self.State.SENT

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_pending(self) -> bool:
        """Neither accepted nor revoked: it can still be sent again."""
        return self.accepted_at is None and self.revoked_at is None


# What a respondent gives for one question, as forms post it and the questionnaire shows it.
ANSWER_FIELDS = ("value", "comment", "evidence_url", "confidence")


class Answer(models.Model):
    class Confidence(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        "maturity.Question", on_delete=models.PROTECT, related_name="answers"
    )
    # An answer of maturity.answers (a level number, yes, partly, no, na) or "" (comment only).
    value = models.CharField(_("answer"), max_length=8, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=8, choices=Confidence.choices, blank=True
    )
    updated_at = models.DateTimeField(_("saved"), auto_now=True)

    class Meta:
        ordering = ["respondent", "question"]
        constraints = [
            models.UniqueConstraint(fields=["respondent", "question"], name="answer_once"),
        ]
        verbose_name = _("answer")

    def __str__(self) -> str:
        return f"{self.question} = {self.value}"


class Consensus(models.Model):
    """The answer a group agreed on; it is the question's effective answer."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="consensus")
    question = models.ForeignKey("maturity.Question", on_delete=models.PROTECT, related_name="+")
    value = models.CharField(_("agreed answer"), max_length=8)
    rationale = models.TextField(_("rationale"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        ordering = ["assessment", "question"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="consensus_once"),
        ]
        verbose_name = _("consensus")
        verbose_name_plural = _("consensus answers")

    def __str__(self) -> str:
        return f"{self.question} = {self.value} (agreed)"


class Workshop(models.Model):
    """A live session in which a facilitator paces the model and participants vote."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ENDED = "ended", _("Ended")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="workshops")
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("join code"), max_length=6, unique=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default="open")
    anonymous = models.BooleanField(_("anonymous"), default=True)
    show_distribution = models.BooleanField(
        _("participants see the revealed distribution"), default=True
    )
    # Bumped on every change (a vote too), so that an unchanged poll of the console or
    # projector is answered without rendering; `stage` moves only when what phones show
    # changes (the current item, its state, the end), so votes do not refresh every phone.
    version = models.PositiveIntegerField(default=1)
    stage = models.PositiveIntegerField(default=1)
    # Caps the facilitator sets: people in the room, and joins from one client address (a
    # venue's network often shows a whole room as one address, so none by default).
    max_participants = models.PositiveIntegerField(
        _("most participants"),
        default=500,
        validators=[MinValueValidator(1), MaxValueValidator(5000)],
    )
    max_per_address = models.PositiveIntegerField(
        _("most participants from one network address"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5000)],
    )
    current = models.ForeignKey(
        "maturity.Question", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("workshop")

    def __str__(self) -> str:
        return f"{self.code} ({self.assessment})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class WorkshopItem(models.Model):
    """One question's state in a workshop: voting, closed, revealed."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Not started")
        VOTING = "voting", _("Voting")
        CLOSED = "closed", _("Closed")
        REVEALED = "revealed", _("Revealed")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey("maturity.Question", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("position"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default="waiting")
    deadline = models.DateTimeField(_("voting ends"), null=True, blank=True)

    class Meta:
        ordering = ["workshop", "position"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "question"], name="workshop_item_once"),
        ]
        verbose_name = _("workshop item")

    def __str__(self) -> str:
        return f"{self.workshop.code}: {self.question} ({self.state})"


class Participant(models.Model):
    """Someone who joined a workshop with its code; no account, bound to one workshop."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("display name"), max_length=60, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=RespondentRole.choices, blank=True)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)
    removed = models.BooleanField(_("removed"), default=False)
    # A keyed hash of the client address the person joined from, for the per-address cap;
    # the address itself is not kept.
    address_key = models.CharField(max_length=32, blank=True, db_index=True)

    class Meta:
        ordering = ["workshop", "joined_at", "id"]
        verbose_name = _("participant")

    def __str__(self) -> str:
        return self.name or f"#{self.pk}"


class Vote(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    question = models.ForeignKey("maturity.Question", on_delete=models.PROTECT, related_name="+")
    value = models.CharField(_("vote"), max_length=8)
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(_("cast"), auto_now=True)

    class Meta:
        ordering = ["participant", "question"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "question"], name="vote_once"),
        ]
        verbose_name = _("vote")

    def __str__(self) -> str:
        return f"{self.participant}: {self.question} = {self.value}"
