"""A queue row flagged as a likely duplicate, in Chromium: Undo brings it back as a fresh page
shows it."""

from __future__ import annotations

import re

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
from truthbyte_admin.data import submissions, tables

FLAGGED = "q_b0r0d001"


def _seed() -> None:
    cache.clear()
    seed_categories("general", "geography", "science")
    put_boron_question()
    put_game_item(
        tables.SUBMISSIONS, game_submission(FLAGGED, submitted_at=1_764_000_000, question=BORON)
    )
    put_game_item(tables.SUBMISSIONS, game_submission("q_00000002", submitted_at=1_764_000_060))
    synced()


def test_undo_of_a_reject_brings_back_the_rows_duplicate_warning(page, sign_in, live_app):
    _seed()
    sign_in("moderator", "mona")
    page.goto(f"{live_app.url}/queue/")
    row = page.locator(f"#row-{FLAGGED}")
    expect(row.get_by_test_id("duplicate-warning")).to_contain_text("Likely duplicate (100%)")
    expect(row).to_have_attribute("aria-current", "true")

    # Reject by keyboard, then u: the row is back with its warning and both ways out.
    page.keyboard.press("r")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator(f"#toast-{FLAGGED}")).to_contain_text(f"Rejected {FLAGGED}")
    page.keyboard.press("u")
    expect(row.get_by_test_id("duplicate-warning")).to_contain_text("dq00179")
    expect(row.get_by_test_id("reject-duplicate")).to_be_visible()
    expect(row).to_be_focused()
    assert submissions.get(FLAGGED).status == "pending"

    # The same from the toast's Undo button.
    row.get_by_label(f"Reason to reject submission {FLAGGED}").select_option("spam")
    row.locator("form.reject-form button").click()
    page.locator(f"#toast-{FLAGGED}").get_by_test_id("toast-undo").click()
    expect(row.get_by_test_id("duplicate-warning")).to_contain_text("dq00179")
    expect(row.get_by_test_id("reject-duplicate")).to_be_visible()
    screenshot(page, "moderation-undo-keeps-duplicate-warning")
    assert submissions.get(FLAGGED).status == "pending"


def test_a_flagged_row_offers_only_approve_anyway_and_a_goes_to_it(page, sign_in, live_app):
    _seed()
    sign_in("moderator", "mona")
    page.goto(f"{live_app.url}/queue/")
    row = page.locator(f"#row-{FLAGGED}")
    other = page.locator("#row-q_00000002")
    # Once the duplicate check arrives, the flagged row's Approve is "Approve anyway" (the one
    # approve that can work); the other row keeps its plain Approve.
    expect(row.locator("td.actions").get_by_test_id("approve-anyway")).to_be_visible()
    expect(row.locator("form.approve-form")).to_have_count(0)
    expect(row.get_by_role("button", name="Approve", exact=True)).to_have_count(0)
    expect(other.get_by_role("button", name="Approve", exact=True)).to_be_visible()
    screenshot(page, "moderation-flagged-row-approve-anyway")

    # a on the flagged row sends nothing: it goes to "Approve anyway", and Enter presses it.
    expect(row).to_have_attribute("aria-current", "true")
    page.keyboard.press("a")
    expect(row.get_by_test_id("approve-anyway")).to_be_focused()
    assert submissions.get(FLAGGED).status == "pending"
    page.keyboard.press("Enter")
    expect(page.locator(f"#toast-{FLAGGED}")).to_contain_text(f"Approved {FLAGGED}")
    assert submissions.get(FLAGGED).status == "approved"
    # On a row with no warning, a approves at once, as before.
    expect(other).to_have_attribute("aria-current", "true")
    page.keyboard.press("a")
    expect(page.locator("#toast-q_00000002")).to_contain_text("Approved q_00000002")
    assert submissions.get("q_00000002").status == "approved"


def test_a_row_refused_in_place_keeps_its_mark(page, sign_in, live_app):
    """Before the duplicate check arrived, a on the flagged row tried a plain approve: refused,
    the row came back with its warning, the focus in it, but without its mark (aria-current and
    the highlight), so its True showed on the focus colour below contrast (moderation probe)."""
    _seed()
    sign_in("moderator", "mona")
    # The check answers nothing (as if it were still on its way).
    page.route("**/queue/duplicates/**", lambda route: route.fulfill(status=204))
    page.goto(f"{live_app.url}/queue/")
    row = page.locator(f"#row-{FLAGGED}")
    expect(row).to_have_attribute("aria-current", "true")
    expect(row.locator("form.approve-form")).to_have_count(1)
    page.keyboard.press("j")
    page.keyboard.press("k")  # the focus on the row, as it is once one works through the queue
    expect(row).to_be_focused()
    page.keyboard.press("a")
    expect(row.get_by_test_id("duplicate-warning")).to_contain_text("dq00179")
    expect(row).to_have_attribute("aria-current", "true")
    expect(row).to_have_class(re.compile(r"\bcurrent\b"))
    assert submissions.get(FLAGGED).status == "pending"
