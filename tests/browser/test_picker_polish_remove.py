"""The category picker's × removes its own category and nothing else: a chip whose category is
no longer in the box (changed since the chips were drawn) takes no other category with it."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.questions import make_question, raw_question, seed


def _slugs(page) -> list[str]:
    return [c.get_attribute("data-slug") for c in page.locator(".chip-list .chip").all()]


def test_removing_a_category_gone_from_the_box_removes_no_other(page, sign_in, live_app):
    seed(make_question("k1", ["science", "history"], 2), make_question("kg", ["geography"], 2))
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/questions/k1/")
    assert _slugs(page) == ["science", "history", "general"]
    box = page.locator("#id_categories")

    # The box changes under the drawn chips: science is no longer in it.
    box.evaluate("el => { el.value = 'history, geography'; }")
    page.get_by_role("button", name="Remove category science").click()
    expect(box).to_have_value("history, geography")  # not "history": geography stays
    assert _slugs(page) == ["history", "geography", "general"]

    # A chip in the box is removed as before, that one only.
    page.get_by_role("button", name="Remove category history").click()
    expect(box).to_have_value("geography")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("Saved question k1").wait_for()
    assert raw_question("k1")["categories"] == ["geography", "general"]
