"""The model catalogue: versioned framework definitions, read-only once published."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

TRANSLATIONS_HELP = _(
    'Translations of this element\'s texts, as in the definition file: {"de": {"name": "..."}}.'
)


def _translations_field() -> models.JSONField:
    """Each row keeps its own translations, so that they are versioned with the content."""
    return models.JSONField(
        _("translations"), default=dict, blank=True, help_text=TRANSLATIONS_HELP
    )


class Framework(models.Model):
    class Method(models.TextChoices):
        STAGED = "staged", _("Staged")
        CONTINUOUS = "continuous", _("Continuous")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    slug = models.SlugField(_("slug"), max_length=64)
    version = models.PositiveIntegerField(_("version"), validators=[MinValueValidator(1)])
    name = models.CharField(_("name"), max_length=200)
    publisher = models.CharField(_("publisher"), max_length=200)
    source = models.TextField(_("source citation"))
    description = models.TextField(_("description"), blank=True)
    method = models.CharField(_("scoring method"), max_length=16, choices=Method.choices)
    threshold = models.DecimalField(
        _("pass threshold"),
        max_digits=6,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Staged models: the fulfilment (0 to 1) at which a level counts as met."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    languages = models.JSONField(
        _("complete languages"),
        default=list,
        blank=True,
        help_text=_(
            'The translation languages declared complete, e.g. ["de"]; '
            "publishing checks that every text has a translation."
        ),
    )
    translations = _translations_field()

    class Meta:
        ordering = ["slug", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="framework_slug_version"),
        ]
        verbose_name = _("framework")

    def __str__(self) -> str:
        return f"{self.name} v{self.version} ({self.get_status_display()})"

    @property
    def display_name(self) -> str:
        """The name in the active language where this version lists it complete (as the
        definition shows it, see maturity/translations.py), else the English name."""
        language = (get_language() or "").split("-")[0]
        if language in self.languages:
            return str(self.translations.get(language, {}).get("name") or self.name)
        return self.name

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class Level(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="levels")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description"), blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    implementation = models.TextField(_("how to reach it"), blank=True)
    translations = _translations_field()

    class Meta:
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="level_number"),
        ]
        verbose_name = _("level")

    def __str__(self) -> str:
        return f"{self.number} - {self.name}"


class Dimension(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="dimensions")
    key = models.SlugField(_("key"), max_length=64)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=4, default=Decimal(1))
    translations = _translations_field()

    class Meta:
        ordering = ["framework", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "key"], name="dimension_key"),
        ]
        verbose_name = _("dimension")

    def __str__(self) -> str:
        return self.name


class Subdimension(models.Model):
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="subdimensions")
    key = models.SlugField(_("key"), max_length=64)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=4, default=Decimal(1))
    translations = _translations_field()

    class Meta:
        ordering = ["dimension__position", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "key"], name="subdimension_key"),
        ]
        verbose_name = _("subdimension")

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    class Kind(models.TextChoices):
        RUBRIC = "rubric", _("Rubric (choose a level)")
        STATEMENT = "statement", _("Statement (yes / partly / no)")

    subdimension = models.ForeignKey(
        Subdimension, on_delete=models.CASCADE, related_name="questions"
    )
    key = models.SlugField(_("key"), max_length=64)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    level = models.PositiveSmallIntegerField(
        _("level evidenced"),
        null=True,
        blank=True,
        help_text=_("Statements only: the level whose capability this statement evidences."),
    )
    text = models.TextField(_("text"))
    help = models.TextField(_("help"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=4, default=Decimal(1))
    translations = _translations_field()

    class Meta:
        ordering = ["subdimension__dimension__position", "subdimension__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["subdimension", "key"], name="question_key"),
        ]
        verbose_name = _("question")

    def __str__(self) -> str:
        return self.key


class LevelDescriptor(models.Model):
    subdimension = models.ForeignKey(
        Subdimension, on_delete=models.CASCADE, related_name="descriptors"
    )
    level = models.PositiveSmallIntegerField(_("level"))
    text = models.TextField(_("descriptor"))
    guidance = models.TextField(_("guidance"), blank=True)
    translations = _translations_field()

    class Meta:
        ordering = ["subdimension", "level"]
        constraints = [
            models.UniqueConstraint(fields=["subdimension", "level"], name="descriptor_level"),
        ]
        verbose_name = _("level descriptor")

    def __str__(self) -> str:
        return f"{self.subdimension} @ {self.level}"
