"""The categories chips keep player-typed legacy categories exactly as the game stored them."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.browser import screenshot
from tests.support.questions import (
    assert_invariants,
    game_question_item,
    index_entries,
    put_game_index,
    put_game_question,
    raw_question,
    stored_counts,
)
from truthbyte_admin.data.bulk import recount_categories


def test_chips_keep_legacy_categories_verbatim_through_an_unrelated_edit(page, sign_in, live_app):
    legacy = ["Science", "sci fi", "Arts, Crafts", "general"]
    put_game_question(game_question_item("q_1e6ac1", legacy, 2))
    put_game_index("q_1e6ac1", legacy)
    recount_categories(legacy)
    counts = stored_counts()
    sign_in("editor", "eddie")

    page.goto(f"{live_app.url}/questions/q_1e6ac1/")
    chips = page.locator(".chip-list .chip")
    expect(chips).to_have_count(4)
    assert [c.get_attribute("data-slug") for c in chips.all()] == legacy
    screenshot(page, "editor-legacy-categories")

    # Remove one legacy entry and add a new one: the others stay exactly as stored.
    page.get_by_role("button", name="Remove category Arts, Crafts").click()
    add = page.get_by_test_id("category-add")
    add.fill("Space Travel")
    add.press("Enter")  # no category is "Space Travel": Enter shows the create option first
    expect(page.get_by_test_id("category-create")).to_have_attribute("aria-selected", "true")
    add.press("Enter")
    expect(chips).to_have_count(4)
    assert [c.get_attribute("data-slug") for c in chips.all()] == [
        "Science",
        "sci fi",
        "space_travel",
        "general",
    ]
    page.fill("#id_title", "A retitled legacy question")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("Saved question q_1e6ac1").wait_for()

    stored = raw_question("q_1e6ac1")
    assert stored["categories"] == ["Science", "sci fi", "space_travel", "general"]
    assert stored["title"] == "A retitled legacy question"
    mine = {c for c, qid in index_entries() if qid == "q_1e6ac1"}
    assert mine == {"Science", "sci fi", "space_travel", "general"}
    after = stored_counts()
    assert after["Science"] == counts["Science"]
    assert after["sci fi"] == counts["sci fi"]
    assert after["Arts, Crafts"] == counts["Arts, Crafts"] - 1
    assert after["space_travel"] == 1
    assert_invariants()
