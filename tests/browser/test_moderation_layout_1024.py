"""The moderation pages at 1024 × 768 in Chromium: a focused field on the review page is never
beneath its sticky action bar (WCAG 2.4.11), and the queue shows short category names in full
without scrolling sideways."""

from __future__ import annotations

from django.core.cache import cache
from playwright.sync_api import expect

from tests.support.browser import screenshot
from tests.support.index import synced
from tests.support.moderation import (
    BORON,
    game_submission,
    put_boron_question,
    put_game_item,
    seed_categories,
)
from truthbyte_admin.data import tables

# The focused element and the action bar overlap (the bar's own controls excepted).
UNDER_THE_BAR = """() => {
  const bar = document.querySelector("[data-testid=action-bar]");
  const focused = document.activeElement;
  if (!focused || focused === document.body || bar.contains(focused)) return null;
  const b = bar.getBoundingClientRect(), f = focused.getBoundingClientRect();
  const overlap = f.top < b.bottom && f.bottom > b.top;
  return overlap ? `${focused.id || focused.name || focused.tagName}: ${Math.round(f.top)}-`
    + `${Math.round(f.bottom)} under the bar's ${Math.round(b.top)}-${Math.round(b.bottom)}` : null;
}"""

# Words of a chip on more than one line, or cut off.
CHIP_CUT = """chip => {
  const range = document.createRange();
  range.selectNodeContents(chip);
  const tops = new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top)));
  return chip.scrollWidth > chip.clientWidth || tops.size > 1;
}"""


def test_shift_tab_never_leaves_the_focus_under_the_review_action_bar(page, sign_in, live_app):
    cache.clear()
    seed_categories("general", "geography", "science")
    put_boron_question()  # a likely duplicate: the tallest action bar, with its warning
    put_game_item(tables.SUBMISSIONS, game_submission("q_l0000001", question=BORON))
    synced()
    sign_in("moderator", "mona")
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"{live_app.url}/queue/q_l0000001/")
    bar = page.get_by_test_id("action-bar")
    expect(bar.get_by_test_id("duplicate-warning")).to_be_visible()
    page.get_by_test_id("reject").focus()
    hidden = []
    for _ in range(25):
        page.keyboard.press("Shift+Tab")
        under = page.evaluate(UNDER_THE_BAR)
        if under:
            hidden.append(under)
        if page.evaluate("document.activeElement.closest('.crumbs') !== null"):
            break
    screenshot(page, "moderation-review-focus-below-the-bar")
    assert hidden == []
    # "e" from the queue lands on the edit form: its question field is in view below the bar.
    page.goto(f"{live_app.url}/queue/")
    page.locator("body").press("e")
    page.wait_for_url("**/queue/q_l0000001/**#edit")
    expect(page.locator("#id_question")).to_be_focused()
    assert page.evaluate(UNDER_THE_BAR) is None


def test_short_category_names_show_in_full_in_the_queue(page, sign_in, live_app):
    seed_categories("general", "mathematics", "entertainment", "technology", "literature")
    categories = ["mathematics", "entertainment", "technology", "literature", "general"]
    put_game_item(tables.SUBMISSIONS, game_submission("q_l0000002", categories=categories))
    synced()
    sign_in("moderator", "mona")
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"{live_app.url}/queue/")
    chips = page.locator("#row-q_l0000002 td.cats .chip")
    expect(chips).to_have_count(len(categories))
    screenshot(page, "moderation-queue-category-chips-1024")
    cut = [
        name for name, chip in zip(categories, chips.all(), strict=True) if chip.evaluate(CHIP_CUT)
    ]
    assert cut == []
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    assert page.locator("table.queue th:nth-child(3)").bounding_box()["width"] > 250
