"""The moderation queue in Chromium: arriving marks the first row for the single-key shortcuts
without moving the focus to it, so a keyboard user's first Tab reaches "Skip to content" as on
every other page, and j/k/a act on the marked row at once."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.index import synced
from tests.support.moderation import game_submission, put_game_item, seed_categories
from truthbyte_admin.data import submissions, tables

ROWS = "table[data-queue] tbody tr[data-submission-id]"


def _id(n: int) -> str:
    return f"q_s{n:07d}"


def _seed(count: int) -> None:
    seed_categories("general", "geography", "science")
    for n in range(1, count + 1):
        put_game_item(
            tables.SUBMISSIONS,
            game_submission(
                _id(n),
                submitted_at=1_764_000_000 + 60 * n,
                question=f"Is {n} a number that this test counts with?",
            ),
        )
    synced()  # the queue lists from the staff index


def _row(page, n: int):
    return page.locator(f"#row-{_id(n)}")


def _arrive(page, live_app) -> None:
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"{live_app.url}/queue/")
    # Marked on arrival (pageshow), with nothing focused.
    expect(_row(page, 1)).to_have_attribute("aria-current", "true")
    assert page.evaluate("document.activeElement === document.body")


def test_the_first_tab_on_the_queue_reaches_skip_to_content(page, sign_in, live_app):
    _seed(3)
    sign_in("moderator", "mona")
    _arrive(page, live_app)
    expect(_row(page, 1)).to_have_class("current")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    # As on another page (the questions list), for comparison.
    page.goto(f"{live_app.url}/questions/")
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()


def test_j_and_k_act_at_once_on_arrival_and_after_the_skip_link(page, sign_in, live_app):
    _seed(3)
    sign_in("moderator", "mona")
    _arrive(page, live_app)
    page.keyboard.press("j")
    expect(_row(page, 2)).to_be_focused()
    expect(_row(page, 2)).to_have_attribute("aria-current", "true")
    expect(_row(page, 1)).not_to_have_attribute("aria-current", "true")
    page.keyboard.press("k")
    expect(_row(page, 1)).to_be_focused()

    # Tab to the skip link first: the keys still act on the marked row.
    _arrive(page, live_app)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("j")
    expect(_row(page, 2)).to_be_focused()
    page.keyboard.press("x")
    expect(_row(page, 2).locator("input.row-select")).to_be_checked()

    # "a" right on arrival approves the marked (first) row; the focus goes on to the next one.
    _arrive(page, live_app)
    page.keyboard.press("a")
    expect(page.locator(f"#toast-{_id(1)}")).to_contain_text(f"Approved {_id(1)}")
    expect(_row(page, 2)).to_be_focused()
    assert submissions.get(_id(1)).status == "approved"
    assert submissions.get(_id(2)).status == "pending"
    expect(page.locator(ROWS)).to_have_count(2)
