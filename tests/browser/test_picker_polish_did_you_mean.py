"""The category picker's "Did you mean …?" never offers a category the game stored with spaces
at either end (" astro"): the box trims what it holds, so choosing it would save "astro", another
category. It offers only names that can be chosen in the picker, as its suggestions do."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.questions import (
    game_question_item,
    make_question,
    put_game_index,
    put_game_question,
    raw_question,
    seed,
)
from truthbyte_admin.data.bulk import recount_categories

SPACED = [" astro", "general"]


def test_did_you_mean_skips_a_name_stored_with_spaces_at_either_end(page, sign_in, live_app):
    seed(make_question("k1", ["science"], 2), make_question("kh", ["history"], 2))
    put_game_question(game_question_item("q_astro1", SPACED, 2))
    put_game_index("q_astro1", SPACED)
    recount_categories(SPACED)
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/questions/k1/")
    # The page knows " astro" (the name the review would otherwise have offered).
    assert page.locator("#category-options option[value=' astro']").count() == 1
    add = page.get_by_test_id("category-add")
    add.fill("astro")
    add.press("Enter")
    add.press("Enter")  # the create option, highlighted by the first Enter
    hint = page.get_by_test_id("category-hint")
    expect(hint).to_contain_text("“astro” is a new category")
    expect(page.get_by_test_id("category-meant")).to_have_count(0)

    # A typo of a name without spaces is still offered, and the swap saves that category.
    add.fill("histry")
    add.press("Enter")
    add.press("Enter")
    meant = page.get_by_test_id("category-meant")
    expect(meant).to_have_text("Use History (history) instead")
    meant.click()
    slugs = [c.get_attribute("data-slug") for c in page.locator(".chip-list .chip").all()]
    assert slugs == ["science", "astro", "history", "general"]
    # Not "Astro": the stored " astro" reads so, and two categories with one name are refused.
    page.locator("#id_new_category_names").fill("astro: Astronomy")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("Saved question k1").wait_for()
    assert raw_question("k1")["categories"] == ["science", "astro", "history", "general"]
