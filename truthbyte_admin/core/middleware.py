from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.shortcuts import render

from ..data.errors import DataUnavailable, InvalidCursor

log = logging.getLogger(__name__)

# No inline scripts or styles anywhere: every script and stylesheet is a static file.
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)


class HealthCheckMiddleware:
    """Answer /healthz before host validation: load balancers probe by IP address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz" and request.method in ("GET", "HEAD"):
            from .views import healthz_response  # views import this module

            return healthz_response(request)
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CSP)
        return response


PUBLIC_PATHS = ("/login/", "/healthz", "/static/", "/favicon.ico")


class LoginRequiredMiddleware:
    """Every page requires a signed-in, active staff account; anonymous users go to login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PUBLIC_PATHS):
            user = request.user
            if not (user.is_authenticated and user.is_active and user.is_staff):
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)


class SignedInNoStoreMiddleware:
    """Pages for a signed-in user hold game data and staff names: no cache may keep them (the
    browser's back button after signing out, a shared proxy)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith("/static/"):
            response["Cache-Control"] = "no-store, private"
        return response


class DataUnavailableMiddleware:
    """DynamoDB failures and bad cursors become clear pages, never stack traces."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, InvalidCursor):
            return render(request, "errors/400.html", {"reason": str(exception)}, status=400)
        if isinstance(exception, DataUnavailable):
            log.warning("DynamoDB unavailable on %s: %s", request.path, exception)
            return render(request, "errors/503.html", {"reason": str(exception)}, status=503)
        return None


class DebugErrorPagesMiddleware:
    """With DEBUG on (``make run``), a view's unhandled exception or Http404 gets the app's own
    500/404 page instead of Django's debug page (which lists settings and every URL pattern);
    the traceback still goes to the log. ``DJANGO_DEBUG_ERROR_PAGES=django`` turns it off for
    whoever wants the yellow page. With DEBUG off Django already uses our handlers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not (settings.DEBUG and getattr(settings, "DEBUG_OWN_ERROR_PAGES", True)):
            return None
        from django.http import Http404

        if isinstance(exception, Http404):
            return render(request, "errors/404.html", status=404)
        if isinstance(exception, PermissionDenied | BadRequest | SuspiciousOperation):
            return None  # Django answers these with our 403/400 handlers even in debug
        logging.getLogger("django.request").error(
            "Internal Server Error: %s", request.path, exc_info=exception
        )
        return render(request, "errors/500.html", status=500)
