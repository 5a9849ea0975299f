from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse

from ..core.htmx import send_page_to
from . import two_factor

# Reachable before the second factor: signing in and out, and enrolling one.
EXEMPT_PATHS = ("/login/", "/logout/", "/static/", "/healthz", "/favicon.ico")


class SecondFactorMiddleware:
    """After the password, nothing but the second factor: an enrolled user is sent to enter a
    code, and one who must have a factor (TRUTHBYTE_REQUIRE_2FA) but has none to enrol one.
    After django_otp's OTPMiddleware (``user.is_verified()``) and StaffRequiredMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(EXEMPT_PATHS):
            due = two_factor.second_step_due(request.user)
            if due == "code":
                return self._redirect(reverse("verify_second_factor"), request)
            setup = reverse("second_factor_setup")
            if due == "set_up" and request.path != setup:
                return self._redirect(setup, request)
        return self.get_response(request)

    @staticmethod
    def _redirect(url: str, request) -> HttpResponse:
        if getattr(request, "htmx", False):  # an in-place action, say after a reset by an admin
            return send_page_to(request, url)
        return HttpResponseRedirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
