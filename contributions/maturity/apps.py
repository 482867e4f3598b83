from django.apps import AppConfig


class MaturityConfig(AppConfig):
    name = "contributions.maturity"
    label = "maturity"
    verbose_name = "Community maturity"
    default_auto_field = "django.db.models.BigAutoField"
