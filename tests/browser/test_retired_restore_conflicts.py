"""Chromium: the retired list's Restore dialog shows the same daily-set lines as the question
page's; a copy a colleague restored meanwhile is reported as restored, by whom, with a link."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.browser import screenshot
from tests.support.questions import make_question, retire, seed
from truthbyte_admin.retired import services as retired_services


def _world():
    seed(*[make_question(f"p{n:02d}", ["science"], 1 + n % 4) for n in range(1, 21)])


def test_the_lists_restore_dialog_shows_the_daily_sets_like_the_question_page(
    page, sign_in, live_app
):
    _world()
    retire("p06")
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/questions/p06/")
    page.get_by_role("button", name="Restore question…").click()
    dialog = page.locator("dialog.confirm-dialog")
    expected = dialog.get_by_test_id("impact-summary").inner_text()
    assert expected
    dialog.get_by_role("button", name="Cancel").click()

    page.goto(f"{live_app.url}/questions/retired/")
    row = page.locator("[data-testid=retired-row][data-question-id='p06']")
    row.get_by_role("button", name="Restore…").click()
    expect(dialog).to_be_visible()
    expect(dialog.get_by_test_id("impact-summary")).to_have_text(expected)
    assert page.evaluate("document.querySelector('dialog[open]').contains(document.activeElement)")
    expect(dialog.locator("[data-confirm-yes]")).to_have_text("Yes, restore it")
    screenshot(page, "retired-list-restore-dialog")
    dialog.get_by_role("button", name="Cancel").click()
    expect(row.get_by_role("button", name="Restore…")).to_be_focused()

    row.get_by_role("button", name="Restore…").click()
    dialog.locator("[data-confirm-yes]").click()
    page.get_by_text("Restored question p06 exactly as it was stored").wait_for()


def test_restoring_what_a_colleague_restored_meanwhile_says_who(page, sign_in, live_app):
    _world()
    copy = retire("p07")
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/questions/retired/")
    row = page.locator("[data-testid=retired-row][data-question-id='p07']")
    expect(row).to_be_visible()
    # Meanwhile a colleague restores it.
    retired_services.restore_question(question_id="p07", retired_key=copy.retired_key, actor="ana")

    row.get_by_role("button", name="Restore…").click()
    message = page.locator(".message").filter(has_text="already restored by ana")
    expect(message).to_be_visible()
    expect(message).to_contain_text("UTC; nothing more was changed.")
    expect(page.locator(".message").filter(has_text="no retired copy")).to_have_count(0)
    screenshot(page, "retired-list-already-restored")
    message.get_by_role("link", name="Open question p07").click()
    expect(page.locator("h1")).to_contain_text("p07")
    expect(page.locator("h1")).not_to_contain_text("retired")
