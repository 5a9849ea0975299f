"""Chromium: a destructive action's confirmation opens on Cancel, so the key that opened it
can't also confirm it; the focus goes back to the button."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.questions import make_question, seed
from truthbyte_admin.data import questions as questions_repo


def test_enter_twice_on_retire_cancels_instead_of_retiring(page, sign_in, live_app):
    seed(make_question("k01", ["science"], 2))
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/questions/k01/")
    retire = page.get_by_role("button", name="Retire question…")
    retire.focus()

    page.keyboard.press("Enter")
    dialog = page.locator("dialog.confirm-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()
    page.keyboard.press("Enter")

    expect(dialog).to_be_hidden()
    expect(retire).to_be_focused()
    assert questions_repo.get("k01", consistent=True).id == "k01"  # still live
