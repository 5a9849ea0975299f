"""The question editor's category picker in Chromium with a question the game stored in both
"space" and " space" (two categories: the game matches names exactly): two chips, the one with
spaces at either end in quotes as on the question page, and a save sends the box as before
(names trimmed, comma-separated; the server gives each "space" the next stored spelling).
And a new category's slug is made as the server makes it: runs of spaces or hyphens one "_"."""

from __future__ import annotations

from urllib.parse import parse_qs

from playwright.sync_api import expect

from tests.support.browser import screenshot
from tests.support.questions import (
    game_question_item,
    make_question,
    put_game_index,
    put_game_question,
    raw_question,
    seed,
)
from truthbyte_admin.data.bulk import recount_categories

QID = "q_5pace1"
STORED = ["space", " space", "general"]
NOTE = (
    "“space” and “ space” are two categories stored on this question. A save keeps the one "
    "stored first: you can remove “ space”, or both, but not keep “ space” alone."
)


def _seed_spaced(stored=STORED) -> None:
    seed(make_question("k1", ["science"], 2))
    put_game_question(game_question_item(QID, stored, 2))
    put_game_index(QID, stored)
    recount_categories(stored)


def _chips(page):
    return page.locator(".chip-list .chip")


def _save(page) -> str:
    """Save changes; returns the categories box as the form sent it."""
    with page.expect_request(
        lambda r: r.method == "POST" and f"/questions/{QID}/" in r.url
    ) as sent:
        page.get_by_role("button", name="Save changes").click()
    page.get_by_text(f"Saved question {QID}").wait_for()
    return parse_qs(sent.value.post_data, keep_blank_values=True)["categories"][0]


def test_a_name_stored_with_spaces_at_either_end_is_its_own_quoted_chip(page, sign_in, live_app):
    _seed_spaced()
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/questions/{QID}/")
    chips = _chips(page)
    expect(chips).to_have_count(3)
    assert [c.get_attribute("data-slug") for c in chips.all()] == ["space", "space", "general"]
    plain, spaced = chips.nth(0), chips.nth(1)
    expect(plain).to_have_text("Space (space)")  # no ×: see below
    assert plain.get_attribute("data-testid") is None
    expect(spaced).to_have_attribute("data-testid", "spaced-category")
    expect(spaced).to_have_attribute("dir", "auto")
    expect(spaced).to_have_class("chip legacy")
    expect(spaced).to_have_attribute("data-stored", " space")
    assert spaced.evaluate("el => el.firstChild.textContent") == "“ space”"
    assert "spaces at either end" in spaced.get_attribute("title")
    screenshot(page, "editor-spaced-category-chips")

    # Unchanged categories: the box goes as the server filled it, both spellings kept.
    page.fill("#id_title", "Space, twice")
    assert _save(page) == "space,  space"
    assert raw_question(QID)["categories"] == STORED
    expect(_chips(page)).to_have_count(3)

    # A category added: the box is written again, trimmed names, "space" twice; both kept.
    add = page.get_by_test_id("category-add")
    add.fill("science")
    add.press("Enter")
    expect(_chips(page)).to_have_count(4)
    assert _save(page) == "space, space, science"
    assert raw_question(QID)["categories"] == ["space", " space", "science", "general"]

    # The first "space" can't be removed while " space" follows it (the server gives the k-th
    # "space" of the box the k-th stored spelling), and a note under the chips says so, in
    # words every user gets; removing “ space” sends one "space", which is saved as "space".
    chips = _chips(page)
    expect(chips.nth(0).locator(".chip-remove")).to_have_count(0)
    assert chips.nth(0).get_attribute("title") is None
    note = page.get_by_test_id("category-same-name-note")
    expect(note).to_be_visible()
    expect(note).to_have_text(NOTE)
    expect(chips.nth(0)).to_have_attribute("aria-describedby", "id_categories-same-note")
    remove_spaced = page.get_by_role("button", name="Remove category “ space”")
    expect(remove_spaced).to_have_accessible_description(NOTE)
    remove_spaced.click()
    expect(_chips(page)).to_have_count(3)
    expect(page.locator(".chip-list").get_by_test_id("spaced-category")).to_have_count(0)
    expect(_chips(page).nth(0).locator(".chip-remove")).to_have_count(1)
    expect(note).to_be_hidden()
    assert _save(page) == "space, science"
    assert raw_question(QID)["categories"] == ["space", "science", "general"]


def test_a_new_slug_turns_runs_of_spaces_and_hyphens_into_one_underscore(page, sign_in, live_app):
    seed(make_question("k1", ["science"], 2))
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/questions/k1/")
    add = page.get_by_test_id("category-add")
    for typed, slug in [
        ("Deep-Sea  Life", "deep_sea_life"),
        ("  pop - culture ", "pop_culture"),
        ("sci--fi", "sci_fi"),
    ]:
        add.fill(typed)
        expect(page.get_by_role("option", name=f"Create new category “{slug}”")).to_be_visible()
    add.fill("Deep-Sea  Life")
    add.press("Enter")
    add.press("Enter")  # the create option, highlighted by the first Enter
    expect(page.locator(".chip-list .chip[data-slug=deep_sea_life]")).to_contain_text(
        "new category"
    )
    expect(page.locator("#id_new_category_names")).to_have_value("deep_sea_life: Deep Sea Life\n")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("Saved question k1").wait_for()
    assert raw_question("k1")["categories"] == ["science", "deep_sea_life", "general"]


def test_the_note_on_two_spellings_says_which_can_be_kept_and_it_holds(page, sign_in, live_app):
    """Stored " space" first: the note names “space” as the one that can go; removing both and
    adding "space" back keeps " space" (the one stored first), as the note implies."""
    stored = [" space", "space", "general"]
    _seed_spaced(stored)
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/questions/{QID}/")
    chips = _chips(page)
    expect(chips).to_have_count(3)
    expect(chips.nth(0)).to_have_attribute("data-stored", " space")
    expect(chips.nth(0).locator(".chip-remove")).to_have_count(0)
    note = page.get_by_test_id("category-same-name-note")
    expect(note).to_have_text(
        "“ space” and “space” are two categories stored on this question. A save keeps the one "
        "stored first: you can remove “space”, or both, but not keep “space” alone."
    )
    screenshot(page, "editor-spaced-category-same-name-note")

    # Remove both, add "space" back: saved as " space", the spelling stored first.
    page.get_by_role("button", name="Remove category space").click()
    expect(note).to_be_hidden()
    page.get_by_role("button", name="Remove category “ space”").click()
    expect(_chips(page)).to_have_count(1)
    add = page.get_by_test_id("category-add")
    add.fill("space")
    add.press("Enter")
    expect(page.locator(".chip-list").get_by_test_id("spaced-category")).to_contain_text("“ space”")
    page.fill("#id_title", "Space, once")
    assert _save(page) == "space"
    assert raw_question(QID)["categories"] == [" space", "general"]

    # Removing “space” (the later one) alone keeps " space" too: the same result.
    _seed_spaced(stored)
    page.goto(f"{live_app.url}/questions/{QID}/")
    page.get_by_role("button", name="Remove category space").click()
    assert _save(page) == "space"
    assert raw_question(QID)["categories"] == [" space", "general"]


def test_after_a_refused_save_the_note_still_says_which_can_be_removed(page, sign_in, live_app):
    """The box as sent back ("space, space, science") no longer tells the spellings apart: the
    note says so without naming them, and still what can be done."""
    _seed_spaced()
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/questions/{QID}/")
    add = page.get_by_test_id("category-add")
    add.fill("science")
    add.press("Enter")
    page.fill("#id_title", "x" * 101)  # over the title limit: refused
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#id_title")).to_have_attribute("aria-invalid", "true")
    assert raw_question(QID)["categories"] == STORED
    expect(page.get_by_test_id("category-same-name-note")).to_have_text(
        "“space” stands for 2 categories stored on this question, spelt with different spaces "
        "at either end. A save keeps the one stored first: you can remove the later one, or "
        "both, but not keep the later one alone."
    )
    expect(_chips(page).nth(0).locator(".chip-remove")).to_have_count(0)
