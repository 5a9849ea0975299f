"""The question editor's category picker in Chromium, by keyboard only: Enter picks the existing
category one starts typing ("hist" is history), the arrow keys move the highlight, and a new
category is made only by choosing "Create new category" on purpose."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.axe import axe_violations
from tests.support.browser import screenshot
from tests.support.questions import make_question, raw_question, seed


def _slugs(page) -> list[str]:
    chips = page.locator(".chip-list .chip")
    return [c.get_attribute("data-slug") for c in chips.all()]


def _open_editor(page, sign_in, live_app):
    seed(
        make_question("k1", ["science"], 2),
        make_question("kh", ["history"], 2),
        make_question("kg", ["geography"], 2),
        make_question("ka", ["art_history"], 2),
    )
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/questions/k1/")
    add = page.get_by_test_id("category-add")
    add.focus()
    return add


def test_enter_picks_the_existing_category_typed_in_part(page, sign_in, live_app):
    add = _open_editor(page, sign_in, live_app)
    names_box = page.locator("#id_new_category_names")
    page.keyboard.type("hist")
    suggestions = page.get_by_test_id("category-suggestions")
    expect(suggestions).to_be_visible()
    expect(add).to_have_attribute("aria-expanded", "true")
    highlighted = suggestions.locator("[aria-selected=true]")
    expect(highlighted).to_have_text("History (history)")
    expect(add).to_have_attribute("aria-activedescendant", highlighted.get_attribute("id"))
    expect(page.get_by_role("option", name="Create new category “hist”")).to_be_visible()
    screenshot(page, "editor-category-picker-suggestions")
    page.keyboard.press("Enter")
    assert _slugs(page) == ["science", "history", "general"]
    expect(names_box).to_have_value("")
    expect(add).to_have_value("")
    expect(suggestions).to_be_hidden()
    expect(add).to_have_attribute("aria-expanded", "false")

    # Any case, a word inside the name too: "Geo" is geography; "his" now only art_history.
    page.keyboard.type("Geo")
    page.keyboard.press("Enter")
    page.keyboard.type("his")
    page.keyboard.press("Enter")
    assert _slugs(page) == ["science", "history", "geography", "art_history", "general"]
    expect(names_box).to_have_value("")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("Saved question k1").wait_for()
    stored = raw_question("k1")["categories"]
    assert stored == ["science", "history", "geography", "art_history", "general"]


def test_the_arrow_keys_move_the_highlight_and_escape_closes_the_list(page, sign_in, live_app):
    add = _open_editor(page, sign_in, live_app)
    page.keyboard.type("h")
    suggestions = page.get_by_test_id("category-suggestions")
    expect(suggestions.locator("[role=option]")).to_have_text(
        ["History (history)", "Art History (art_history)", "Create new category “h”"]
    )
    highlighted = suggestions.locator("[aria-selected=true]")
    expect(highlighted).to_have_text("History (history)")
    page.keyboard.press("ArrowDown")
    expect(highlighted).to_have_text("Art History (art_history)")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")  # from the first, round to the last
    expect(highlighted).to_have_text("Create new category “h”")
    page.keyboard.press("Escape")
    expect(suggestions).to_be_hidden()
    expect(add).to_have_value("h")
    page.keyboard.press("ArrowDown")  # opens it again
    expect(highlighted).to_have_text("History (history)")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert _slugs(page) == ["science", "art_history", "general"]


def test_a_new_category_needs_the_create_option_chosen(page, sign_in, live_app):
    add = _open_editor(page, sign_in, live_app)
    names_box = page.locator("#id_new_category_names")
    hint = page.get_by_test_id("category-hint")
    # Text no category starts with: the first Enter only shows the create option, highlighted.
    page.keyboard.type("space")
    create = page.get_by_role("option", name="Create new category “space”")
    expect(create).to_have_attribute("aria-selected", "false")
    page.keyboard.press("Enter")
    assert _slugs(page) == ["science", "general"]
    expect(create).to_have_attribute("aria-selected", "true")
    expect(hint).to_contain_text("Press Enter again to create the new category “space”")
    expect(names_box).to_have_value("")
    page.keyboard.press("Enter")
    assert _slugs(page) == ["science", "space", "general"]
    expect(page.locator(".chip-list .chip[data-slug=space]")).to_contain_text("new category")
    expect(names_box).to_have_value("space: Space\n")

    # "hist" on purpose: the create option is last, below history and art_history; up from
    # the first option rounds to it.
    page.keyboard.type("hist")
    page.keyboard.press("ArrowUp")
    expect(page.get_by_role("option", name="Create new category “hist”")).to_have_attribute(
        "aria-selected", "true"
    )
    page.keyboard.press("Enter")
    assert _slugs(page) == ["science", "space", "hist", "general"]
    expect(names_box).to_have_value("space: Space\nhist: Hist\n")

    # Leaving the box with a half-typed name adds nothing, and says so.
    page.keyboard.type("geo")
    page.keyboard.press("Tab")
    assert _slugs(page) == ["science", "space", "hist", "general"]
    expect(hint).to_contain_text("“geo” is not added")
    expect(add).to_have_value("geo")


def test_at_the_limit_typed_commas_are_refused_one_entry_at_a_time(page, sign_in, live_app):
    add = _open_editor(page, sign_in, live_app)
    for typed in ("history", "geography", "art"):
        page.keyboard.type(typed)
        page.keyboard.press("Enter")
    expect(page.get_by_test_id("category-count")).to_have_text(
        "5 of 5 categories (general included)"
    )
    page.keyboard.type("a,b,c,d,e,")
    hint = page.get_by_test_id("category-hint")
    expect(hint).to_contain_text("Can't add “e”: a question has at most 5 categories")
    expect(add).to_have_attribute("aria-invalid", "true")
    assert len(_slugs(page)) == 5


def test_the_open_picker_has_no_serious_axe_violations(browser, live_app, transactional_db):
    from tests.conftest import _make_staff
    from tests.support.browser import sign_in_with_password

    # axe is injected as an inline script, which our strict CSP rightly blocks: bypass it here.
    context = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
    page = context.new_page()
    try:
        seed(make_question("k1", ["science"], 2), make_question("kh", ["history"], 2))
        _make_staff("eddie", "editor")
        sign_in_with_password(page, live_app.url, "eddie")
        page.goto(f"{live_app.url}/questions/k1/")
        page.get_by_test_id("category-add").fill("hi")
        expect(page.get_by_test_id("category-suggestions")).to_be_visible()
        assert axe_violations(page, impacts=("serious", "critical")) == []
    finally:
        context.close()


def test_saving_with_a_category_typed_but_not_added_waits_and_says_so(page, sign_in, live_app):
    add = _open_editor(page, sign_in, live_app)
    before = raw_question("k1")
    page.keyboard.type("geo")  # half typed, never picked

    page.get_by_role("button", name="Save changes").click()

    hint = page.get_by_test_id("category-hint")
    expect(hint).to_contain_text("Not saved yet: “geo” is typed but not added")
    expect(add).to_be_focused()
    assert raw_question("k1") == before  # nothing was sent
    screenshot(page, "editor-category-typed-not-added")

    add.fill("")  # cleared: the save goes (nothing else was changed)
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("No changes to save.").wait_for()


def test_a_whole_category_name_typed_then_save_clicked_once_saves_it(page, sign_in, live_app):
    _open_editor(page, sign_in, live_app)
    page.keyboard.type("history")  # whole, never picked: added as the form is sent

    page.get_by_role("button", name="Save changes").click()  # once

    page.get_by_text("Saved question k1").wait_for()
    assert raw_question("k1")["categories"] == ["science", "history", "general"]


def test_a_category_already_chosen_typed_then_save_clicked_saves(page, sign_in, live_app):
    _open_editor(page, sign_in, live_app)
    page.keyboard.type("science")  # already on the question: nothing to add

    page.get_by_role("button", name="Save changes").click()

    page.get_by_text("No changes to save.").wait_for()


def test_names_pasted_with_commas_as_the_help_text_writes_them_are_each_added(
    page, sign_in, live_app
):
    # "science, history", the help text's own example, was refused as one slug.
    add = _open_editor(page, sign_in, live_app)
    add.fill("history, Geography , zoology")
    page.keyboard.press("Enter")
    assert _slugs(page) == ["science", "history", "geography", "general"]
    expect(add).to_have_value("zoology")
    expect(page.get_by_role("option", name="Create new category “zoology”")).to_have_attribute(
        "aria-selected", "true"
    )
    page.keyboard.press("Enter")
    assert _slugs(page) == ["science", "history", "geography", "zoology", "general"]
    expect(page.locator("#id_new_category_names")).to_have_value("zoology: Zoology\n")


def test_typing_in_the_names_box_after_a_new_category_starts_a_line_of_its_own(
    page, sign_in, live_app
):
    """The picker's line ends with a line break: typing on after it (as a newcomer did) is a
    line of its own, not "Trivia Nighttrivia_night: …" saved as the category's name."""
    _open_editor(page, sign_in, live_app)
    page.keyboard.type("Trivia Night")
    page.get_by_role("option", name="Create new category “trivia_night”").click()
    names_box = page.locator("#id_new_category_names")
    names_box.focus()
    page.keyboard.press("Control+End")
    page.keyboard.type("trivia_night: Trivia night")
    expect(names_box).to_have_value("trivia_night: Trivia Night\ntrivia_night: Trivia night")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#messages")).to_contain_text(
        "and created the category “Trivia night” (trivia_night)"
    )
