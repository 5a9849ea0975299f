"""A category's list in the game's data disagreeing with the questions' tags, in Chromium at
1024 px: "Verify now" names it in staff words, the repair's confirmation lists what it will
change, and afterwards the dashboard, a new check and the home agree."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support import game_writes as game
from tests.support.browser import screenshot
from tests.support.questions import index_entries, make_question, seed
from truthbyte_admin.data import tables
from truthbyte_admin.staffindex import sync
from truthbyte_admin.staffindex.build import rebuild


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_missing_and_an_orphan_entry_are_named_and_put_right(page, sign_in, live_app):
    seed(
        *[make_question(f"dq{n:05}", ["space"], 1 + n % 5) for n in range(12)],
        *[make_question(f"ar{n}", ["art"], 2) for n in range(11)],
    )
    rebuild()
    sync.sync_once()
    game.delete(tables.QUESTION_CATEGORIES, {"category": "space", "question_id": "dq00004"})
    game.put(tables.QUESTION_CATEGORIES, {"category": "art", "question_id": "zz_orphan"})
    page.set_viewport_size({"width": 1024, "height": 768})
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/categories/")

    page.get_by_role("button", name="Verify now").click()
    found = page.get_by_test_id("check-lists")
    expect(found).to_contain_text(
        "1 question tagged “Space” is missing from the game's list for that category (“dq00004”)",
        timeout=15_000,
    )
    expect(found).to_contain_text("1 entry in the game's list for “Art” names no question")
    expect(page.get_by_test_id("check-drifting")).to_have_count(0)
    _fits(page)
    screenshot(page, "categories-lists-found-1024")

    page.reload()
    expect(page.locator("#cat-space")).to_contain_text("11 in the game's list")
    expect(page.locator("#cat-art")).to_contain_text("1 listed naming no question")
    _fits(page)

    page.get_by_test_id("repair").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("“Space” is missing from the game's list for that category")
    expect(dialog).to_contain_text("There is no undo")
    screenshot(page, "categories-lists-confirm-1024")
    dialog.get_by_role("button", name="Repair").click()
    expect(page.get_by_text("Put the game's category lists right")).to_be_visible()
    assert ("space", "dq00004") in index_entries()
    assert ("art", "zz_orphan") not in index_entries()
    expect(page.get_by_test_id("list-problem")).to_have_count(0)

    page.get_by_role("button", name="Verify now").click()
    expect(page.get_by_test_id("check-result")).to_contain_text(
        "every one of the 3 stored counts matches", timeout=15_000
    )
    page.goto(f"{live_app.url}/")
    expect(page.get_by_test_id("home-drift")).to_have_text("0")
    expect(page.get_by_test_id("home-lists")).to_have_count(0)
    _fits(page)
