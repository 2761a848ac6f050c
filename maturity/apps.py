from django.apps import AppConfig


class MaturityConfig(AppConfig):
    verbose_name = "Maturity models"
    name = "maturity"
    default_auto_field = "django.db.models.BigAutoField"
