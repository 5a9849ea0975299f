"""The editor's safeguards in Chromium (issue 15): a conflict merge keeps the other person's
change, the category picker refuses a sixth category, and creating warns about duplicates."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.browser import screenshot
from tests.support.questions import (
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
    screenshot(page, "editor-conflict-choice")
    choice.get_by_label("Saved meanwhile").check()
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("Saved question c2").wait_for()
    stored = raw_question("c2")
    assert (stored["title"], stored["difficulty"]) == ("Their title", 5)


def test_the_category_picker_refuses_a_sixth_category(page, sign_in, live_app):
    seed(
        make_question("p1", ["science"], 2),
        *[make_question(f"x{slug}", [slug], 2) for slug in ("history", "food", "sports", "music")],
    )
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/questions/p1/")
    add = page.get_by_test_id("category-add")
    for slug in ("history", "food", "sports"):
        add.fill(slug)
        add.press("Enter")
    chips = page.locator(".chip-list .chip")
    expect(chips).to_have_count(5)
    expect(page.get_by_test_id("category-count")).to_have_text(
        "5 of 5 categories (general included)"
    )

    add.fill("music")
    add.press("Enter")
    expect(chips).to_have_count(5)
    hint = page.get_by_test_id("category-hint")
    expect(hint).to_have_attribute("aria-live", "polite")
    expect(hint).to_contain_text("Can't add “music”: a question has at most 5 categories")
    expect(add).to_have_attribute("aria-invalid", "true")
    assert "music" not in page.locator("input[name=categories]").input_value()
    screenshot(page, "editor-category-limit")

    # Removing one makes room again.
    page.get_by_role("button", name="Remove category food").click()
    add.fill("music")
    add.press("Enter")
    expect(chips).to_have_count(5)
    assert [c.get_attribute("data-slug") for c in chips.all()] == [
        "science",
        "history",
        "sports",
        "music",
        "general",
    ]
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("Saved question p1").wait_for()
    assert raw_question("p1")["categories"] == ["science", "history", "sports", "music", "general"]


def test_creating_a_duplicate_shows_the_warning_then_creates_anyway(page, sign_in, live_app):
    seed(make_question("asia1", ["geography"], 2, question="Is Indonesia in Asia?"))
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/questions/new/")
    page.fill("#id_question", "Is Indonesia in Asia?")
    page.get_by_role("radio", name="True").check()
    page.get_by_test_id("category-add").fill("geography")
    page.get_by_test_id("category-add").press("Enter")
    page.get_by_role("button", name="Create question").click()

    warning = page.get_by_test_id("duplicate-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("100% similar")
    link = warning.get_by_role("link", name="question asia1")
    expect(link).to_have_attribute("href", "/questions/asia1/")
    expect(page.locator("#id_question")).to_have_value("Is Indonesia in Asia?")
    screenshot(page, "create-duplicate-warning")

    page.get_by_test_id("save-anyway").click()
    page.get_by_text("Created question").wait_for()


def test_a_second_click_on_create_while_it_is_on_the_way_sends_nothing(page, sign_in, live_app):
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/questions/new/")
    page.fill("#id_question", "Is a second click one more request?")
    page.get_by_role("radio", name="True").check()
    page.get_by_test_id("category-add").fill("science")
    page.get_by_test_id("category-add").press("Enter")
    page.get_by_test_id("category-add").press("Enter")  # none yet: Enter again creates it
    held = []  # the POSTs the server has not answered yet: the answer is slow today

    def hold(route):
        if route.request.method == "POST":
            held.append(route)
        else:
            route.continue_()

    page.route("**/questions/new/", hold)
    # Impatient: 200 ms after the first click, nothing seems to happen, so a second click.
    # (Clicked by the page's own timer: Playwright waits for a pending navigation to finish.)
    page.evaluate(
        """() => {
          const save = document.querySelector("button[value=save]");
          document.addEventListener("submit", () => {
            window.setTimeout(() => save.click(), 200);
          }, { once: true });
        }"""
    )
    page.get_by_role("button", name="Create question").click(no_wait_after=True)
    page.wait_for_timeout(700)
    assert len(held) == 1
    held[0].continue_()
    page.get_by_text("Created question").wait_for()
    assert_invariants()


def test_a_new_category_close_to_an_existing_one_offers_the_existing_one(page, sign_in, live_app):
    seed(make_question("t1", ["science"], 2), make_question("xg", ["geography"], 2))
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/questions/t1/")
    add = page.get_by_test_id("category-add")
    chips = page.locator(".chip-list .chip")
    # A name typed only in part picks the existing category it starts ...
    add.fill("geog")
    add.press("Enter")
    expect(chips).to_have_count(3)
    assert [c.get_attribute("data-slug") for c in chips.all()] == [
        "science",
        "geography",
        "general",
    ]
    page.get_by_role("button", name="Remove category geography").click()
    # ... and a typo, created on purpose, is marked as the new category saving would create ...
    add.fill("geografy")
    add.press("Enter")
    add.press("Enter")
    new_chip = page.locator(".chip-list .chip[data-slug=geografy]")
    expect(new_chip).to_contain_text("new category")
    expect(page.locator("#id_new_category_names")).to_have_value("geografy: Geografy\n")
    hint = page.get_by_test_id("category-hint")
    expect(hint).to_contain_text("saving creates it")
    screenshot(page, "editor-new-category-did-you-mean")
    # ... and the existing category it is closest to is one click away.
    hint.get_by_role("button", name="Use Geography (geography) instead").click()
    assert [c.get_attribute("data-slug") for c in chips.all()] == [
        "science",
        "geography",
        "general",
    ]
    expect(page.locator("#id_new_category_names")).to_have_value("")
    expect(add).to_be_focused()

    # A slug that only extends an existing one is a new category, with nothing to swap to.
    add.fill("science_fiction")
    add.press("Enter")
    add.press("Enter")
    expect(hint).to_contain_text("“science_fiction” is a new category")
    expect(hint.get_by_role("button")).to_have_count(0)
    # Removing a new category's chip takes back its name line too.
    page.get_by_role("button", name="Remove category science_fiction").click()
    expect(page.locator("#id_new_category_names")).to_have_value("")
    # Two letters are a typo or two from too many categories: no swap is offered.
    add.fill("ge")
    add.press("Enter")
    add.press("Enter")
    expect(hint).to_contain_text("“ge” is a new category")
    expect(hint.get_by_role("button")).to_have_count(0)
    page.get_by_role("button", name="Remove category ge", exact=True).click()

    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("Saved question t1").wait_for()
    assert raw_question("t1")["categories"] == ["science", "geography", "general"]
    assert_invariants()


def test_leaving_a_form_with_unsaved_changes_asks_first_and_saving_does_not(
    page, sign_in, live_app
):
    # Typed changes had gone without a word when a link in the navigation was followed.
    seed(make_question("u2", ["science"], 2))
    sign_in("editor", "eddie")
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()  # stay

    page.on("dialog", answer)
    page.goto(f"{live_app.url}/questions/u2/")
    page.get_by_role("link", name="Categories", exact=True).click()  # nothing changed: it goes
    expect(page).to_have_url(f"{live_app.url}/categories/")
    assert asked == []

    page.goto(f"{live_app.url}/questions/u2/")
    page.get_by_label("Title").click()
    page.keyboard.press("End")
    page.keyboard.type(", not saved yet")
    page.get_by_role("link", name="Categories", exact=True).click()
    expect(page.get_by_label("Title")).to_have_value("Title u2, not saved yet")  # still here
    assert asked == ["beforeunload"]
    # Signing out (a form of its own, sent) is leaving too.
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_label("Title")).to_have_value("Title u2, not saved yet")
    assert asked == ["beforeunload", "beforeunload"]

    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Saved question u2")).to_be_visible()
    assert asked == ["beforeunload", "beforeunload"]  # a save is not leaving by accident
    page.get_by_role("link", name="Categories", exact=True).click()
    expect(page).to_have_url(f"{live_app.url}/categories/")
    assert raw_question("u2")["title"] == "Title u2, not saved yet"
