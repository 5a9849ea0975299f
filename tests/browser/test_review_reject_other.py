"""The review page's Reject with "Other" and no typed reason: the browser says so at the field,
before any confirmation is asked, and nothing is sent."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.browser import screenshot
from tests.support.moderation import one_pending
from truthbyte_admin.data import submissions

SUBMISSION = "q_07e40001"


def test_other_without_a_reason_is_stopped_at_the_field_before_the_confirmation(
    page, sign_in, live_app
):
    one_pending(SUBMISSION)
    sign_in("moderator", "mona")
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"{live_app.url}/queue/{SUBMISSION}/")

    page.locator("#reject_reason").select_option("other")
    page.locator("[data-testid=reject]").click()

    typed = page.get_by_label("Reason, if “Other”")
    expect(typed).to_be_focused()
    assert typed.evaluate("el => el.validationMessage") == (
        "Type the reason when you choose “Other”."
    )
    expect(page.locator("dialog.confirm-dialog")).to_have_count(0)  # never asked
    screenshot(page, "review-reject-other-needs-text-1024")

    typed.fill("Asked twice already")
    page.locator("[data-testid=reject]").click()
    confirm = page.locator("dialog.confirm-dialog")
    expect(confirm).to_contain_text("Reject this submission?")
    expect(confirm.locator("[data-confirm-yes]")).to_have_text("Reject")  # says what it does
    confirm.locator("[data-confirm-yes]").click()
    page.wait_for_url(lambda url: url.rstrip("/").endswith("/queue"))
    assert submissions.get(SUBMISSION).rejection_reason == "Asked twice already"
