"""Languages: each assessment's (existing ones were written in English) and each user's
chosen interface language."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import assessments.models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0006_workshop_caps_and_join_limits_in_the_shared_cache"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Preferences",
            fields=[
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="preferences",
                        serialize=False,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        blank=True,
                        choices=[("en", "English"), ("de", "Deutsch")],
                        max_length=8,
                        verbose_name="language",
                    ),
                ),
            ],
            options={
                "verbose_name": "preferences",
                "verbose_name_plural": "preferences",
            },
        ),
        # Every existing row gets "en", whatever language the migration runs in; new rows
        # then take the creating request's language (the AlterField below).
        migrations.AddField(
            model_name="assessment",
            name="language",
            field=models.CharField(
                choices=[("en", "English"), ("de", "Deutsch")],
                default="en",
                help_text="The language of the report, its e-mails and exports.",
                max_length=8,
                verbose_name="language",
            ),
        ),
        migrations.AlterField(
            model_name="assessment",
            name="language",
            field=models.CharField(
                choices=[("en", "English"), ("de", "Deutsch")],
                default=assessments.models.current_language,
                help_text="The language of the report, its e-mails and exports.",
                max_length=8,
                verbose_name="language",
            ),
        ),
    ]
