"""The queue's keys act on the row the moderator is looking at, in Chromium at 1024 × 768: the
row the focus is in, the submission they come back to, the review they made last; never a row
out of sight, and the focus is never dropped on the page."""

from __future__ import annotations

from django.core.cache import cache
from playwright.sync_api import expect

from tests.support.browser import screenshot, wait_until
from tests.support.index import synced
from tests.support.moderation import (
    BORON,
    game_submission,
    put_boron_question,
    put_game_item,
    seed_categories,
)
from truthbyte_admin.data import submissions, tables

ROWS = "table[data-queue] tbody tr[data-submission-id]"
QUESTIONS = [
    "Is the Pacific the largest ocean on Earth?",
    "Is Venus the hottest planet in the Solar System?",
    "Is Mount Everest the highest mountain above sea level?",
    "Is the Nile the longest river in Africa?",
    "Is Canberra the capital of Australia?",
    "Is gold heavier than silver by volume?",
    "Is the Sahara the largest hot desert?",
    "Is Mercury the closest planet to the Sun?",
    "Is Lake Baikal the deepest lake on Earth?",
    "Is Tokyo the capital of Japan?",
    "Is the blue whale the largest animal ever known?",
    "Is Mars called the red planet?",
]


def _id(n: int) -> str:
    return f"q_k{n:07d}"


def _seed(count: int) -> None:
    """``count`` pending submissions, q_k0000001 first (oldest)."""
    seed_categories("general", "geography", "science")
    for n in range(1, count + 1):
        put_game_item(
            tables.SUBMISSIONS,
            game_submission(_id(n), submitted_at=1_764_000_000 + 60 * n, question=QUESTIONS[n - 1]),
        )
    synced()  # the queue lists from the staff index


def _queue(page, live_app, *, height: int = 768) -> None:
    page.set_viewport_size({"width": 1024, "height": height})
    page.goto(f"{live_app.url}/queue/")
    expect(page.locator(ROWS).first).to_be_visible()


def _row(page, n: int):
    return page.locator(f"#row-{_id(n)}")


def _current(page) -> str | None:
    return page.locator("tr[aria-current=true]").get_attribute("data-submission-id")


def _status(n: int) -> str:
    return submissions.get(_id(n)).status


def _reject_by_keyboard(page) -> None:
    page.keyboard.press("r")
    expect(page.locator("#reject-dialog")).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("#reject-dialog")).to_be_hidden()


def test_the_keys_act_on_the_row_the_focus_is_in(page, sign_in, live_app):
    _seed(3)
    sign_in("moderator", "mona")
    _queue(page, live_app)
    page.keyboard.press("j")
    expect(_row(page, 2)).to_be_focused()
    # Tab on into the third row's question link: the focus ring is on row 3 now.
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('#row-q_k0000003 a.review-link')"):
            break
    expect(_row(page, 3).locator("a.review-link")).to_be_focused()
    expect(_row(page, 3)).to_have_attribute("aria-current", "true")
    expect(_row(page, 2)).not_to_have_attribute("aria-current", "true")
    screenshot(page, "moderation-keys-follow-the-focus")
    page.keyboard.press("x")
    expect(_row(page, 3).locator("input.row-select")).to_be_checked()
    expect(_row(page, 2).locator("input.row-select")).not_to_be_checked()
    page.keyboard.press("a")
    expect(page.locator(f"#toast-{_id(3)}")).to_contain_text(f"Approved {_id(3)}")
    assert _status(3) == "approved"
    assert _status(2) == "pending"


def test_back_to_the_queue_lands_on_the_submission_that_was_opened(page, sign_in, live_app):
    _seed(12)
    sign_in("moderator", "mona")
    _queue(page, live_app)
    seventh = _row(page, 7)
    seventh.locator("a.review-link").click()
    page.wait_for_url(f"**/queue/{_id(7)}/**")
    page.go_back()  # the browser restores the scroll; the keys must be on row 7 too
    expect(seventh).to_have_attribute("aria-current", "true")
    expect(seventh).to_be_focused()
    expect(seventh).to_be_in_viewport()
    page.keyboard.press("r")
    expect(page.locator("#reject-dialog")).to_have_attribute("data-for", _id(7))
    page.keyboard.press("Escape")

    # Opened with "o", back with the review's own link.
    page.keyboard.press("j")
    expect(_row(page, 8)).to_be_focused()
    page.keyboard.press("o")
    page.wait_for_url(f"**/queue/{_id(8)}/**")
    page.get_by_role("link", name="« Back to the queue").click()
    expect(_row(page, 8)).to_have_attribute("aria-current", "true")
    expect(_row(page, 8)).to_be_focused()
    expect(_row(page, 8)).to_be_in_viewport()

    # Approved on its review page: back on the queue, the row that took its place.
    page.keyboard.press("o")
    page.wait_for_url(f"**/queue/{_id(8)}/**")
    page.get_by_test_id("approve").click()
    page.wait_for_url(lambda url: url.rstrip("/").endswith("/queue"))
    expect(_row(page, 9)).to_have_attribute("aria-current", "true")
    expect(_row(page, 9)).to_be_in_viewport()
    # Its message and Undo are in sight too, just above that row, and have the focus.
    told = page.locator("tr.arrival-row").get_by_test_id("undo-message")
    expect(told).to_contain_text(f"Approved {_id(8)}")
    expect(told).to_be_in_viewport()
    expect(told).to_be_focused()
    screenshot(page, "moderation-approved-on-its-page-message-beside-the-row")
    assert _status(8) == "approved"
    page.keyboard.press("Tab")  # the message's link to the new question, then its Undo
    expect(told.get_by_role("link")).to_be_focused()
    page.keyboard.press("Tab")
    expect(told.get_by_test_id("message-undo")).to_be_focused()


def test_a_key_pressed_as_a_dialog_closes_is_not_undone_by_its_closing(page, sign_in, live_app):
    _seed(3)
    sign_in("moderator", "mona")
    _queue(page, live_app)
    page.keyboard.press("r")
    expect(page.locator("#reject-dialog")).to_have_attribute("data-for", _id(1))
    # Esc and then j before the dialog's close event has run (a fast typist, a busy machine).
    page.evaluate(
        """() => {
        document.getElementById("reject-dialog").close();
        document.dispatchEvent(new KeyboardEvent("keydown", {key: "j", bubbles: true}));
    }"""
    )
    page.wait_for_timeout(100)  # the close event has run
    expect(_row(page, 2)).to_be_focused()
    expect(_row(page, 2)).to_have_attribute("aria-current", "true")


def test_a_key_never_acts_on_a_row_out_of_sight(page, sign_in, live_app):
    _seed(12)
    sign_in("moderator", "mona")
    _queue(page, live_app)
    # Scrolled by hand and reloaded (the scroll comes back): the first row in view is marked.
    page.mouse.wheel(0, 700)
    wait_until(page, "window.scrollY >= 600")
    page.reload()
    wait_until(page, "window.scrollY >= 600")
    marked = page.locator("tr[aria-current=true]")
    expect(marked).to_be_in_viewport()
    assert _current(page) != _id(1)

    # The page is scrolled away from the marked row: "a" brings it back into view first.
    _queue(page, live_app, height=450)  # the first row is below the fold
    expect(_row(page, 1)).to_have_attribute("aria-current", "true")
    assert page.evaluate("window.scrollY") == 0
    page.keyboard.press("a")
    expect(_row(page, 1)).to_be_in_viewport()
    expect(_row(page, 1)).to_be_focused()
    expect(page.locator("#queue-key-status")).to_contain_text("press the key again")
    assert _status(1) == "pending"
    page.keyboard.press("a")
    expect(page.locator(f"#toast-{_id(1)}")).to_be_visible()
    assert _status(1) == "approved"


def test_u_undoes_the_most_recent_review_not_the_lowest_toast(page, sign_in, live_app):
    _seed(5)
    sign_in("moderator", "mona")
    _queue(page, live_app)
    for _ in range(3):
        page.keyboard.press("j")
    expect(_row(page, 4)).to_be_focused()
    _reject_by_keyboard(page)
    expect(page.locator(f"#toast-{_id(4)}")).to_be_visible()
    for _ in range(3):
        page.keyboard.press("k")
    expect(_row(page, 1)).to_be_focused()
    _reject_by_keyboard(page)
    expect(page.locator(f"#toast-{_id(1)}")).to_be_visible()
    page.keyboard.press("u")
    expect(_row(page, 1)).to_be_focused()
    expect(page.locator(f"#toast-{_id(4)}")).to_be_visible()
    assert _status(1) == "pending"
    assert _status(4) == "rejected"
    page.keyboard.press("u")  # and then the one before it
    expect(_row(page, 4)).to_be_focused()
    assert _status(4) == "pending"


def test_u_after_a_reload_says_where_earlier_reviews_are_undone(page, sign_in, live_app):
    _seed(3)
    sign_in("moderator", "mona")
    _queue(page, live_app)
    page.keyboard.press("a")
    expect(page.locator(f"#toast-{_id(1)}")).to_be_visible()
    _queue(page, live_app)  # reloaded: the approval has no row here any more
    page.keyboard.press("u")
    expect(page.locator("#queue-key-status")).to_contain_text(
        "Nothing to undo here: u undoes a review whose Undo this page shows."
    )
    assert _status(1) == "approved"


def test_u_after_the_toast_is_dismissed_undoes_what_the_message_offers(page, sign_in, live_app):
    """The message at the top still offers the latest review's Undo, and u takes it, not an
    earlier review's toast (a11y probe and review: u had said "nothing to undo", then undone
    the earlier one). The message region stays the same live region, so each is read."""
    _seed(3)
    sign_in("moderator", "mona")
    _queue(page, live_app)
    page.evaluate("document.getElementById('messages').dataset.firstLoad = 'yes'")
    page.keyboard.press("a")
    expect(page.locator(f"#toast-{_id(1)}")).to_be_visible()
    expect(_row(page, 2)).to_be_focused()  # the next row, once the first one's answer is in
    page.keyboard.press("a")
    latest = page.locator(f"#toast-{_id(2)}")
    expect(latest).to_be_visible()
    expect(page.locator("#messages")).to_contain_text(f"Approved {_id(2)}")
    assert page.evaluate("document.getElementById('messages').dataset.firstLoad") == "yes"
    latest.locator("[data-dismiss-toast]").click()
    expect(latest).to_have_count(0)
    page.keyboard.press("u")
    expect(page.locator("#messages")).to_contain_text(f"Undone: {_id(2)}")
    assert _status(2) == "pending"
    assert _status(1) == "approved"


def test_the_focus_goes_to_the_notice_after_the_last_row_is_reviewed(page, sign_in, live_app):
    _seed(2)
    sign_in("moderator", "mona")
    _queue(page, live_app)
    page.keyboard.press("a")
    expect(page.locator(f"#toast-{_id(1)}")).to_be_visible()
    expect(_row(page, 2)).to_be_focused()
    page.keyboard.press("a")
    cleared = page.locator("#queue-cleared")
    expect(cleared).to_be_visible()
    expect(cleared).to_be_focused()
    screenshot(page, "moderation-queue-cleared-focused")
    # Dismissing a toast keeps it there too.
    page.locator(f"#toast-{_id(2)} [data-dismiss-toast]").click()
    expect(cleared).to_be_focused()


def test_with_shortcuts_off_no_row_is_marked_or_focused(page, sign_in, live_app):
    _seed(3)
    sign_in("moderator", "mona")
    _queue(page, live_app)
    page.get_by_test_id("shortcuts-off").click()
    page.wait_for_load_state()
    expect(page.locator("#messages")).to_contain_text("Keyboard shortcuts are off")
    page.reload()
    expect(page.locator(ROWS)).to_have_count(3)
    page.wait_for_timeout(200)
    assert page.locator("tr.current, tr[aria-current]").count() == 0
    assert page.evaluate("document.activeElement === document.body")
    # A row's own button still works, and the focus goes on to the next row, unmarked.
    _row(page, 1).locator("form.approve-form button").click()
    expect(page.locator(f"#toast-{_id(1)}")).to_be_visible()
    expect(_row(page, 2)).to_be_focused()
    assert page.locator("tr.current, tr[aria-current]").count() == 0


def test_the_message_beside_the_row_stays_in_view_once_duplicate_warnings_load(
    page, sign_in, live_app
):
    # Rows 1–7 are likely duplicates: their warnings arrive after the page and make each of
    # those rows taller, pushing the row that took the approved one's place down.
    cache.clear()
    put_boron_question()
    seed_categories("general", "geography", "science")
    for n in range(1, 13):
        text = BORON if n <= 7 else QUESTIONS[n - 1]
        put_game_item(
            tables.SUBMISSIONS,
            game_submission(_id(n), submitted_at=1_764_000_000 + 60 * n, question=text),
        )
    synced()
    sign_in("moderator", "mona")
    _queue(page, live_app)
    _row(page, 8).locator("a.review-link").click()
    page.wait_for_url(f"**/queue/{_id(8)}/**")
    page.get_by_test_id("approve").click()
    page.wait_for_url(lambda url: url.rstrip("/").endswith("/queue"))
    expect(page.get_by_test_id("duplicate-warning")).to_have_count(7)
    page.wait_for_timeout(300)  # the warnings' swap settles
    told = page.locator("tr.arrival-row").get_by_test_id("undo-message")
    expect(told).to_be_in_viewport()
    expect(_row(page, 9)).to_be_in_viewport(ratio=1)
    screenshot(page, "moderation-message-beside-the-row-after-warnings")
