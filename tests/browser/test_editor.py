"""An editor retags a question (categories chips + difficulty) in Chromium and sees the
category dashboard's counts move."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.browser import screenshot
from tests.support.questions import assert_invariants, make_question, seed
from truthbyte_admin.staffindex.build import rebuild


def _count(page, slug: str, column: str) -> int:
    return int(page.locator(f"#cat-{slug} [data-testid={column}]").inner_text())


def test_editor_changes_categories_and_difficulty_and_dashboard_follows(page, sign_in, live_app):
    seed(
        *[make_question(f"s{n}", ["science"], 2) for n in range(12)],
        *[make_question(f"h{n}", ["history"], 3) for n in range(4)],
        make_question("q1", ["science"], 2, passage="A long stored passage. " * 220),
    )  # ~5,000 chars: stays editable
    rebuild()  # the dashboard and the list are served from the staff index
    sign_in("editor", "eddie")

    page.goto(f"{live_app.url}/categories/")
    assert _count(page, "science", "actual") == 13
    assert _count(page, "history", "actual") == 4
    screenshot(page, "categories-before")

    page.goto(f"{live_app.url}/questions/?category=science")
    screenshot(page, "questions-list")
    page.get_by_role("link", name="q1", exact=True).click()
    page.wait_for_url("**/questions/q1/")
    assert page.get_by_test_id("passage-exempt").is_visible()

    # Chips: remove science, add history from the suggestions, add a brand-new category.
    page.get_by_role("button", name="Remove category science").click()
    add = page.get_by_test_id("category-add")
    add.fill("history")
    add.press("Enter")
    add.fill("space")
    add.press("Enter")  # no category is "space": Enter shows the create option first
    expect(page.get_by_test_id("category-create")).to_have_attribute("aria-selected", "true")
    add.press("Enter")
    assert "space: Space" in page.locator("#id_new_category_names").input_value()
    page.select_option("#id_difficulty", "4")
    page.get_by_role("button", name="Preview").click()
    page.get_by_test_id("preview").get_by_text("Difficulty 4").wait_for()
    screenshot(page, "editor-retagging")

    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("Saved question q1").wait_for()
    chips = page.locator(".chip-list .chip")
    expect(chips).to_have_count(3)  # the chips are drawn by questions.js once the page has loaded
    assert [c.get_attribute("data-slug") for c in chips.all()] == ["history", "space", "general"]
    assert page.get_by_role("heading", name="History").is_visible()
    screenshot(page, "editor-saved")

    page.get_by_role("link", name="Categories", exact=True).click()
    page.wait_for_url("**/categories/")
    assert _count(page, "science", "actual") == 12
    assert _count(page, "science", "stored") == 12
    assert _count(page, "history", "actual") == 5
    assert _count(page, "space", "stored") == 1
    assert page.locator("#name-space").input_value() == "Space"
    screenshot(page, "categories-after")
    assert_invariants()


def test_retire_asks_for_confirmation_in_the_browser(page, sign_in, live_app):
    seed(make_question("r1", ["science"], 2))
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/questions/r1/")
    page.get_by_role("button", name="Retire question…").click()
    # The confirmation is a native modal <dialog> (admin.js), not window.confirm.
    page.locator("dialog.confirm-dialog [data-confirm-yes]").click()
    page.get_by_text("Retired question r1").wait_for()
    assert_invariants()
