from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from ..data.errors import DataUnavailable, InvalidCursor
from .csp import CSP
from .errors import BadQuery
from .health import healthz_response

log = logging.getLogger(__name__)


class HealthCheckMiddleware:
    """Answer /healthz before host validation: load balancers probe by IP address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz" and request.method in ("GET", "HEAD"):
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
    """Bad parameters, bad cursors and DynamoDB failures become clear pages (400, 400, 503),
    never stack traces: the one place views hand these errors to."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, BadQuery | InvalidCursor):
            return render(request, "errors/400.html", {"reason": str(exception)}, status=400)
        if isinstance(exception, DataUnavailable):
            log.warning("DynamoDB unavailable on %s: %s", request.path, exception)
            return render(request, "errors/503.html", {"reason": str(exception)}, status=503)
        return None
