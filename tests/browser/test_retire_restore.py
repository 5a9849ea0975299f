"""Chromium: the retire dialog names the daily days it changes; retire → restore leaves the
game's tables exactly as they were."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.browser import screenshot
from tests.support.invariants import assert_index_and_counts_exact
from tests.support.questions import make_question, seed
from tests.support.snapshots import game_question_tables
from truthbyte_admin.core.clock import utc_today
from truthbyte_admin.domain.daily_impact import pool_change_impact


def _seed_pool() -> list[str]:
    questions = [
        make_question(f"p{n:02d}", ["science"] if n % 2 else ["history"], 1 + n % 4)
        for n in range(24)
    ]
    seed(*questions)
    from truthbyte_admin.data import questions as questions_repo

    return [q.id for q in questions_repo.scan_daily_pool()]


def test_retire_dialog_names_the_days_then_restore_puts_everything_back(page, sign_in, live_app):
    pool_ids = _seed_pool()
    today = utc_today()
    # A question in today's set: the dialog must say so and name the days.
    impacts = {
        qid: pool_change_impact(
            pool_ids, question_id=qid, in_pool_after=False, start=today, days=30
        )
        for qid in pool_ids
    }
    qid = next(q for q, impact in impacts.items() if today in impact.question_days)
    expected_days = impacts[qid].changed_days
    before = game_question_tables()
    sign_in("editor", "eddie")

    page.goto(f"{live_app.url}/questions/{qid}/")
    page.get_by_role("button", name="Retire question…").click()
    dialog = page.locator("dialog.confirm-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_test_id("impact-summary")).to_contain_text("In today’s set and on")
    days = dialog.get_by_test_id("impact-days").locator("li")
    expect(days).to_have_count(len(expected_days))
    assert today.strftime("%Y-%m-%d") in days.first.inner_text()
    for day in expected_days:
        expect(dialog.get_by_test_id("impact-days")).to_contain_text(day.strftime("%Y-%m-%d"))
    screenshot(page, "retire-dialog-daily-impact")
    dialog.get_by_role("button", name="Yes, retire it").click()
    page.get_by_text(f"Retired question {qid}").wait_for()
    # The message links to where the copy can be restored.
    link = page.locator(".message").get_by_role("link", name="Retired questions")
    expect(link).to_have_attribute("href", "/questions/retired/")
    # The focus is on the message (it had stayed on the page itself): the next Tab restores.
    expect(page.locator("#messages .message").first).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_test_id("restore-just-retired")).to_be_focused()

    page.goto(f"{live_app.url}/questions/{qid}/")
    expect(page.get_by_test_id("retired-notice")).to_contain_text("eddie")
    expect(page.get_by_test_id("retired-notice")).to_contain_text("UTC")
    screenshot(page, "retired-question-page")

    page.goto(f"{live_app.url}/questions/retired/")
    row = page.locator(f"[data-testid=retired-row][data-question-id='{qid}']")
    expect(row).to_be_visible()
    screenshot(page, "retired-list")
    row.get_by_role("button", name="Restore…").click()
    page.locator("dialog.confirm-dialog [data-confirm-yes]").click()
    page.get_by_text(f"Restored question {qid} exactly as it was stored").wait_for()
    screenshot(page, "restored-question")

    assert game_question_tables() == before
    assert_index_and_counts_exact()


def test_check_daily_set_impact_in_the_editor(page, sign_in, live_app):
    pool_ids = _seed_pool()
    sign_in("editor", "eddie")
    qid = pool_ids[0]
    page.goto(f"{live_app.url}/questions/{qid}/")
    page.select_option("#id_difficulty", "5")
    page.get_by_role("button", name="Check daily-set impact").click()
    panel = page.get_by_test_id("daily-impact-panel")
    expect(panel.get_by_test_id("daily-impact")).to_have_attribute("data-impact-kind", "leaves")
    screenshot(page, "editor-daily-impact")
    # Nothing was saved.
    from truthbyte_admin.data import questions as questions_repo

    assert questions_repo.get(qid).difficulty != 5


def test_the_restore_dialog_opens_on_its_question_with_a_button_that_is_not_red(
    page, sign_in, live_app
):
    """Thirty days of "maybe" under the question: they scroll inside the dialog, the question
    and the buttons stay in view at 1024×768, and putting a question back is not styled as a
    destructive action."""
    from truthbyte_admin.data import questions as questions_repo
    from truthbyte_admin.questions import services as question_services

    qid = _seed_pool()[0]
    question_services.retire_question(
        question_id=qid, loaded_version=questions_repo.get(qid).version, actor="eddie"
    )
    page.set_viewport_size({"width": 1024, "height": 768})
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/questions/{qid}/")
    page.get_by_role("button", name="Restore question…").click()
    dialog = page.locator("dialog.confirm-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("[data-confirm-no]")).to_be_focused()
    question = dialog.locator("#confirm-dialog-text")
    expect(question).to_contain_text(f"Restore question {qid}")
    expect(question).to_be_in_viewport()
    expect(dialog.locator("[data-confirm-yes]")).to_be_in_viewport()
    assert dialog.evaluate("d => d.scrollTop") == 0
    expect(dialog.locator("[data-confirm-yes]")).to_have_class("button primary")
    screenshot(page, "restore-dialog-1024")
    dialog.locator("[data-confirm-no]").click()
    # A retire's confirmation stays red.
    page.goto(f"{live_app.url}/questions/{_seed_pool_ids_left()[0]}/")
    page.get_by_role("button", name="Retire question…").click()
    expect(page.locator("dialog.confirm-dialog [data-confirm-yes]")).to_have_class("button danger")


def _seed_pool_ids_left() -> list[str]:
    from truthbyte_admin.data import questions as questions_repo

    return [q.id for q in questions_repo.scan_daily_pool()]


def test_restoring_a_copy_whose_id_is_in_use_again_is_not_offered(page, sign_in, live_app):
    """Its id re-imported since: pressing Restore… in the list (before the staff index knows)
    opens the page saying it would be refused and why, never a dialog with "Yes, restore it";
    once the index knows, the row says "id in use again" and links the question."""
    from tests.support.questions import put_game_question
    from truthbyte_admin.data import questions as questions_repo
    from truthbyte_admin.questions import services as question_services
    from truthbyte_admin.staffindex.build import rebuild

    qid = _seed_pool()[0]
    question_services.retire_question(
        question_id=qid, loaded_version=questions_repo.get(qid).version, actor="eddie"
    )
    put_game_question({"id": qid, "question": "Re-imported on an old id?"})  # index not told
    before = game_question_tables()
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/questions/retired/")
    row = page.locator(f"[data-testid=retired-row][data-question-id='{qid}']")
    row.get_by_role("button", name="Restore…").click()
    refused = page.get_by_test_id("restore-refused")
    expect(refused).to_contain_text(f"Question {qid} can't be restored now")
    expect(refused.get_by_test_id("restore-id-in-use")).to_contain_text("used by another question")
    expect(page.locator("dialog.confirm-dialog[open]")).to_have_count(0)
    expect(page.get_by_role("button", name="Yes, restore it")).to_have_count(0)
    expect(page.get_by_test_id("daily-impact")).to_have_count(0)
    expect(refused.get_by_test_id("question-using-id")).to_have_attribute(
        "href", f"/questions/{qid}/"
    )
    screenshot(page, "restore-refused-id-in-use")

    rebuild()  # what the staff index's sync does
    page.goto(f"{live_app.url}/questions/retired/")
    badge = row.get_by_test_id("id-in-use-again")
    expect(badge).to_have_text("id in use again")
    expect(badge).to_have_attribute("href", f"/questions/{qid}/")
    screenshot(page, "retired-list-id-in-use-again")
    row.get_by_role("link", name="Restore…").click()
    expect(page.get_by_test_id("restore-refused")).to_be_visible()
    assert game_question_tables() == before


def test_the_retire_dialog_says_when_the_form_above_has_unsaved_changes(page, sign_in, live_app):
    # Retiring from the editor with a changed title had dropped the change without a word.
    seed(make_question("u1", ["science"], 2))
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/questions/u1/")
    page.get_by_role("button", name="Retire question…").click()
    dialog = page.locator("dialog.confirm-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).not_to_contain_text("is not saved")
    dialog.get_by_role("button", name="Cancel").click()

    page.get_by_label("Title").fill("A title not saved yet")
    page.get_by_role("button", name="Retire question…").click()
    expect(dialog).to_contain_text(
        "What you changed in the form above is not saved: retiring leaves it out. To keep it, "
        "Cancel and save it first."
    )
    screenshot(page, "retire-dialog-unsaved-changes")
    dialog.get_by_role("button", name="Cancel").click()
    expect(page.get_by_label("Title")).to_have_value("A title not saved yet")  # kept
