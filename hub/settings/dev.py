"""Local development: debug on, a throwaway key, mail to the console.

Hosts stay local: with DEBUG on and no ``ALLOWED_HOSTS`` in the environment Django answers
only localhost, 127.0.0.1 and [::1]. To reach the dev server from another machine
(``make run HOST=0.0.0.0``) name the host it is reached by: ``ALLOWED_HOSTS=hub.lan``.
"""

from .base import *  # noqa: F403
from .base import env_list, env_str

DEBUG = True
SECRET_KEY = env_str("SECRET_KEY", "dev-only-not-secret-hubbub")
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Empty means Django's own local-only list while DEBUG is on (never "*": a dev server
# bound to 0.0.0.0 would answer any Host header, DNS rebinding included).
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
