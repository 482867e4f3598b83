"""Production settings, plus what the benchmark needs to see inside a request.

Everything of ``hub.settings.production`` holds (DEBUG off, whitenoise, the same middleware
and cache); two things are added for the run only:

- a middleware that counts the SQL queries of each request and answers them in an
  ``X-Bench-Queries`` header (read once per page by the benchmark, never under load);
- the learner endpoints' rate limits are lifted, or the rating scenario would measure
  429 answers instead of ratings (the limits themselves cost two cache increments, kept).
"""

from hub.settings.production import *  # noqa: F403
from hub.settings.production import MIDDLEWARE

MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]

_UNLIMITED = {"user": "1000000/m", "ip": "1000000/m"}
THROTTLE_RATES = {"rate": _UNLIMITED, "view": _UNLIMITED, "progress": _UNLIMITED}
