"""A moderator clears the queue with the keyboard only, in Chromium."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.browser import screenshot, sign_in_with_password
from tests.support.index import synced
from tests.support.moderation import (
    HOSTILE,
    game_submission,
    put_game_item,
    seed_categories,
)
from truthbyte_admin.data import submissions, tables

ROWS = "table[data-queue] tbody tr[data-submission-id]"


def _seed() -> None:
    seed_categories("general", "geography", "science")
    put_game_item(tables.SUBMISSIONS, game_submission("q_00000001", submitted_at=1_764_000_000))
    put_game_item(
        tables.SUBMISSIONS,
        game_submission(
            "q_00000002",
            submitted_at=1_764_000_060,
            question="Is Venus the hottest planet in the Solar System?",
            categories=["science"],
        ),
    )
    put_game_item(
        tables.SUBMISSIONS,
        game_submission("q_00000003", submitted_at=1_764_000_120, question=HOSTILE),
    )
    synced()  # the queue lists from the staff index


def test_moderator_approves_and_rejects_from_the_queue_by_keyboard_only(page, sign_in, live_app):
    _seed()
    sign_in("moderator", "mona")
    page.goto(f"{live_app.url}/queue/")
    rows = page.locator(ROWS)
    assert rows.count() == 3
    # The pending count arrives in its own fragment.
    page.locator("[data-testid=pending-count]").wait_for()
    assert "3" in page.locator("[data-testid=pending-count] strong").inner_text()
    # Hostile text shows as text, no element was created from it.
    assert page.locator("table[data-queue] script, table[data-queue] img").count() == 0
    assert HOSTILE in rows.nth(2).inner_text()

    # ? shows the help overlay, Escape closes it.
    page.keyboard.press("?")
    help_overlay = page.locator("#help-overlay")
    assert help_overlay.is_visible()
    screenshot(page, "moderation-keyboard-help")
    page.keyboard.press("Escape")
    assert not help_overlay.is_visible()

    # The first row starts selected; j moves down, k back up.
    assert page.locator("tr.current").get_attribute("data-submission-id") == "q_00000001"
    page.keyboard.press("j")
    assert page.locator("tr.current").get_attribute("data-submission-id") == "q_00000002"
    page.keyboard.press("k")
    assert page.locator("tr.current").get_attribute("data-submission-id") == "q_00000001"
    screenshot(page, "moderation-keyboard-start")

    # a approves the selected row; it leaves the queue.
    page.keyboard.press("a")
    page.locator("#row-q_00000001").wait_for(state="detached")
    assert rows.count() == 2
    assert "Approved q_00000001" in page.locator("#messages").inner_text()
    # The selection moves to the row that took its place.
    assert page.locator("tr.current").get_attribute("data-submission-id") == "q_00000002"

    # r opens the reject dialog with the reason list focused; choose one, Enter rejects.
    page.keyboard.press("r")
    dialog = page.locator("#reject-dialog")
    assert dialog.is_visible()
    assert page.evaluate("document.activeElement.id") == "reject-dialog-reason"
    # Nothing is preselected: Enter now would only say "Choose a reason first".
    assert page.locator("#reject-dialog-reason").input_value() == ""
    page.keyboard.press("ArrowDown")  # "Duplicate of an existing question"
    page.keyboard.press("ArrowDown")  # "Answer is wrong or unverifiable"
    screenshot(page, "moderation-keyboard-reject-dialog")
    page.keyboard.press("Enter")
    page.locator("#row-q_00000002").wait_for(state="detached")
    assert not dialog.is_visible()
    assert rows.count() == 1
    messages = page.locator("#messages").inner_text()
    venus = "“Is Venus the hottest planet in the Solar System?”"
    assert f"Rejected q_00000002 {venus}: Answer is wrong or unverifiable." in messages
    screenshot(page, "moderation-keyboard-after")

    assert submissions.get("q_00000001").status == "approved"
    assert submissions.get("q_00000001").reviewer_id == "mona"
    rejected = submissions.get("q_00000002")
    assert rejected.status == "rejected"
    assert rejected.rejection_reason == "Answer is wrong or unverifiable"
    assert submissions.get("q_00000003").status == "pending"

    # e opens the review's edit form for the remaining (hostile) submission.
    page.keyboard.press("e")
    page.wait_for_url("**/queue/q_00000003/**")
    expect(page.locator("#id_question")).to_be_focused()
    # The caret after the text: typing adds to it, not in front of its first word (probe).
    assert (
        page.evaluate(
            "() => { const f = document.getElementById('id_question');"
            " return [f.selectionStart, f.selectionEnd, f.value.length]; }"
        )
        == [len(HOSTILE)] * 3
    )
    assert page.locator("[data-testid=question]").inner_text() == HOSTILE
    assert page.locator("#edit script, #edit img").count() == 0
    screenshot(page, "moderation-review-hostile")


def test_queue_works_without_javascript(browser, live_app, transactional_db):
    """Plain form POSTs: approve and reject from the queue with scripts disabled."""
    from tests.conftest import _make_staff

    _seed()
    user = _make_staff("nojs-mod", "moderator")
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, java_script_enabled=False
    )
    page = context.new_page()
    try:
        sign_in_with_password(page, live_app.url, user.username)
        page.goto(f"{live_app.url}/queue/")
        page.locator("#row-q_00000001 form.approve-form button").click()
        page.wait_for_load_state()
        assert "Approved q_00000001" in page.locator("#messages").inner_text()
        page.locator("#row-q_00000002 select[name=reason]").select_option("spam")
        page.locator("#row-q_00000002 form.reject-form button").click()
        page.wait_for_load_state()
        venus = "“Is Venus the hottest planet in the Solar System?”"
        said = f"Rejected q_00000002 {venus}: Spam or nonsense."
        assert said in page.locator("#messages").inner_text()
        assert page.locator(ROWS).count() == 1
        screenshot(page, "moderation-nojs-after")
    finally:
        context.close()


def test_an_odd_submission_id_is_reviewable_and_approvable_in_the_browser(page, sign_in, live_app):
    """An id with "/" and a space (read from the table) neither breaks the queue nor its row."""
    seed_categories("general", "geography", "science")
    odd = "odd/id with space"
    put_game_item(
        tables.SUBMISSIONS,
        game_submission(
            odd, submitted_at=1_764_000_000, question="Is this odd id approvable from the queue?"
        ),
    )
    put_game_item(tables.SUBMISSIONS, game_submission("q_00000002", submitted_at=1_764_000_060))
    synced()
    sign_in("moderator", "mona")
    page.goto(f"{live_app.url}/queue/")
    rows = page.locator(ROWS)
    expect(rows).to_have_count(2)
    assert rows.first.get_attribute("data-submission-id") == odd
    # Open its review from the row link (the server decodes the path once: the id arrives whole).
    rows.first.locator("a.review-link").click()
    expect(page.locator("h1")).to_contain_text("Review")
    expect(page.locator("body")).to_contain_text("Is this odd id approvable from the queue?")
    page.go_back()
    # Approve it from the queue with htmx: its row leaves, the other stays.
    page.locator(ROWS).first.locator("form.approve-form button").click()
    expect(page.locator(ROWS)).to_have_count(1)
    expect(page.locator("#messages")).to_contain_text(f"Approved {odd}")
    screenshot(page, "moderation-odd-id-approved")
    assert submissions.get(odd).status == "approved"


def test_arriving_at_the_queue_marks_the_first_row_without_scrolling_the_header_away(
    page, sign_in, live_app
):
    _seed()
    sign_in("moderator", "mona")
    page.set_viewport_size({"width": 1024, "height": 450})  # the first row below the fold
    page.goto(f"{live_app.url}/queue/")
    first = page.locator(ROWS).first
    expect(first).to_have_attribute("aria-current", "true")
    assert page.evaluate("window.scrollY") == 0
    page.keyboard.press("j")  # a move of the moderator's scrolls to the row it marks
    expect(page.locator(ROWS).nth(1)).to_have_attribute("aria-current", "true")
    expect(page.locator(ROWS).nth(1)).to_be_in_viewport(ratio=0.95)


def test_after_approving_on_the_review_page_the_next_tabs_are_its_message(page, sign_in, live_app):
    # The focus was left on the page itself: Undo was a dozen navigation links away.
    _seed()
    sign_in("moderator", "mona")
    page.goto(f"{live_app.url}/queue/q_00000002/")
    page.get_by_test_id("approve").click()
    said = page.get_by_test_id("undo-message")
    expect(said).to_contain_text("Approved q_00000002")
    expect(said).to_be_focused()
    page.keyboard.press("Tab")
    expect(said.get_by_test_id("new-question-link")).to_be_focused()
    page.keyboard.press("Tab")
    expect(said.get_by_test_id("message-undo")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#messages")).to_contain_text("Undone")
    screenshot(page, "moderation-review-approve-undo-by-keyboard")
    assert submissions.get("q_00000002").status == "pending"
