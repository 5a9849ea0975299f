"""axe on the player-support pages: no violation of any impact (Chromium), the minor ones
included (a table heading with no text, two landmarks with one name)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.support.axe import axe_violations
from tests.support.browser import sign_in_with_second_factor
from tests.support.players_game import new_player, player_counted_whatever_the_score, put_question

TODAY = dt.datetime.now(dt.UTC).date()


@pytest.fixture
def axe_page(browser, live_app, transactional_db):
    """A page signed in as an admin, in a context where axe's inline script may run."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in_with_second_factor(page, live_app.url, "ada", "admin")
    yield page
    context.close()


def _player_whose_stored_best_is_higher() -> str:
    """Documented days the game counted whatever the score: stored best 5, documented best 2
    (the store page then shows both its buttons)."""
    for n in range(10):
        put_question(f"q_{n:03d}", f"Is statement {n} true?", n % 2 == 0)
    return player_counted_whatever_the_score([90, 50, 90, 90, 50], stored_streak=5)


def test_player_pages_have_no_axe_violations(axe_page, live_app):
    page = axe_page
    user_id = _player_whose_stored_best_is_higher()
    never = new_player()
    pages = {
        "index": "/players/",
        "index, bad prefix": "/players/?prefix=bob%20smith",
        "profile": f"/players/{user_id}/",
        "profile, never played": f"/players/{never}/",
        "day": f"/players/{user_id}/days/{(TODAY - dt.timedelta(days=1)).isoformat()}/",
        "future day": f"/players/{user_id}/days/{(TODAY + dt.timedelta(days=3)).isoformat()}/",
        "store streaks": f"/players/{user_id}/streaks/store/",
        "answers": f"/players/{user_id}/answers/",
    }
    found = {}
    for name, path in pages.items():
        response = page.goto(f"{live_app.url}{path}")
        assert response.url == f"{live_app.url}{path}", name  # not sent elsewhere
        violations = axe_violations(page)
        if violations:
            found[name] = violations
    assert found == {}
