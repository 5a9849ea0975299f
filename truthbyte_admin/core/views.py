from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import healthz_response


@login_not_required  # load balancers probe it (the middleware usually answers first)
@never_cache
@require_GET
def healthz(request):
    return healthz_response(request)


# Error pages never show an exception's text: for 400s Django's own (DisallowedHost names the
# setting to change, SuspiciousOperation says what it checked). Pages that refuse a request for
# a reason the user can act on render errors/400.html themselves, with that reason.


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    # Our role checks explain themselves to signed-in staff; nobody else sees a reason.
    user = getattr(request, "user", None)
    reason = str(exception or "") if user is not None and user.is_authenticated else ""
    return render(request, "errors/403.html", {"reason": reason}, status=403)


def csrf_failure(request, reason=""):
    """Not a role's refusal (anyone may meet it, signed out too): a stale or foreign form."""
    return render(request, "errors/csrf.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    return render(request, "errors/500.html", status=500)


@login_not_required  # an unknown address is a 404 for everyone, as with DEBUG off
def debug_not_found(request, *args, **kwargs):
    """The catch-all of DEBUG mode: APPEND_SLASH's redirect where it applies, else our 404."""
    from django.http import Http404, HttpResponsePermanentRedirect
    from django.urls import Resolver404, resolve

    path = request.path_info
    if not path.endswith("/"):
        try:
            match = resolve(path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not debug_not_found:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                request.path + "/" + (f"?{query}" if query else "")
            )
    return page_not_found(request, Http404("No page at this address."))
