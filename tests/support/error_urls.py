"""The app's URLs plus two views that fail on purpose (for the error-page tests)."""

from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.urls import path

from truthbyte_admin import urls as app_urls


def broken_view(request):
    raise RuntimeError("a bug in a view (test)")


def missing_view(request):
    raise Http404("no such thing (test)")


def not_found_in_the_data_layer(request):
    from truthbyte_admin.data.errors import NotFound

    raise NotFound("no such item (test)")


def suspicious_view(request):
    raise SuspiciousOperation("a request that looks forged (test)")


urlpatterns = [
    path("test-broken/", broken_view),
    path("test-suspicious/", suspicious_view),
    path("test-not-found/", not_found_in_the_data_layer),
    path("test-missing/", missing_view),
    *app_urls.urlpatterns,
]

handler400 = app_urls.handler400
handler403 = app_urls.handler403
handler404 = app_urls.handler404
handler500 = app_urls.handler500
