"""An in-place action that fails, in Chromium: said next to the control that was used, in the
error page's words, and an action after the session ended takes the whole page to sign-in."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.support.browser import screenshot
from tests.support.moderation import one_pending
from truthbyte_admin.data import submissions

SUBMISSION = "q_0a7a0001"


def _queue(page, sign_in, live_app):
    one_pending(SUBMISSION)
    sign_in("moderator", "mona")
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"{live_app.url}/queue/?order=newest")
    return page.locator(f"#row-{SUBMISSION}")


def test_a_reject_during_an_outage_says_so_on_its_row(
    page, sign_in, live_app, faults, settings, console_watch
):
    row = _queue(page, sign_in, live_app)
    settings.DYNAMODB_MAX_ATTEMPTS = 1
    for operation in ("GetItem", "BatchGetItem", "Query", "Scan", "TransactWriteItems"):
        faults.fail_next(operation, times=100)  # nothing answers: the review can't even be read

    row.get_by_label(f"Reason to reject submission {SUBMISSION}").select_option("spam")
    row.locator("form.reject-form button").click()

    problem = row.get_by_test_id("htmx-problem")
    expect(problem).to_contain_text("The game's database is unavailable.")
    expect(problem).to_contain_text("Nothing was changed")
    expect(problem).to_contain_text("The game's database is busy: too many requests at once.")
    expect(problem).to_have_attribute("role", "alert")
    screenshot(page, "htmx-problem-on-the-row-1024")
    faults.clear()
    assert submissions.get(SUBMISSION).status == "pending"

    # Once the database answers again, the next attempt clears it and goes through.
    row.locator("form.reject-form button").click()
    expect(page.locator(f"#toast-{SUBMISSION}")).to_contain_text(f"Rejected {SUBMISSION}")
    expect(page.get_by_test_id("htmx-problem")).to_have_count(0)
    assert submissions.get(SUBMISSION).status == "rejected"
    # The browser logs the 503 answer; it was the point of the test.
    console_watch.errors[:] = [e for e in console_watch.errors if "503" not in e]


def test_an_action_after_signing_out_elsewhere_goes_to_sign_in_and_back(page, sign_in, live_app):
    row = _queue(page, sign_in, live_app)
    other_tab = page.context.new_page()
    other_tab.goto(f"{live_app.url}/")
    other_tab.get_by_role("button", name="Sign out").click()
    other_tab.wait_for_url(re.compile(r"/login/"))
    # Left open (the context closes it): once, under load, closing it here never returned.

    row.get_by_label(f"Reason to reject submission {SUBMISSION}").select_option("spam")
    row.locator("form.reject-form button").click()

    page.wait_for_url(re.compile(r"/login/\?next=%2Fqueue%2F%3Forder%3Dnewest&unsaved=1$"))
    expect(page.locator("main h1")).to_have_count(1)  # the sign-in page, not one inside a row
    expect(page.get_by_test_id("unsaved-change")).to_contain_text("was NOT saved")
    assert submissions.get(SUBMISSION).status == "pending"


def test_an_approve_that_needs_editing_says_so_on_its_row(page, sign_in, live_app):
    one_pending("q_10ng0001", question="Is it? " * 300)
    sign_in("moderator", "mona")
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"{live_app.url}/queue/")
    row = page.locator("#row-q_10ng0001")

    row.locator("form.approve-form button").click()

    problem = row.get_by_test_id("htmx-problem")
    expect(problem).to_contain_text(
        "Submission q_10ng0001 needs editing before approval: Question must be at most 200 "
        "characters"
    )
    expect(problem).to_contain_text("Open the review to edit it.")
    assert ".)." not in problem.inner_text()
    assert "_" not in problem.inner_text().replace("q_10ng0001", "")  # no field names
    expect(page.locator("#messages")).not_to_contain_text("needs editing")  # not out of sight
    screenshot(page, "htmx-needs-editing-on-the-row-1024")
    assert submissions.get("q_10ng0001").status == "pending"


def test_a_calendar_day_that_fails_to_open_says_so_below_the_calendar(
    page, sign_in, live_app, faults, settings, console_watch
):
    import datetime as dt

    from tests.support.players_game import new_player, submit_daily

    user_id = new_player()
    day = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=2)
    submit_daily(user_id, day, [(f"q_{n:03d}", True, True) for n in range(10)])
    sign_in("support", "sam")
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"{live_app.url}/players/{user_id}/")
    settings.DYNAMODB_MAX_ATTEMPTS = 1
    for operation in ("GetItem", "BatchGetItem", "Query", "Scan"):
        faults.fail_next(operation, times=100)

    page.locator(f"table.heatmap-grid a[data-day='{day.isoformat()}']").click()

    problem = page.get_by_test_id("htmx-problem")
    expect(problem).to_contain_text("The game's database is unavailable.")
    # Below the calendar (and its scrolling box), not squeezed into the day's cell.
    assert problem.evaluate("p => !!p.previousElementSibling.querySelector('table.heatmap-grid')")
    assert problem.evaluate("p => p.getBoundingClientRect().left >= 0")
    screenshot(page, "htmx-problem-below-the-calendar-1024")
    faults.clear()
    console_watch.errors[:] = [e for e in console_watch.errors if "503" not in e]
