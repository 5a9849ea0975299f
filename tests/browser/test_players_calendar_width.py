"""The 12-month calendar at 1024 px: it scrolls sideways inside its card, never the page, and
can be scrolled from the keyboard."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import expect

from tests.support.browser import screenshot
from tests.support.players_game import new_player, put_question, submit_daily


def test_calendar_scrolls_inside_its_card_at_1024_px(page, sign_in, live_app):
    today = dt.datetime.now(dt.UTC).date()
    for n in range(10):
        put_question(f"q_{n:03d}", f"Is statement {n} true?", n % 2 == 0)
    user_id = new_player(created=dt.datetime.now(dt.UTC) - dt.timedelta(days=400))
    for back in (300, 200, 100, 30, 2, 1):
        answers = [(f"q_{n:03d}", n % 2 == 0, True) for n in range(10)]
        submit_daily(user_id, today - dt.timedelta(days=back), answers)
    page.set_viewport_size({"width": 1024, "height": 800})
    sign_in("support", "sam")

    page.goto(f"{live_app.url}/players/{user_id}/")

    page_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert page_width[0] <= page_width[1], f"the page scrolls sideways: {page_width}"
    scroller = page.get_by_test_id("calendar-scroller")
    sizes = scroller.evaluate("e => [e.scrollWidth, e.clientWidth, e.scrollLeft]")
    assert sizes[0] > sizes[1], "12 months fit at 1024 px? then nothing to scroll"
    assert sizes[2] > 0, "the calendar starts at the latest days"
    # Scroll bars may overlay or hide: the page says the earlier months are out of sight.
    expect(page.get_by_test_id("calendar-scroll-hint")).to_be_visible()
    expect(page.get_by_test_id("calendar-scroll-hint")).to_contain_text("scroll it sideways")
    page.set_viewport_size({"width": 2400, "height": 800})  # wide enough: the line goes
    expect(page.get_by_test_id("calendar-scroll-hint")).to_be_hidden()
    page.set_viewport_size({"width": 1024, "height": 800})
    expect(page.get_by_test_id("calendar-scroll-hint")).to_be_visible()
    months = page.locator("#calendar-section thead th").count()
    assert months >= 12
    screenshot(page, "players-calendar-1024")

    # Keyboard: the scroller is a tab stop, and arrow keys scroll it back to older months.
    scroller.focus()
    assert page.evaluate("document.activeElement.dataset.testid") == "calendar-scroller"
    for _ in range(30):
        page.keyboard.press("ArrowLeft")
    page.wait_for_function("el => el.scrollLeft < " + str(sizes[2]), arg=scroller.element_handle())


def test_the_weekday_labels_stay_in_view_where_the_calendar_opens(page, sign_in, live_app):
    """Opened at the latest weeks (scrolled right), the calendar still shows Mon … Sun at its
    left edge: the labels stay put over the older weeks."""
    user_id = new_player(created=dt.datetime.now(dt.UTC) - dt.timedelta(days=400))
    page.set_viewport_size({"width": 1024, "height": 800})
    sign_in("support", "sam")
    page.goto(f"{live_app.url}/players/{user_id}/")
    scroller = page.get_by_test_id("calendar-scroller")
    page.wait_for_function("el => el.scrollLeft > 0", arg=scroller.element_handle())
    box = scroller.bounding_box()
    labels = page.locator("#calendar-section th.weekday")
    assert labels.count() == 7
    for n in range(7):
        label = labels.nth(n).bounding_box()
        assert label["x"] >= box["x"] - 1, "a weekday label is scrolled out of view"
        assert label["x"] + label["width"] <= box["x"] + 40
    # Nothing shows through them: the first visible week starts right of the labels.
    hidden = page.evaluate(
        """() => {
          const label = document.querySelector('#calendar-section th.weekday');
          window.scrollTo(0, label.getBoundingClientRect().top + window.scrollY - 200);
          const right = label.getBoundingClientRect().right;
          const cell = document.elementFromPoint(right - 4, label.getBoundingClientRect().top + 6);
          return cell && cell.closest('th.weekday') !== null;
        }"""
    )
    assert hidden, "a day cell shows over the weekday labels"
