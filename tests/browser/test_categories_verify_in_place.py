""" "Verify now" in place, in Chromium: what the check finds shows on the dashboard's cards and
rows at once, without a reload, and a display name being typed in a rename field is left as it
is (the answer swaps only the elements that show figures)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support import game_writes as game
from tests.support.questions import make_question, seed
from truthbyte_admin.data import tables
from truthbyte_admin.staffindex import sync
from truthbyte_admin.staffindex.build import rebuild


def test_verify_now_updates_cards_and_rows_and_keeps_what_is_typed(page, sign_in, live_app):
    seed(
        *[make_question(f"dq{n:05}", ["space"], 1 + n % 5) for n in range(12)],
        *[make_question(f"ar{n}", ["art"], 2) for n in range(11)],
    )
    rebuild()
    sync.sync_once()
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/categories/")
    space = page.locator("#cat-space")
    expect(space.get_by_test_id("actual")).to_have_text("12")
    expect(page.get_by_test_id("lists-count")).to_have_count(0)
    page.locator("#name-art").fill("Fine art (draft)")  # typed, not sent

    # Behind the page's back: the game's space list loses an entry.
    game.delete(tables.QUESTION_CATEGORIES, {"category": "space", "question_id": "dq00004"})
    page.evaluate("window.loadedOnce = true")  # gone if the page were reloaded
    page.get_by_role("button", name="Verify now").click()
    expect(
        page.get_by_test_id("check-progress").or_(page.get_by_test_id("check-result"))
    ).to_be_visible()
    # Typing while the check runs: its last answer arrives meanwhile.
    typing = page.locator("#name-space")
    typing.click()
    typing.fill("")
    typing.press_sequentially("Outer sp")

    expect(page.get_by_test_id("check-lists")).to_contain_text(
        "1 question tagged “Space” is missing", timeout=15_000
    )
    # The cards and the row show it, without a reload.
    expect(page.get_by_test_id("lists-count")).to_have_text("1")
    expect(space.get_by_test_id("listed")).to_have_text("11 in the game's list")
    expect(space.get_by_test_id("list-problem")).to_be_visible()
    expect(page.get_by_test_id("repair-all")).to_contain_text("Repair lists and stored counts (1)")
    assert page.evaluate("window.loadedOnce") is True
    # What was typed is still there, and typing goes on where it was.
    expect(page.locator("#name-art")).to_have_value("Fine art (draft)")
    expect(typing).to_have_value("Outer sp")
    expect(typing).to_be_focused()
    typing.press_sequentially("ace")
    expect(typing).to_have_value("Outer space")

    # The repair's confirmation lists what the check found (its plan came with the figures).
    page.get_by_test_id("repair-all").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("missing from the game's “Space” list")
    dialog.get_by_role("button", name="Cancel").click()
