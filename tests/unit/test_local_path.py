"""One rule for every address a page goes back to after a form (sign-in's `next`, the queue's
`next`, the page a refused form was sent from): a path on this site, never another site's."""

from __future__ import annotations

import pytest

from truthbyte_admin.core.links import LOCAL_PATH_MAX, local_path


@pytest.mark.parametrize(
    "value",
    ["/", "/questions/?q=tide&sort=newest", "/queue/?next=%2Fqueue%2F", "/questions/?q=a//b"],
)
def test_a_path_on_this_site_is_followed(value):
    assert local_path(value) == value


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "//evil.example/",
        "///evil.example/",
        "/\\evil.example/",
        "\\\\evil.example/",
        "https://evil.example/",
        "https:evil.example",
        "javascript:alert(1)",
        "evil.example/",
        "/questions/\x00",
        "/questions/\n/x",
        "/\u200e/evil",
        "/" + "a" * LOCAL_PATH_MAX,
        "/queue//evil.example/",
        "/queue/../questions/",
        "/queue/%2e%2e/questions/",
    ],
)
def test_anything_else_is_not(value):
    assert local_path(value) is None


def test_under_keeps_a_job_to_its_own_pages():
    assert local_path("/queue/?sort=oldest", under="/queue/") == "/queue/?sort=oldest"
    assert local_path("/questions/", under="/queue/") is None
    assert local_path("/queue/../questions/", under="/queue/") is None


def test_a_long_list_address_with_a_non_latin_search_is_still_followed():
    # 200 letters of a search, percent-encoded at up to 12 characters each.
    value = "/questions/?q=" + "%E3%81%82" * 200 + "&sort=newest"
    assert local_path(value) == value
