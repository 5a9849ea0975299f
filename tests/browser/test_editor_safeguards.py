"""The editor's safeguards in Chromium (issue 15): a conflict merge keeps the other person's
change, the category picker refuses a sixth category, and creating warns about duplicates."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.integration.questions_support import (
    assert_invariants,
    make_question,
    raw_question,
    seed,
)


def test_a_conflict_merge_keeps_the_other_persons_title_change(page, sign_in, live_app):
    seed(make_question("c1", ["science"], 2, title="Old title"))
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/questions/c1/")
    page.select_option("#id_difficulty", "4")

    # Meanwhile, in another tab, someone changes only the title and saves.
    other = page.context.new_page()
    other.goto(f"{live_app.url}/questions/c1/")
    other.fill("#id_title", "Their better title")
    other.get_by_role("button", name="Save changes").click()
    other.get_by_text("Saved question c1").wait_for()
    other.close()

    page.get_by_role("button", name="Save changes").click()
    conflict = page.get_by_test_id("conflict")
    expect(conflict).to_be_visible()
    expect(page.get_by_test_id("kept-theirs")).to_contain_text("title")
    expect(page.get_by_test_id("applied-yours")).to_contain_text("difficulty")
    expect(page.locator("#id_title")).to_have_value("Their better title")
    expect(page.locator("#id_difficulty")).to_have_value("4")
    screenshot(page, "editor-conflict-merge")

    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("Saved question c1").wait_for()
    stored = raw_question("c1")
    assert stored["title"] == "Their better title"
    assert stored["difficulty"] == 4
    assert_invariants()


def test_a_conflict_on_the_same_field_asks_which_to_keep(page, sign_in, live_app):
    seed(make_question("c2", ["science"], 2, title="Old title"))
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/questions/c2/")
    page.fill("#id_title", "My title")
    page.select_option("#id_difficulty", "5")

    other = page.context.new_page()
    other.goto(f"{live_app.url}/questions/c2/")
    other.fill("#id_title", "Their title")
    other.get_by_role("button", name="Save changes").click()
    other.get_by_text("Saved question c2").wait_for()
    other.close()

    page.get_by_role("button", name="Save changes").click()
    choice = page.get_by_test_id("choose-title")
    expect(choice).to_be_visible()
    choice.get_by_label("Theirs").check()
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("Saved question c2").wait_for()
    stored = raw_question("c2")
    assert (stored["title"], stored["difficulty"]) == ("Their title", 5)
