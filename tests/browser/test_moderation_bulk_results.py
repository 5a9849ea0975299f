"""A bulk review in Chromium: its confirmation and results are pages of their own, so reloading
the results or going Back sends nothing and never shows the browser's "Confirm Form
Resubmission"; Undo in place still works."""

from __future__ import annotations

from django.core.cache import cache
from playwright.sync_api import expect

from tests.support.browser import screenshot
from tests.support.index import synced
from tests.support.moderation import game_submission, put_game_item, seed_categories
from truthbyte_admin.data import audit, submissions, tables

IDS = ["q_b01c0001", "q_b01c0002"]


def _seed() -> None:
    cache.clear()
    seed_categories("general", "geography", "science")
    put_game_item(
        tables.SUBMISSIONS,
        game_submission(IDS[0], submitted_at=1_764_000_000, question="Is Canberra in Australia?"),
    )
    put_game_item(
        tables.SUBMISSIONS,
        game_submission(
            IDS[1], submitted_at=1_764_000_060, question="Does a spider have eight legs?"
        ),
    )
    synced()


def test_reload_and_back_after_a_bulk_review_send_nothing(page, sign_in, live_app):
    _seed()
    sign_in("moderator", "mona")
    page.goto(f"{live_app.url}/queue/")
    for submission_id in IDS:
        page.locator(f"#row-{submission_id} input.row-select").check()
    page.locator("#bulk-form button[value=approve]").click()
    page.wait_for_url("**/queue/bulk/*/")
    confirm_url = page.url
    page.get_by_test_id("confirm").click()
    page.wait_for_url("**/queue/bulk/*/results/")
    summary = page.get_by_test_id("bulk-summary")
    expect(summary).to_contain_text("2 of 2 approved; 0 not changed.")
    expect(page.locator("#messages")).to_contain_text("2 of 2 approved; 0 not changed.")

    # Reload: the same results, nothing sent again (the summary and rows still agree).
    response = page.reload()
    assert response.request.method == "GET"
    expect(summary).to_contain_text("2 of 2 approved; 0 not changed.")
    expect(page.get_by_test_id("bulk-results")).not_to_contain_text("already")

    # Undo one in place: the row says so; a reload still shows it undone.
    page.get_by_role("button", name=f"Undo for {IDS[0]}").click()
    expect(page.get_by_test_id("bulk-undone")).to_be_focused()
    expect(page.get_by_test_id("bulk-undone-count")).to_contain_text("1 undone")  # at once
    page.reload()
    expect(page.get_by_test_id("bulk-undone")).to_contain_text(IDS[0])
    expect(page.get_by_role("button", name=f"Undo for {IDS[1]}")).to_be_visible()
    expect(page.get_by_test_id("bulk-undone-count")).to_contain_text("1 undone")
    screenshot(page, "bulk-results-after-reload")

    # Back: the confirmation page itself (a GET), saying it went through; no resubmission.
    response = page.go_back()
    assert response is not None
    assert response.status == 200
    assert page.url == confirm_url
    expect(page.get_by_test_id("bulk-already-confirmed")).to_be_visible()
    expect(page.get_by_test_id("confirm")).to_have_count(0)
    screenshot(page, "bulk-confirmation-after-back")
    page.get_by_role("link", name="See its results").click()
    expect(page.get_by_test_id("bulk-undone")).to_contain_text(IDS[0])

    assert submissions.get(IDS[0]).status == "pending"
    assert submissions.get(IDS[1]).status == "approved"
    assert [e.action for e in audit.history(f"submission#{IDS[1]}")] == ["approve"]


def test_back_to_the_queue_after_a_bulk_review_ticks_nothing(page, sign_in, live_app):
    # Four pending: the first two are reviewed, the other two move up into their places, where
    # the browser would otherwise restore the ticks by position.
    _seed()
    for n, submission_id in enumerate(["q_b01c0003", "q_b01c0004"]):
        put_game_item(
            tables.SUBMISSIONS,
            game_submission(submission_id, submitted_at=1_764_000_120 + n * 60),
        )
    synced()
    sign_in("moderator", "mona")
    page.goto(f"{live_app.url}/queue/")
    for submission_id in IDS:
        page.locator(f"#row-{submission_id} input.row-select").check()
    page.locator("#bulk-reason").select_option(index=1)
    page.locator("#bulk-form button[value=reject]").click()
    page.wait_for_url("**/queue/bulk/*/")
    page.get_by_test_id("confirm").click()
    page.wait_for_url("**/queue/bulk/*/results/")

    page.go_back()
    page.go_back()
    page.wait_for_url("**/queue/")

    expect(page.locator("input.row-select")).to_have_count(2)
    expect(page.locator("input.row-select:checked")).to_have_count(0)
    expect(page.locator("#bulk-reason")).to_have_value("")
