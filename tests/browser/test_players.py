"""A support user looks a player up, opens a day in place, and reads the streak explanation."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import expect

from tests.support.browser import screenshot
from tests.support.players_game import new_player, put_question, submit_daily


def _seed_game_player() -> str:
    today = dt.datetime.now(dt.UTC).date()
    for n in range(10):
        put_question(f"q_{n:03d}", f"Is the statement number {n} in this daily true?", n % 2 == 0)
    user_id = new_player()
    for back in range(7, 0, -1):
        right = 8 if back != 3 else 10
        answers = [
            (f"q_{n:03d}", n % 2 == 0 if n < right else n % 2 != 0, n < right) for n in range(10)
        ]
        submit_daily(user_id, today - dt.timedelta(days=back), answers)
    return user_id


def test_support_looks_up_a_player_opens_a_day_in_place_and_reads_why(page, sign_in, live_app):
    user_id = _seed_game_player()
    sign_in("support", "sam")
    page.goto(f"{live_app.url}/players/")
    screenshot(page, "players-index")
    page.get_by_label("Player id").fill(f"  {user_id}  ")
    page.get_by_role("button", name="Find player").click()
    page.wait_for_url(f"**/players/{user_id}/")

    reasons = page.get_by_test_id("streak-reasons")
    assert "never marks" in reasons.inner_text()
    assert page.get_by_test_id("documented-current").inner_text().strip().startswith("7")
    assert page.get_by_test_id("game-current").inner_text().strip() == "0"
    assert page.get_by_test_id("stored-current").inner_text().strip() == "0"
    screenshot(page, "players-profile")

    day = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=3)).isoformat()
    url_before = page.url
    cell = page.get_by_role("link", name=f"{day}: rank S, 100%")
    cell.focus()
    page.keyboard.press("Enter")  # keyboard reachable; htmx loads the day in place
    detail = page.locator("#day-detail")
    detail.get_by_role("heading", name=day).wait_for()
    assert page.url == url_before  # in place, no navigation
    assert "Is the statement number 0 in this daily true?" in detail.inner_text()
    assert "Rank S" in detail.inner_text()
    # the detail heading takes focus so screen readers announce it
    assert page.evaluate("document.activeElement.id") == "day-heading"
    detail.scroll_into_view_if_needed()
    screenshot(page, "players-day-in-place")

    # arrow keys move between days on the calendar
    cell.focus()
    page.keyboard.press("ArrowDown")
    next_day = (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()
    assert page.evaluate("document.activeElement.dataset.day") == next_day

    # A month earlier, from the keyboard: the focus stays on "‹ Month" in the new calendar
    # (it had dropped to the top of the page), and the new month is said.
    month = page.get_by_role("link", name="One month earlier")
    month.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**?end=*")
    expect(page.get_by_role("link", name="One month earlier")).to_be_focused()
    expect(page.locator("#page-status")).to_have_text(
        page.locator("#calendar-heading").inner_text()
    )
    # From the latest month's "Latest" (gone once there), the focus goes to the heading.
    page.get_by_role("link", name="Latest").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Latest")).to_have_count(0)
    expect(page.locator("#calendar-heading")).to_be_focused()


def test_malformed_and_unknown_ids_get_clear_messages(page, sign_in, live_app):
    sign_in("support", "sam")
    page.goto(f"{live_app.url}/players/")
    page.get_by_label("Player id").fill("not a valid id!")
    page.get_by_role("button", name="Find player").click()
    assert "is not a player id" in page.get_by_role("alert").inner_text()
    expect(page.get_by_label("Player id")).to_be_focused()  # to correct it, not 12 Tabs away
    page.get_by_label("Player id").fill("does-not-exist")
    page.get_by_role("button", name="Find player").click()
    assert page.get_by_role("heading", name="No such player").is_visible()
    screenshot(page, "players-not-found")
