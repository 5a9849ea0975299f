"""Requests as htmx sends them, and what the app answers an in-place request that must leave
the page (the session ended, the second step is due)."""

from __future__ import annotations


def from_page(path: str) -> dict:
    """The headers of an htmx request made from the page at ``path``."""
    return {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": f"http://testserver{path}"}


def assert_whole_page_sent_to(response, location: str) -> None:
    """htmx acts on HX-Redirect (a client redirect of the whole page); a 302 it would follow
    itself and put the page it got where a row or a panel was."""
    assert response.status_code == 200
    assert response["HX-Redirect"] == location
    assert b"<html" not in response.content


def assert_left_alone(response) -> None:
    """An empty answer: nothing to swap in, nowhere to go (a fragment of the very page a
    redirect would lead to)."""
    assert response.status_code == 204
    assert "HX-Redirect" not in response
