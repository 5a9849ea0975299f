"""A queue row's reason list in Chromium: it offers only reasons the row can complete. "Other"
needs typed text and the row has no field for it, so a keyboard user typing "o" (for
"Offensive…") lands on "Offensive or inappropriate", not on a dead end; the reject dialog ("r")
still rejects with a typed reason, and a row left in place (the rejection refused) is not left
offering "Other"."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.index import synced
from tests.support.moderation import game_submission, put_game_item, seed_categories
from truthbyte_admin.data import submissions, tables

ROW_REASON = "#row-{} form.reject-form select[name=reason]"


def _seed() -> None:
    seed_categories("general", "geography", "science")
    for n in (1, 2):
        put_game_item(
            tables.SUBMISSIONS,
            game_submission(
                f"q_r000000{n}",
                submitted_at=1_764_000_000 + 60 * n,
                question=f"Is {n} the number this test counts with?",
            ),
        )
    synced()  # the queue lists from the staff index


def _row_choices(page, submission_id: str) -> list[str]:
    return page.locator(ROW_REASON.format(submission_id)).evaluate(
        "el => Array.from(el.options).map(o => o.value)"
    )


def test_typing_o_on_a_row_reason_reaches_offensive_and_rejects(page, sign_in, live_app):
    _seed()
    sign_in("moderator", "mona")
    page.goto(f"{live_app.url}/queue/")
    assert "other" not in _row_choices(page, "q_r0000001")
    assert "other" not in _row_choices(page, "q_r0000002")

    reason = page.locator(ROW_REASON.format("q_r0000001"))
    reason.focus()
    page.keyboard.press("o")
    expect(reason).to_have_value("offensive")
    page.keyboard.press("o")  # again: the next choice starting with "o", if there were one
    expect(reason).to_have_value("offensive")
    page.locator("#row-q_r0000001 form.reject-form button[type=submit]").press("Enter")
    page.locator("#row-q_r0000001").wait_for(state="detached")
    expect(page.locator("#messages")).to_contain_text(
        "Rejected q_r0000001 “Is 1 the number this test counts with?”: Offensive or inappropriate."
    )
    assert submissions.get("q_r0000001").rejection_reason == "Offensive or inappropriate"


def test_the_reject_dialog_still_rejects_with_a_typed_reason(page, sign_in, live_app):
    _seed()
    sign_in("moderator", "mona")
    page.goto(f"{live_app.url}/queue/")
    expect(page.locator("#row-q_r0000001")).to_have_attribute("aria-current", "true")

    # Refused (a typed reason the game can't show as written): the row stays as it was, and its
    # list offers no "Other" afterwards.
    page.keyboard.press("r")
    page.locator("#reject-dialog-reason").select_option("other")
    page.locator("#reject-dialog-text").fill("Wrong\u202eevil")
    page.locator("#reject-dialog-text").press("Enter")
    expect(page.locator("#row-q_r0000001 [data-testid=htmx-problem]")).to_contain_text(
        "Not rejected"
    )
    assert submissions.get("q_r0000001").status == "pending"
    assert "other" not in _row_choices(page, "q_r0000001")

    # Accepted: the typed reason is stored.
    page.locator("#row-q_r0000001").focus()
    page.keyboard.press("r")
    page.locator("#reject-dialog-reason").select_option("other")
    page.locator("#reject-dialog-text").fill("Two questions in one")
    page.locator("#reject-dialog-text").press("Enter")
    page.locator("#row-q_r0000001").wait_for(state="detached")
    rejected = submissions.get("q_r0000001")
    assert rejected.status == "rejected"
    assert rejected.rejection_reason == "Two questions in one"


def test_reject_with_no_reason_chosen_says_so_in_the_apps_words(page, sign_in, live_app):
    # The browser's own bubble had said "Please select an item in the list."
    _seed()
    sign_in("moderator", "mona")
    page.goto(f"{live_app.url}/queue/")
    reason = page.locator(ROW_REASON.format("q_r0000001"))
    page.locator("#row-q_r0000001 form.reject-form button[type=submit]").click()
    assert reason.evaluate("el => el.validationMessage") == (
        "Choose a reason first, then Reject. To type a reason of your own, open the submission."
    )
    assert submissions.get("q_r0000001").status == "pending"
    reason.select_option("offensive")  # chosen: valid again, and it rejects
    assert reason.evaluate("el => el.validationMessage") == ""
    page.locator("#row-q_r0000001 form.reject-form button[type=submit]").click()
    page.locator("#row-q_r0000001").wait_for(state="detached")
    assert submissions.get("q_r0000001").status == "rejected"


def test_the_reject_dialog_still_rejects_after_an_empty_reject_was_refused(page, sign_in, live_app):
    # The dialog sets the row's reason by script (no change event): the row's earlier "Choose a
    # reason first" must not block its submit (review of the change).
    _seed()
    sign_in("moderator", "mona")
    page.goto(f"{live_app.url}/queue/")
    page.locator("#row-q_r0000001 form.reject-form button[type=submit]").click()
    assert page.locator(ROW_REASON.format("q_r0000001")).evaluate("el => el.validationMessage")
    page.locator("#row-q_r0000001").focus()
    page.keyboard.press("r")
    dialog = page.locator("#reject-dialog")
    expect(dialog).to_be_visible()
    dialog.locator("#reject-dialog-reason").select_option("offensive")
    dialog.get_by_role("button", name="Reject").click()
    page.locator("#row-q_r0000001").wait_for(state="detached")
    assert submissions.get("q_r0000001").status == "rejected"
