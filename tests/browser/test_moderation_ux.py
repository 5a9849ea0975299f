"""Issue 14 in Chromium: undo, the duplicate guard, text as written, dialogs, shortcuts, axe."""

from __future__ import annotations

from django.core.cache import cache
from playwright.sync_api import expect

from tests.support.axe import axe_violations
from tests.support.browser import screenshot
from tests.support.index import synced
from tests.support.invariants import assert_index_and_counts_exact
from tests.support.moderation import (
    BORON,
    category_count,
    game_submission,
    put_boron_question,
    put_game_item,
    raw_item,
    seed_categories,
)
from truthbyte_admin.data import questions, submissions, tables
from truthbyte_admin.data.transactions import Transaction

ROWS = "table[data-queue] tbody tr[data-submission-id]"
HEBREW = "האם ירושלים היא בירת ישראל?"
ARABIC = "هل القاهرة عاصمة مصر؟"
LONG = "Is this a very long submission? " + "Lorem ipsum dolor sit amet. " * 70


def _seed(*extra: dict) -> None:
    cache.clear()
    seed_categories("general", "geography", "science", "history")
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
    for item in extra:
        put_game_item(tables.SUBMISSIONS, item)
    synced()  # the queue lists from the staff index


def _state() -> dict:
    return {
        "questions": sorted(q.id for q in questions.scan_all()),
        "index": sorted((e.category, e.question_id) for e in questions.scan_index()),
        "counts": {s: category_count(s) for s in ("general", "geography", "science")},
        "submission": raw_item(tables.SUBMISSIONS, {"id": "q_00000001"}),
    }


def _no_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def _axe(page) -> list[dict]:
    return axe_violations(page, impacts=("serious", "critical"))


def test_approve_then_undo_from_the_toast_restores_exactly_and_is_refused_after_an_edit(
    page,
    sign_in,
    live_app,
):
    _seed()
    before = _state()
    sign_in("moderator", "mona")
    page.goto(f"{live_app.url}/queue/")
    expect(page.locator("[data-testid=pending-badge]")).to_contain_text("2")
    page.locator("#row-q_00000001 form.approve-form button").click()
    # The row becomes a toast in place, with Undo; the live region says the same.
    toast = page.locator("#toast-q_00000001")
    expect(toast).to_contain_text(
        "Approved q_00000001 “Is the Pacific the largest ocean on Earth?”: it is now question q_"
    )
    expect(page.locator("#messages")).to_contain_text("Approved q_00000001")
    assert page.locator("#messages").get_attribute("aria-live") == "polite"
    # The navigation badge and the queue's count reload after the action.
    expect(page.locator("[data-testid=pending-badge] strong")).to_have_text("1")
    expect(page.locator("[data-testid=pending-count] strong")).to_have_text("1")
    screenshot(page, "moderation-ux-toast")
    assert _state() != before
    toast.locator("[data-testid=toast-undo]").click()
    expect(page.locator("#row-q_00000001")).to_be_visible()
    expect(page.locator("#row-q_00000001")).to_be_focused()
    expect(page.locator("#messages")).to_contain_text("Undone: q_00000001 is pending again")
    expect(page.locator("[data-testid=pending-badge] strong")).to_have_text("2")
    assert _state() == before
    assert_index_and_counts_exact()

    # Approve again; an editor edits the new question; Undo is refused and says why.
    page.locator("#row-q_00000001 form.approve-form button").click()
    expect(page.locator("#toast-q_00000001")).to_be_visible()
    question = questions.get(submissions.get("q_00000001").approved_question_id)
    tx = Transaction()
    questions.add_question_change(
        tx,
        before=question,
        after=questions.Question(
            **{**question.__dict__, "question": "Is the Pacific Ocean the largest one on Earth?"}
        ),
    )
    tx.execute()
    page.locator("#toast-q_00000001 [data-testid=toast-undo]").click()
    refused = page.locator("#toast-q_00000001").get_by_test_id("htmx-problem")  # beside Undo
    expect(refused).to_contain_text("was edited after the approval")
    # Refused for good: the button no longer offers the same refusal, and the focus that was
    # on it is on its toast (not lost to the page); the top message's Undo closes with it.
    undo = page.locator("#toast-q_00000001 [data-testid=toast-undo]")
    expect(undo).to_be_disabled()
    expect(undo).to_have_text("Undo no longer possible")
    expect(page.locator("#toast-q_00000001")).to_be_focused()
    expect(page.locator("#messages form.undo-form button")).to_be_disabled()
    assert submissions.get("q_00000001").status == "approved"
    assert_index_and_counts_exact()


def test_a_95_percent_similar_submission_needs_approve_anyway(page, sign_in, live_app):
    _seed(
        game_submission(
            "q_b0r00001", submitted_at=1_764_000_120, question="Is B the chemical symbol of boron?"
        )
    )
    put_boron_question()
    sign_in("moderator", "mona")
    # The queue row warns, naming the existing question; the warning arriving in its row
    # leaves the page where it was (the first row is below the fold here).
    page.set_viewport_size({"width": 1024, "height": 450})
    page.goto(f"{live_app.url}/queue/")
    warning = page.locator("#row-q_b0r00001 [data-testid=duplicate-warning]")
    expect(warning).to_contain_text("dq00179")
    assert page.evaluate("window.scrollY") == 0
    page.set_viewport_size({"width": 1024, "height": 800})
    # The review page warns in its action bar; "a" alone does not approve: as in the queue, it
    # goes to "Approve anyway", which Enter presses.
    page.goto(f"{live_app.url}/queue/q_b0r00001/")
    bar = page.locator("[data-testid=action-bar]")
    expect(bar.locator("[data-testid=duplicate-warning]")).to_contain_text("dq00179")
    assert page.locator("[data-testid=approve]").count() == 0
    page.locator("body").press("a")
    expect(bar.locator("[data-testid=approve-anyway]")).to_be_focused()
    assert submissions.get("q_b0r00001").status == "pending"
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url.rstrip("/").endswith("/queue"))
    assert submissions.get("q_b0r00001").status == "approved"


def test_reject_as_duplicate_from_the_queue_stores_the_id(page, sign_in, live_app):
    _seed(game_submission("q_b0r00002", submitted_at=1_764_000_120, question=BORON))
    put_boron_question()
    sign_in("moderator", "mona")
    page.goto(f"{live_app.url}/queue/")
    page.locator("#row-q_b0r00002 [data-testid=reject-duplicate]").click()
    expect(page.locator("#toast-q_b0r00002")).to_contain_text(
        "Rejected q_b0r00002 “Is B the chemical symbol for boron?”: Duplicate of existing question "
        "dq00179"
    )
    stored = submissions.get("q_b0r00002")
    assert stored.status == "rejected"
    assert stored.reviewer_notes == "Duplicate of existing question dq00179"


def test_rtl_and_long_text_as_written_and_no_horizontal_scroll_at_1024(page, sign_in, live_app):
    _seed(
        game_submission("q_4eb00001", submitted_at=1_764_000_120, question=HEBREW, title=ARABIC),
        game_submission("q_10n90001", submitted_at=1_764_000_180, question=LONG),
    )
    sign_in("moderator", "mona")
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"{live_app.url}/queue/")
    link = page.locator("#row-q_4eb00001 a.review-link")
    assert link.get_attribute("dir") == "auto"
    assert link.evaluate("el => getComputedStyle(el).direction") == "rtl"
    # Long text is clamped in the list, with "show all".
    long_row = page.locator("#row-q_10n90001")
    assert long_row.bounding_box()["height"] < 400
    long_row.locator("details.show-all summary").click()
    expect(long_row.locator("details.show-all .full-text")).to_be_visible()
    assert _no_horizontal_scroll(page)
    width = page.locator("table.queue th:nth-child(3)").bounding_box()["width"]
    assert width > 250  # the question column keeps a readable width
    screenshot(page, "moderation-ux-queue-1024")
    page.goto(f"{live_app.url}/queue/q_4eb00001/")
    assert _no_horizontal_scroll(page)
    for selector in ("[data-testid=question]", "#id_question", "#id_title"):
        element = page.locator(selector)
        assert element.get_attribute("dir") == "auto", selector
        assert element.evaluate("el => getComputedStyle(el).direction") == "rtl", selector
    # The action bar is at the top and stays there while scrolling.
    page.mouse.wheel(0, 1500)
    page.wait_for_timeout(200)
    bar = page.locator("[data-testid=action-bar]").bounding_box()
    assert bar["y"] <= 5
    screenshot(page, "moderation-ux-review-1024")
    page.goto(f"{live_app.url}/queue/q_10n90001/")
    assert _no_horizontal_scroll(page)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_app.url}/queue/")
    screenshot(page, "moderation-ux-queue-1440")
    page.goto(f"{live_app.url}/queue/q_4eb00001/")
    screenshot(page, "moderation-ux-review-1440")


def test_tab_stays_in_the_dialog_and_focus_returns_to_the_row(page, sign_in, live_app):
    _seed()
    sign_in("moderator", "mona")
    page.goto(f"{live_app.url}/queue/")
    page.locator("body").press("j")
    expect(page.locator("#row-q_00000002")).to_be_focused()
    page.keyboard.press("?")
    dialog = page.locator("#help-overlay")
    expect(dialog).to_be_visible()
    assert dialog.evaluate("el => el.tagName") == "DIALOG"
    for _ in range(6):
        page.keyboard.press("Tab")
        assert page.evaluate(
            "document.getElementById('help-overlay').contains(document.activeElement)"
        )
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.getElementById('help-overlay').contains(document.activeElement)")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator("#row-q_00000002")).to_be_focused()

    # The reject dialog: nothing preselected; "Other" without text shows why, and rejects nothing.
    page.keyboard.press("r")
    reject = page.locator("#reject-dialog")
    expect(reject).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("[data-testid=reject-dialog-error]")).to_contain_text("Choose a reason")
    page.locator("#reject-dialog-reason").select_option("other")
    page.locator("#reject-dialog-reason").press("Enter")
    expect(page.locator("[data-testid=reject-dialog-error]")).to_contain_text("Type the reason")
    for _ in range(8):
        page.keyboard.press("Tab")
        assert page.evaluate(
            "document.getElementById('reject-dialog').contains(document.activeElement)"
        )
    page.keyboard.press("Escape")
    expect(page.locator("#row-q_00000002")).to_be_focused()
    assert submissions.get("q_00000002").status == "pending"


def test_a_reason_the_server_refuses_opens_the_dialog_again_with_the_typing(
    page, sign_in, live_app
):
    # The dialog had closed and the typed reason was lost; only a line beside the row said why.
    _seed()
    sign_in("moderator", "mona")
    page.goto(f"{live_app.url}/queue/")
    page.locator("body").press("j")
    page.keyboard.press("r")
    page.locator("#reject-dialog-reason").select_option("other")
    page.locator("#reject-dialog-text").fill("Reversed \u202etext")
    page.locator("#reject-dialog-notes").fill("Thanks for playing")
    page.locator("#reject-dialog-text").press("Enter")

    error = page.locator("[data-testid=reject-dialog-error]")
    expect(error).to_contain_text("U+202E")
    expect(page.locator("#reject-dialog")).to_be_visible()
    expect(page.locator("#reject-dialog-text")).to_be_focused()
    expect(page.locator("#reject-dialog-text")).to_have_value("Reversed \u202etext")
    expect(page.locator("#reject-dialog-notes")).to_have_value("Thanks for playing")
    rejecting = page.locator("#reject-dialog").get_attribute("data-for")
    page.locator("#reject-dialog-text").fill("Reversed text")
    page.locator("#reject-dialog-text").press("Enter")
    expect(page.locator("#reject-dialog")).to_be_hidden()
    expect(page.locator(f"#toast-{rejecting}")).to_be_visible()
    assert submissions.get(rejecting).rejection_reason == "Reversed text"


def test_with_shortcuts_off_a_does_nothing_and_it_stays_off(page, sign_in, live_app):
    _seed()
    sign_in("moderator", "mona")
    page.goto(f"{live_app.url}/queue/")
    page.locator("[data-testid=shortcuts-off]").click()
    page.wait_for_load_state()
    expect(page.locator("#messages")).to_contain_text("Keyboard shortcuts are off")
    assert page.locator("[data-testid=kbd-hint]").count() == 0
    page.reload()  # persisted with the account, not the page
    page.locator("body").press("a")
    page.keyboard.press("?")
    page.wait_for_timeout(300)
    expect(page.locator(ROWS)).to_have_count(2)
    expect(page.locator("#help-overlay")).to_be_hidden()
    assert submissions.get("q_00000001").status == "pending"
    page.locator("[data-testid=shortcuts-on]").click()
    page.wait_for_load_state()
    page.locator("body").press("a")
    expect(page.locator("#toast-q_00000001")).to_be_visible()
    page.keyboard.press("u")  # undo the last review from the keyboard
    expect(page.locator("#row-q_00000001")).to_be_focused()
    assert submissions.get("q_00000001").status == "pending"


def test_support_staff_see_no_shortcut_hints(page, sign_in, live_app):
    _seed()
    sign_in("support", "sam")
    page.goto(f"{live_app.url}/queue/")
    assert page.locator("[data-testid=kbd-hint]").count() == 0
    assert page.locator("#moderation-settings").get_attribute("data-shortcuts") == "off"
    page.goto(f"{live_app.url}/queue/q_00000001/")
    assert page.locator("main kbd").count() == 0
    assert page.locator("[data-testid=action-bar]").count() == 0
    expect(page.locator("[data-testid=read-only]")).to_be_visible()


def test_bulk_keeps_the_selection_on_error_and_counts_it(page, sign_in, live_app):
    _seed()
    sign_in("moderator", "mona")
    page.goto(f"{live_app.url}/queue/")
    page.locator("#row-q_00000001 input.row-select").check()
    page.locator("#row-q_00000002 input.row-select").check()
    expect(page.locator("[data-testid=bulk-count]")).to_have_text("2 selected")
    page.locator("#bulk-form button[value=reject]").click()
    expect(page.locator("[data-testid=bulk-error]")).to_contain_text("Choose a reason")
    expect(page.locator("#row-q_00000001 input.row-select")).to_be_checked()
    expect(page.locator("#row-q_00000002 input.row-select")).to_be_checked()
    # Fixed at once: the refused submit did not count as sent, so this one goes.
    page.locator("#bulk-reason").select_option(index=1)
    page.locator("#bulk-form button[value=reject]").click()
    page.wait_for_url("**/queue/bulk/**")
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("bulk-results")).to_contain_text("Rejected")

    # Undo one in place: its row says so and takes the focus; the results page stays.
    page.get_by_role("button", name="Undo for q_00000001").click()
    undone = page.get_by_test_id("bulk-undone")
    expect(undone).to_contain_text("q_00000001")
    expect(undone).to_be_focused()
    expect(page.locator("#messages")).to_contain_text("Undone: q_00000001 is pending again")
    expect(page.get_by_role("button", name="Undo for q_00000002")).to_be_visible()
    expect(page.locator("[data-testid=pending-badge] strong")).to_have_text("1")
    screenshot(page, "bulk-results-undo-in-place")
    assert submissions.get("q_00000001").status == "pending"
    assert submissions.get("q_00000002").status == "rejected"

    # Undone meanwhile in another tab: this row's Undo is refused for good. It says why beside
    # the button, which stops offering itself (to a screen reader too), and the focus moves to
    # what was said, not to the page.
    from truthbyte_admin.moderation import services

    services.undo_review(submission_id="q_00000002", actor="mona")
    page.get_by_role("button", name="Undo for q_00000002").click()
    said = page.get_by_test_id("htmx-problem")
    expect(said).to_contain_text("undone since, in another tab or by someone else")
    expect(said).to_be_focused()
    closed = page.get_by_role("button", name="Undo no longer possible for q_00000002")
    expect(closed).to_be_disabled()
    expect(closed).to_have_text("Undo no longer possible")


def test_axe_finds_no_serious_or_critical_violations(browser, live_app, transactional_db):
    from tests.conftest import STAFF_PASSWORD, _make_staff

    # axe is injected as an inline script, which our strict CSP rightly blocks: bypass it here.
    context = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
    page = context.new_page()
    try:
        _axe_pages(page, live_app, _make_staff("mona", "moderator"), STAFF_PASSWORD)
    finally:
        context.close()


def _axe_pages(page, live_app, user, password):
    page.goto(f"{live_app.url}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)
    _seed(
        game_submission("q_b0r00003", submitted_at=1_764_000_120, question=BORON),
        game_submission("q_4eb00002", submitted_at=1_764_000_180, question=HEBREW),
    )
    put_boron_question()
    page.goto(f"{live_app.url}/queue/")
    expect(page.locator("#row-q_b0r00003 [data-testid=duplicate-warning]")).to_be_visible()
    expect(page.locator("[data-testid=pending-badge]")).to_be_visible()
    assert _axe(page) == [], "queue"
    page.goto(f"{live_app.url}/queue/q_b0r00003/")
    assert _axe(page) == [], "review"
    page.goto(f"{live_app.url}/queue/")
    page.locator("#row-q_00000001 input.row-select").check()
    page.locator("#row-q_b0r00003 input.row-select").check()
    page.locator("#bulk-form button[value=approve]").click()
    page.wait_for_url("**/queue/bulk/*/")
    expect(page.locator("[data-testid=bulk-selection]")).to_be_visible()
    screenshot(page, "moderation-ux-bulk-confirm")
    assert _axe(page) == [], "bulk confirmation"
    page.locator("[data-testid=confirm]").click()
    expect(page.locator("[data-testid=bulk-results]")).to_be_visible()
    assert _axe(page) == [], "bulk results"


def test_destructive_confirmations_are_a_native_dialog_not_window_confirm(page, sign_in, live_app):
    _seed()
    sign_in("moderator", "mona")
    page.goto(f"{live_app.url}/queue/q_00000001/")
    page.on("dialog", lambda d: (_ for _ in ()).throw(AssertionError("window.confirm used")))
    page.locator("#reject_reason").select_option("spam")
    page.locator("[data-testid=reject]").click()
    confirm = page.locator("dialog.confirm-dialog")
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text("Reject this submission?")
    for _ in range(4):
        page.keyboard.press("Tab")
        assert page.evaluate(
            "document.querySelector('dialog.confirm-dialog').contains(document.activeElement)"
        )
    page.keyboard.press("Escape")  # cancel: nothing happens, the focus is back on the button
    expect(confirm).to_be_hidden()
    expect(page.locator("[data-testid=reject]")).to_be_focused()
    assert submissions.get("q_00000001").status == "pending"
    page.locator("[data-testid=reject]").click()
    confirm.locator("[data-confirm-yes]").click()
    page.wait_for_url(lambda url: url.rstrip("/").endswith("/queue"))
    assert submissions.get("q_00000001").rejection_reason == "Spam or nonsense"


def test_a_mouse_reject_in_a_row_leaves_the_focus_on_the_queue(page, sign_in, live_app):
    _seed()
    sign_in("moderator", "mona")
    page.goto(f"{live_app.url}/queue/")
    row = page.locator("#row-q_00000001")
    row.get_by_label("Reason to reject submission q_00000001").select_option("spam")
    row.get_by_role("button", name="Reject").click()
    expect(page.locator("#toast-q_00000001")).to_contain_text("Rejected q_00000001")
    # The button that was clicked went with its row: the focus moves to the next submission,
    # as after a keyboard reject, not back to the top of the page.
    expect(page.locator("#row-q_00000002")).to_be_focused()
    page.keyboard.press("k")  # and the queue's keys carry on from there
    expect(page.locator("#row-q_00000002")).to_have_attribute("aria-current", "true")
