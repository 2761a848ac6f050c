"""Organisations being assessed and the people who work with them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

CONSULTANTS_GROUP = "Consultants"


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
