"""Where the category dashboard leaves the focus: after a rename (done or refused) on the
category's own row, scrolled into view; after "Verify now" on what the check says."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support import game_writes as game
from tests.support.browser import screenshot
from tests.support.questions import make_question, seed
from truthbyte_admin.data import categories as categories_repo
from truthbyte_admin.staffindex.build import rebuild

# Enough categories that the last rows are well below the fold at 1024 × 768.
SLUGS = [
    "art", "biology", "capitals", "chemistry", "dates", "elements", "film", "geography",
    "history", "literature", "music", "physics", "sport", "zoology",
]  # fmt: skip


def _dashboard(page, sign_in, live_app):
    seed(*[make_question(f"{slug[:3]}{n}", [slug], 1 + n % 5) for slug in SLUGS for n in range(3)])
    rebuild()
    page.set_viewport_size({"width": 1024, "height": 768})
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/categories/")


def test_a_rename_comes_back_to_its_row_with_the_focus_on_what_it_said(page, sign_in, live_app):
    _dashboard(page, sign_in, live_app)
    field = page.get_by_label("Display name of zoology")
    field.fill("Animals")
    field.press("Enter")

    said = page.locator("#cat-zoology").get_by_test_id("rename-said")
    expect(said).to_have_text(
        "Renamed “zoology”: “Zoology” → “Animals”. "
        "Players still see “Zoology”: the game names each category from its key."
    )
    expect(said).to_be_focused()  # a screen reader reads it; Tab goes on from the row
    expect(said).to_be_in_viewport()
    expect(page.locator("#messages")).not_to_contain_text("Renamed")
    assert categories_repo.get("zoology").display_name == "Animals"
    screenshot(page, "categories-renamed-1024")

    # Refused: the field, with what was typed, and the reason beside it.
    field = page.get_by_label("Display name of zoology")
    field.fill("   ")
    field.press("Enter")
    expect(page.get_by_label("Display name of zoology")).to_be_focused()
    expect(page.get_by_label("Display name of zoology")).to_have_value("   ")
    said = page.locator("#cat-zoology").get_by_test_id("rename-said")
    expect(said).to_have_text("Display name of “zoology”: enter a display name.")
    expect(said).to_be_in_viewport()
    expect(page.get_by_label("Display name of zoology")).to_have_accessible_description(
        "Display name of “zoology”: enter a display name."
    )
    assert categories_repo.get("zoology").display_name == "Animals"
    screenshot(page, "categories-rename-refused-1024")


def test_a_name_with_a_text_direction_character_is_refused_on_its_row(page, sign_in, live_app):
    _dashboard(page, sign_in, live_app)
    field = page.get_by_label("Display name of capitals")
    field.fill("Capitals\u202eevil")
    field.press("Enter")
    field = page.get_by_label("Display name of capitals")
    expect(field).to_be_focused()
    expect(field).to_have_value("Capitals\u202eevil")
    said = page.locator("#cat-capitals").get_by_test_id("rename-said")
    expect(said).to_contain_text("contains an invisible text-direction character (U+202E")
    assert categories_repo.get("capitals").display_name == "Capitals"
    screenshot(page, "categories-rename-direction-refused-1024")


def test_verify_now_keeps_the_focus_on_the_check_and_never_takes_it_back(
    page, sign_in, live_app, faults
):
    _dashboard(page, sign_in, live_app)
    game.question("g1", "Is this from the game?", categories=("general", "zoology"))

    faults.delay_next("Scan", seconds=1.5, times=2)  # the progress stays on screen a while
    page.get_by_role("button", name="Verify now").focus()
    page.keyboard.press("Enter")
    progress = page.get_by_test_id("check-progress")
    expect(progress).to_be_focused()  # the pressed button went away with the click
    expect(page.get_by_test_id("check-result")).to_be_focused(timeout=15_000)
    expect(page.get_by_test_id("check-result")).to_contain_text("2 stored counts differ")
    screenshot(page, "categories-verify-focus-1024")

    # Someone who moved on while it ran keeps their place: the polls don't take the focus back.
    faults.delay_next("Scan", seconds=1.5, times=2)
    page.get_by_role("button", name="Verify now").click()
    expect(page.get_by_test_id("check-progress")).to_be_visible()
    field = page.get_by_label("Display name of art")
    field.focus()
    expect(page.get_by_test_id("check-result")).to_be_visible(timeout=15_000)
    expect(field).to_be_focused()
