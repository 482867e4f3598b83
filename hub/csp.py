"""The site's Content-Security-Policy, with a relaxed policy for the admin (django-csp).

The public site runs no inline script or style (everything is in static files), so its
policy allows only our own origin (and the media origin for videos and posters). Wagtail's
admin and Django's admin need inline scripts and styles, so paths under
``settings.ADMIN_CSP_PATHS`` get ``settings.ADMIN_CSP_DIRECTIVES`` instead; only editors
reach them. ``CSP_REPORT_ONLY=1`` in the environment sends both as report-only headers.
Media answers carry their own, stricter policy (``clips.filetypes.MEDIA_HEADERS``), which
django-csp leaves alone.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        active = (
            settings.CONTENT_SECURITY_POLICY_REPORT_ONLY
            if report_only
            else (settings.CONTENT_SECURITY_POLICY)
        )
        if (
            active
            and parts.config is None
            and request.path_info.startswith(tuple(settings.ADMIN_CSP_PATHS))
        ):
            parts.config = settings.ADMIN_CSP_DIRECTIVES
        return parts
