"""A bulk approval of likely duplicates in Chromium at 1024 × 768: with only duplicates pending
the confirmation offers no button that approves none, says why and what to do; with others
too, its button counts what it approves; the results link each duplicate left pending to its
review page, where "Approve anyway" and "Reject as duplicate" are."""

from __future__ import annotations

from django.core.cache import cache
from playwright.sync_api import expect

from tests.support.index import synced
from tests.support.moderation import (
    BORON,
    BORON_QUESTION_ID,
    game_submission,
    put_boron_question,
    put_game_item,
    seed_categories,
)
from truthbyte_admin.data import submissions, tables

DUPLICATES = ["q_dd000001", "q_dd000002"]
PLAIN = "q_dd000003"


def _seed(*, with_plain: bool = False) -> None:
    cache.clear()
    seed_categories("general", "geography", "science")
    put_boron_question()
    for n, submission_id in enumerate(DUPLICATES):
        put_game_item(
            tables.SUBMISSIONS,
            game_submission(submission_id, submitted_at=1_764_000_000 + n, question=BORON),
        )
    if with_plain:
        put_game_item(tables.SUBMISSIONS, game_submission(PLAIN, submitted_at=1_764_000_100))
    synced()  # the queue lists from the staff index


def _confirmation(page, live_app) -> None:
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"{live_app.url}/queue/")
    page.locator("#bulk-all").check()
    page.locator("#bulk-form button[value=approve]").click()
    page.wait_for_url("**/queue/bulk/**")


def test_only_duplicates_selected_offers_no_button_that_approves_none(page, sign_in, live_app):
    _seed()
    sign_in("moderator", "mona")
    _confirmation(page, live_app)
    expect(page.get_by_test_id("confirm")).to_be_hidden()
    nothing = page.get_by_test_id("bulk-nothing-to-approve")
    expect(nothing).to_have_text(
        "As it is, nothing would be approved: all 2 still pending are likely duplicates, left "
        "pending unless ticked. Tick “Approve the 2 likely duplicates anyway” above to approve "
        "them, or go back to the queue to reject them as duplicates (“Reject as duplicate of …” "
        "in their rows)."
    )
    expect(page.get_by_role("link", name="Cancel")).to_be_visible()
    # Keyboard: from the box, Tab reaches Cancel (no button to press that approves none).
    page.get_by_label("Approve the 2 likely duplicates anyway").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Cancel")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")  # ticks the box: the button is there, counting both
    confirm = page.get_by_test_id("confirm")
    expect(confirm).to_have_text("Yes, approve 2, the 2 likely duplicates included")
    expect(nothing).to_be_hidden()
    page.keyboard.press("Tab")
    expect(confirm).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("bulk-summary")).to_contain_text("2 of 2 approved")
    assert all(submissions.get(i).status == "approved" for i in DUPLICATES)


def test_duplicates_left_pending_link_to_their_review(page, sign_in, live_app):
    _seed(with_plain=True)
    sign_in("moderator", "mona")
    _confirmation(page, live_app)
    expect(page.get_by_test_id("bulk-nothing-to-approve")).to_have_count(0)
    confirm = page.get_by_test_id("confirm")
    expect(confirm).to_have_text("Yes, approve 1 — 2 likely duplicates stay pending unless ticked")
    confirm.click()
    expect(page.get_by_test_id("bulk-summary")).to_contain_text(
        "1 of 3 approved; 2 likely duplicates left pending, as asked."
    )
    links = page.get_by_test_id("bulk-duplicate-review")
    expect(links).to_have_count(2)
    # After "approve it anyway, or reject it as a duplicate of …": not said twice.
    # Each link's name says whose review it opens (the submission id, for screen readers).
    expect(links.first).to_have_text(f"Open its review ({DUPLICATES[0]}) to do either")
    links.first.click()
    page.wait_for_url(f"**/queue/{DUPLICATES[0]}/?next=/queue/")
    bar = page.get_by_test_id("action-bar")
    expect(bar.get_by_test_id("approve-anyway")).to_be_visible()
    reject = bar.get_by_test_id("reject-duplicate")
    expect(reject).to_have_text(f"Reject as duplicate of {BORON_QUESTION_ID}")
    reject.click()
    page.wait_for_url("**/queue/")
    assert submissions.get(DUPLICATES[0]).status == "rejected"
    assert submissions.get(DUPLICATES[1]).status == "pending"
