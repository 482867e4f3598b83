"""Local development: debug on, a throwaway key, mail to the console."""

from .base import *  # noqa: F403
from .base import env_str

DEBUG = True
SECRET_KEY = env_str("SECRET_KEY", "dev-only-not-secret-hubbub")
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
ALLOWED_HOSTS = ["*"]
