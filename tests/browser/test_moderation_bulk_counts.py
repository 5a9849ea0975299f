"""What the queue's bulk bar, its confirmation, the cleared-page notice and a toast's Undo offer
is what they do, in Chromium at 1024 × 768: "all on this page" is the rows still pending, the
approve button counts what will be approved, "load the next ones" only while some are left,
and Undo ends when its minutes do."""

from __future__ import annotations

from django.core.cache import cache
from playwright.sync_api import expect

from tests.support.axe import axe_violations
from tests.support.browser import screenshot, sign_in_with_password
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
]


def _seed(count: int = 3) -> None:
    cache.clear()
    seed_categories("general", "geography", "science", "mathematics")
    for n in range(1, count + 1):
        put_game_item(
            tables.SUBMISSIONS,
            game_submission(
                f"q_b{n:07d}", submitted_at=1_764_000_000 + 60 * n, question=QUESTIONS[n - 1]
            ),
        )
    synced()  # the queue lists from the staff index


def _queue(page, live_app, query: str = "") -> None:
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"{live_app.url}/queue/{query}")
    expect(page.locator(ROWS).first).to_be_visible()


def _approve_in_place(page, submission_id: str) -> None:
    page.locator(f"#row-{submission_id} form.approve-form button").click()
    expect(page.locator(f"#toast-{submission_id}")).to_be_visible()


def test_all_on_this_page_is_the_rows_still_pending(page, sign_in, live_app):
    _seed()
    sign_in("moderator", "mona")
    _queue(page, live_app)
    expect(page.locator("label[for=bulk-all]")).to_have_text("All 3 on this page")
    _approve_in_place(page, "q_b0000001")
    expect(page.locator("label[for=bulk-all]")).to_have_text("All 2 on this page")
    page.locator("#bulk-all").check()
    expect(page.get_by_test_id("bulk-count")).to_have_text("2 selected")
    page.locator("#bulk-reason").select_option(index=1)
    page.locator("#bulk-form button[value=reject]").click()
    page.wait_for_url("**/queue/bulk/**")
    expect(page.locator("h1")).to_have_text("Reject 2 submissions?")
    listed = page.get_by_test_id("bulk-selection").locator("tbody tr")
    expect(listed).to_have_count(2)
    expect(page.get_by_test_id("bulk-selection")).not_to_contain_text("q_b0000001")
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("bulk-summary")).to_contain_text("2 of 2")
    assert submissions.get("q_b0000001").status == "approved"


def test_unticking_a_row_after_all_sends_only_the_ticked(page, sign_in, live_app):
    _seed()
    sign_in("moderator", "mona")
    _queue(page, live_app)
    page.locator("#bulk-all").check()
    page.locator("#row-q_b0000002 input.row-select").uncheck()
    expect(page.locator("#bulk-all")).not_to_be_checked()
    expect(page.get_by_test_id("bulk-count")).to_have_text("2 selected")
    page.locator("#bulk-form button[value=approve]").click()
    page.wait_for_url("**/queue/bulk/**")
    expect(page.locator("h1")).to_have_text("Approve 2 submissions?")


def test_no_bulk_bar_and_no_next_ones_when_nothing_is_left(page, sign_in, live_app):
    _seed()
    sign_in("moderator", "mona")
    # A filter matching one: reviewed in place, nothing more to load.
    _queue(page, live_app, "?q=venus")
    _approve_in_place(page, "q_b0000002")
    cleared = page.locator("#queue-cleared")
    expect(cleared).to_be_visible()
    expect(page.locator("#bulk-form")).to_be_hidden()
    expect(cleared).to_contain_text("No other submission is pending with these filters")
    expect(cleared.get_by_role("link", name="Load the next ones")).to_be_hidden()
    screenshot(page, "moderation-queue-cleared-none-left")

    # Pages of one, two left: after this page, one is left to load.
    _queue(page, live_app, "?size=1")
    _approve_in_place(page, "q_b0000001")
    expect(cleared).to_be_visible()
    expect(page.locator("#bulk-form")).to_be_hidden()
    expect(cleared.get_by_role("link", name="Load the next ones")).to_be_visible()
    cleared.get_by_role("link", name="Load the next ones").click()
    expect(page.locator(ROWS)).to_have_count(1)
    expect(page.locator("#row-q_b0000003")).to_be_visible()


def test_bulk_approve_of_likely_duplicates_says_how_many_it_approves(page, sign_in, live_app):
    cache.clear()
    seed_categories("general", "geography", "science")
    put_boron_question()
    for n in range(1, 4):
        put_game_item(
            tables.SUBMISSIONS,
            game_submission(f"q_d{n:07d}", submitted_at=1_764_000_000 + n, question=BORON),
        )
    synced()
    sign_in("moderator", "mona")
    _queue(page, live_app)
    page.locator("#bulk-all").check()
    page.locator("#bulk-form button[value=approve]").click()
    page.wait_for_url("**/queue/bulk/**")
    confirm = page.get_by_test_id("confirm")
    nothing = page.get_by_test_id("bulk-nothing-to-approve")
    # Unticked, it would approve none: no button, a note saying why and what to do instead.
    expect(confirm).to_be_hidden()
    expect(nothing).to_be_visible()
    expect(nothing).to_contain_text("As it is, nothing would be approved")
    page.get_by_label("Approve the 3 likely duplicates anyway").check()
    expect(confirm).to_have_text("Yes, approve 3, the 3 likely duplicates included")
    expect(nothing).to_be_hidden()
    screenshot(page, "moderation-bulk-approve-anyway-ticked")
    page.get_by_label("Approve the 3 likely duplicates anyway").uncheck()
    expect(confirm).to_be_hidden()
    expect(nothing).to_be_visible()
    page.get_by_label("Approve the 3 likely duplicates anyway").check()
    confirm.click()
    expect(page.get_by_test_id("bulk-summary")).to_contain_text("3 of 3 approved")


def test_a_toast_undo_ends_with_its_minutes(page, sign_in, live_app):
    _seed(2)
    sign_in("moderator", "mona")
    page.clock.install()
    _queue(page, live_app)
    _approve_in_place(page, "q_b0000001")
    toast = page.locator("#toast-q_b0000001")
    undo = toast.get_by_test_id("toast-undo")
    expect(undo).to_be_enabled()
    page.clock.run_for("09:50")
    expect(undo).to_be_enabled()
    page.clock.run_for("00:15")
    expect(undo).to_be_disabled()
    expect(undo).to_have_text("Undo no longer possible")
    over = toast.get_by_test_id("toast-undo-over")
    expect(over).to_be_visible()
    expect(over).to_contain_text("Undo is no longer possible")
    expect(over.get_by_role("link", name="audit log")).to_have_attribute(
        "href", "/audit/?item=Submission+q_b0000001"
    )
    expect(page.locator("#messages [data-testid=message-undo]")).to_be_disabled()
    screenshot(page, "moderation-toast-undo-over")
    assert submissions.get("q_b0000001").status == "approved"


def test_the_message_regions_undo_after_an_in_place_review_undoes_it(page, sign_in, live_app):
    _seed(2)
    sign_in("moderator", "mona")
    _queue(page, live_app)
    _approve_in_place(page, "q_b0000001")
    page.locator("#messages").get_by_test_id("message-undo").click()
    expect(page.locator("#messages")).to_contain_text("Undone: q_b0000001 is pending again")
    expect(page.locator("#row-q_b0000001")).to_be_visible()
    assert submissions.get("q_b0000001").status == "pending"


def test_axe_finds_nothing_serious_on_a_cleared_page_with_an_ended_undo(
    browser, live_app, transactional_db
):
    from tests.conftest import _make_staff

    _seed(2)
    user = _make_staff("mona", "moderator")
    # axe is injected as an inline script, which our strict CSP rightly blocks: bypass it here.
    context = browser.new_context(viewport={"width": 1024, "height": 768}, bypass_csp=True)
    page = context.new_page()
    try:
        sign_in_with_password(page, live_app.url, user.username)
        page.clock.install()
        _queue(page, live_app)
        _approve_in_place(page, "q_b0000001")
        _approve_in_place(page, "q_b0000002")
        expect(page.locator("#queue-cleared")).to_be_focused()
        page.clock.run_for("10:05")
        expect(page.locator("#toast-q_b0000001 [data-testid=toast-undo]")).to_be_disabled()
        assert axe_violations(page, impacts=("serious", "critical")) == []
    finally:
        context.close()
