"""A save blocked by a name still typed in the category picker's box says why under the box,
and at 1024 × 768 nothing covers that message: the picker's suggestions (with "Create new
category") open below it, on the question editor and on the review page's edit form."""

from __future__ import annotations

from django.core.cache import cache
from playwright.sync_api import expect

from tests.support.browser import screenshot
from tests.support.index import synced
from tests.support.moderation import game_submission, put_game_item, seed_categories
from tests.support.questions import make_question, raw_question, seed
from truthbyte_admin.data import tables

# Points across the element that show something else on top of it (or lie off screen).
COVERED = """el => {
  const r = el.getBoundingClientRect(), out = [];
  for (const fx of [0.05, 0.5, 0.95]) {
    for (const fy of [0.2, 0.8]) {
      const x = r.left + r.width * fx, y = r.top + r.height * fy;
      const top = document.elementFromPoint(x, y);
      if (!top || !el.contains(top)) {
        const what = top ? top.id || top.className || top.tagName : "off screen";
        out.push(`${Math.round(x)},${Math.round(y)}: ${what}`);
      }
    }
  }
  return out;
}"""


def _blocked_save(page, save_button):
    add = page.get_by_test_id("category-add")
    add.fill("astron")  # no category is called so: typed, never added
    save_button.click()
    hint = page.get_by_test_id("category-hint")
    expect(hint).to_contain_text("Not saved yet: “astron” is typed but not added")
    expect(add).to_be_focused()
    # The suggestions are open, "Create new category" among them, and below the message.
    expect(page.get_by_role("option", name="Create new category “astron”")).to_be_visible()
    assert hint.evaluate(COVERED) == []
    return add, hint


def test_the_not_saved_message_is_not_covered_on_the_question_editor(page, sign_in, live_app):
    seed(make_question("k1", ["science"], 2), make_question("kh", ["history"], 2))
    sign_in("editor", "eddie")
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"{live_app.url}/questions/k1/")
    before = raw_question("k1")
    add, hint = _blocked_save(page, page.get_by_role("button", name="Save changes"))
    screenshot(page, "editor-category-not-saved-1024")
    assert raw_question("k1") == before
    # The message names what was typed: once the box changes, it goes.
    add.press("End")
    add.press("Backspace")
    expect(hint).not_to_contain_text("“astron” is typed")
    add.type("n")

    # The create option still works from there, and the save then goes.
    page.get_by_role("option", name="Create new category “astron”").click()
    expect(hint).to_contain_text("“astron” is a new category")
    assert hint.evaluate(COVERED) == []
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("Saved question k1").wait_for()
    assert raw_question("k1")["categories"] == ["science", "astron", "general"]


def test_the_not_saved_message_is_not_covered_on_the_review_page(page, sign_in, live_app):
    cache.clear()
    seed_categories("general", "geography", "science")
    put_game_item(tables.SUBMISSIONS, game_submission("q_l0000002"))
    synced()
    sign_in("moderator", "mona")
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"{live_app.url}/queue/q_l0000002/")
    form = page.locator("#approve-form")
    _blocked_save(page, form.get_by_role("button", name="Approve as a new question"))
    screenshot(page, "review-category-not-saved-1024")
    expect(page).to_have_url(f"{live_app.url}/queue/q_l0000002/")
