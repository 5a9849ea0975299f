"""Deleting a category no question is in, from the dashboard, keyboard first: a dialog asks,
the message says what was deleted and takes the focus, and an Undo (the message's, then the
page's own for 10 minutes) puts the category back."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support import game_writes as game
from tests.support.browser import screenshot
from tests.support.questions import make_question, seed
from truthbyte_admin.data import categories as categories_repo
from truthbyte_admin.data import tables
from truthbyte_admin.staffindex.build import rebuild


def test_an_empty_category_is_deleted_after_a_dialog_and_undone_from_the_message(
    page, sign_in, live_app
):
    seed(*[make_question(f"h{n}", ["history"], 2) for n in range(3)])
    key = categories_repo.schema()
    count = "question_count" if key == "category_id" else "count"
    name = "name" if key == "category_id" else "display_name"
    game.put(tables.CATEGORIES, {key: "hist", name: "Hist", count: 0})
    rebuild()
    page.set_viewport_size({"width": 1024, "height": 768})
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/categories/")

    expect(page.locator("#cat-history").get_by_test_id("delete-category")).to_have_count(0)
    delete = page.get_by_role("button", name="Delete the empty category hist")
    delete.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Delete the category “hist”? No question is in it.")
    screenshot(page, "categories-delete-dialog-1024")
    dialog.get_by_role("button", name="Delete").click()

    said = page.get_by_test_id("undo-message")
    expect(said).to_contain_text("Deleted the empty category “hist” (“Hist”).")
    expect(said).to_be_focused()
    expect(page.locator("#cat-hist")).to_have_count(0)
    assert categories_repo.stored_category("hist") is None
    screenshot(page, "categories-deleted-1024")

    page.keyboard.press("Tab")  # the message's Undo is the next stop
    expect(said.get_by_test_id("message-undo")).to_be_focused()
    # Gone with a reload, the message's Undo stays on the page for its 10 minutes.
    page.reload()
    expect(page.get_by_test_id("undo-message")).to_have_count(0)
    kept = page.get_by_test_id("recently-deleted")
    expect(kept).to_contain_text("Deleted in the last 10 minutes")
    screenshot(page, "categories-recently-deleted-1024")
    kept.get_by_role("button", name="Undo: put back hist").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#messages")).to_contain_text("Put back the category “hist” (“Hist”)")
    expect(page.locator("#cat-hist")).to_be_visible()
    assert categories_repo.get("hist").display_name == "Hist"
