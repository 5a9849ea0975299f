"""Under `make run` (DEBUG on) an unknown URL gets the app's own 404, not Django's debug page."""

from __future__ import annotations

import importlib

import pytest
from django.test import override_settings
from django.urls import clear_url_caches

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug_urls():
    import truthbyte_admin.urls as urls

    with override_settings(DEBUG=True):
        importlib.reload(urls)
        clear_url_caches()
        yield
    importlib.reload(urls)
    clear_url_caches()


def test_unknown_url_in_debug_is_the_apps_404(debug_urls, support_client):
    response = support_client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "There is nothing at this address." in html
    assert "URLconf" not in html
    assert "Using the URLconf" not in html


def test_missing_slash_still_redirects_in_debug(debug_urls, support_client):
    response = support_client.get("/daily", {"date": "2025-01-01"})
    assert response.status_code == 301
    assert response["Location"] == "/daily/?date=2025-01-01"


def test_an_address_with_a_newline_in_debug_is_the_apps_404_too(debug_urls, support_client):
    response = support_client.get("/categories/general%0A/rename/")
    assert response.status_code == 404
    assert "URL patterns" not in response.content.decode()
