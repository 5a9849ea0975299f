from __future__ import annotations

import logging
from urllib.parse import unquote_to_bytes, urlsplit

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import (
    BadRequest,
    DisallowedHost,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404, QueryDict
from django.shortcuts import render, resolve_url
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme

from ..accounts import signed_out
from ..data.client import track_requests
from ..data.errors import DataUnavailable, InvalidCursor, NotFound, setup_problem
from .csp import CSP, PERMISSIONS_POLICY
from .errors import BadQuery, PageNotFound, unavailable_reason
from .health import healthz_response
from .htmx import send_page_to
from .links import local_path

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
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class StaffRequiredMiddleware(LoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware with the staff-only rule: every view needs a signed-in,
    active staff account, unless it is marked ``login_not_required`` (sign-in, its second
    step, /healthz); anyone else goes to the login page. Static files are served before this
    (WhiteNoise), and an address that matches no view is the 404 page."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if user.is_authenticated and user.is_active and user.is_staff:
            return None
        if not getattr(view_func, "login_required", True):
            return None
        return self.handle_no_permission(request, view_func)

    def handle_no_permission(self, request, view_func):
        # A change sent after the session ended: the sign-in page says it was not saved.
        unsaved = signed_out.was_a_change(request)
        if not request.htmx:
            if not unsaved:
                return super().handle_no_permission(request, view_func)
            # Back, after signing in, to the page the form was on: the address it was sent to
            # takes only a form, and a visit there is a page saying to use the form's button.
            login = resolve_url(self.get_login_url(view_func))
            response = redirect_to_login(
                _page_the_form_was_on(request, login),
                login,
                self.get_redirect_field_name(view_func),
            )
            response["Location"] = signed_out.mark_unsaved(response["Location"])
            return response
        # An in-place action after the session ended (signed out in another tab, expired).
        login = resolve_url(self.get_login_url(view_func))
        response = send_page_to(request, login, field=self.get_redirect_field_name(view_func))
        if unsaved and response.has_header("HX-Redirect"):
            response["HX-Redirect"] = signed_out.mark_unsaved(response["HX-Redirect"])
        return response


def _page_the_form_was_on(request, login: str) -> str:
    """The path (and query) of the page a refused form was sent from, as its browser names it
    (Referer: sent to the same site under SECURE_REFERRER_POLICY "same-origin"); the address
    the form was sent to when it names none, another site, or the sign-in page itself."""
    referer = request.headers.get("Referer", "")
    parts = urlsplit(referer)
    page = local_path(parts.path + (f"?{parts.query}" if parts.query else ""))
    if (
        page is None
        or not parts.netloc
        or not url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        or page.startswith(login.rstrip("/"))
    ):
        return request.get_full_path()
    return page


class OversizedFormMiddleware:
    """A form too large to take (Django's DATA_UPLOAD_MAX_MEMORY_SIZE and
    DATA_UPLOAD_MAX_NUMBER_FIELDS) gets the app's 400 page saying so. Django raises that
    while the CSRF check reads the form, where no view's error handling runs, so with DEBUG
    on it was Django's traceback page and with it off a 400 page that didn't say why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            try:
                request.POST  # noqa: B018 - read now, where a refusal can be answered
            except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
                limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1_000_000
                reason = (
                    f"The form was larger than the {limit:.1f} MB a form may be, or had too many "
                    "fields. Shorten what you typed: no text of a question needs that much."
                )
                return render(request, "errors/400.html", {"reason": reason}, status=400)
            except BadRequest:  # a form declaring a character set other than UTF-8
                return _not_utf8(request)
            if _has_bytes_not_utf8(request):
                return _not_utf8(request)
        return self.get_response(request)


def _has_bytes_not_utf8(request) -> bool:
    """Whether a form's fields hold bytes that are not UTF-8 (no browser sends them; a script
    may). Django reads percent-escaped ones as U+FFFD (and a body of raw ones as Latin-1),
    which a save would then store in place of the text."""
    if request.content_type != "application/x-www-form-urlencoded":
        return False
    try:
        for field in request.body.split(b"&"):
            unquote_to_bytes(field.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _not_utf8(request):
    reason = "The form was not sent as UTF-8 text, so it can't be read."
    request.POST = QueryDict()  # empty, for the 400 page's own reads of it
    return render(request, "errors/400.html", {"reason": reason}, status=400)


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


class ErrorPagesMiddleware:
    """Bad parameters, bad cursors, addresses naming nothing and DynamoDB failures become clear
    pages (400, 400, 404, 503), never stack traces: the one place views hand these errors to."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # What the request asked of DynamoDB: a failure after a write that may have been stored
        # (answered, or its answer lost, then a read to confirm it failed) must not be
        # reported as "nothing was changed".
        with track_requests() as request.dynamodb_requests:
            return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, BadQuery | InvalidCursor):
            return render(request, "errors/400.html", {"reason": str(exception)}, status=400)
        if isinstance(exception, PageNotFound):
            context = {
                "reason": exception.reason,
                "history_url": exception.history_url,
                "unsaved": exception.unsaved,
                "back": exception.back,
            }
            return render(request, "errors/404.html", context, status=404)
        if isinstance(exception, NotFound):
            # A view that has nothing to add to "it isn't there" lets it through: 404, never 500.
            return render(request, "errors/404.html", status=404)
        if isinstance(exception, DataUnavailable):
            log.warning("DynamoDB unavailable on %s: %s", request.path, exception)
            stats = getattr(request, "dynamodb_requests", None)
            problem = setup_problem(exception)
            set_up_wrong = problem is not None and problem.kind != "unreachable"
            context = {
                # Credentials or settings: only whoever runs the app can fix those, and the
                # details (in the log) are theirs, not staff's.
                "set_up_wrong": set_up_wrong,
                "reason": "" if set_up_wrong else unavailable_reason(exception),
                "may_be_saved": bool(stats and stats.wrote),
                # A page that only reads changes nothing: "nothing was changed" is for forms.
                "was_a_change": request.method not in ("GET", "HEAD", "OPTIONS"),
            }
            if context["was_a_change"]:
                # The page the form was on, to go back to once DynamoDB answers again (none when
                # the browser named none: the form's own address is not a page).
                back = _page_the_form_was_on(request, resolve_url(settings.LOGIN_URL))
                context["back"] = "" if back == request.get_full_path() else back
            return render(request, "errors/503.html", context, status=503)
        return None


class MethodNotAllowedPageMiddleware:
    """Opening an action's address (a bookmark, Back, the address bar after a bulk review) gets
    the app's own page saying nothing was changed, with a link to the page the action belongs
    to, instead of the browser's blank "HTTP ERROR 405" (``require_POST`` answers with an empty
    body). The Allow header stays."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code != 405
            or response.content
            or request.method not in ("GET", "HEAD")
            or request.htmx
        ):
            return response
        page = render(
            request, "errors/405.html", {"back_to": _page_above(request.path)}, status=405
        )
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page


def _page_above(path: str) -> str:
    """The nearest page above the action's address (``/queue/<id>/approve/`` →
    ``/queue/<id>/``), else home."""
    from .views import debug_not_found

    parent = path.rstrip("/")
    while "/" in parent.strip("/"):
        parent = parent.rsplit("/", 1)[0]
        try:
            match = resolve(parent + "/")
        except Resolver404:
            continue
        if match.func is not debug_not_found:  # DEBUG's catch-all resolves everything
            return parent + "/"
    return "/"


class DebugBadHostMiddleware:
    """With DEBUG on (``make run``), a request naming a host not in ALLOWED_HOSTS gets the app's
    own 400 page, as with DEBUG off, not Django's debug page (settings, environment, paths):
    Django refuses the host before any view runs, out of DebugErrorPagesMiddleware's reach,
    and a page of another site whose name was pointed at this machine (DNS rebinding) could
    read that page. First in the chain, after the health check (which names no host)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.DEBUG and getattr(settings, "DEBUG_OWN_ERROR_PAGES", True):
            try:
                request.get_host()
            except DisallowedHost as exc:
                logging.getLogger("django.security.DisallowedHost").warning("%s", exc)
                return render(request, "errors/400.html", status=400)
        return self.get_response(request)


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
        if isinstance(exception, Http404):
            return render(request, "errors/404.html", status=404)
        if isinstance(exception, PermissionDenied):
            return None  # Django answers it with our 403 handler even in debug
        if isinstance(exception, BadRequest | SuspiciousOperation):
            # In debug Django would answer these with its traceback page (status 400).
            logging.getLogger("django.security").warning("Bad request: %s", exception)
            return render(request, "errors/400.html", status=400)
        logging.getLogger("django.request").error(
            "Internal Server Error: %s", request.path, exc_info=exception
        )
        return render(request, "errors/500.html", status=500)
