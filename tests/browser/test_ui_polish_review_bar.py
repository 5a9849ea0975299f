"""The review page's sticky action bar at 1024 × 768 in Chromium with a likely-duplicate
warning: it stays compact (a long warning in a sticky bar hides a fifth of the screen), while
the warning is still in it, its details are on the page just below, and every control is
reachable."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.support.browser import screenshot, wait_until
from tests.support.index import synced
from tests.support.moderation import (
    BORON,
    BORON_QUESTION_ID,
    game_submission,
    put_boron_question,
    put_game_item,
    seed_categories,
)
from truthbyte_admin.data import tables

# Two short rows (the warning; the buttons with the key hints): 78 px in Chromium at 1024 × 768.
MAX_BAR_HEIGHT = 82
# A long existing question (cut to fit in the bar), under an id as the admin makes them.
LONG_ID = "q_3f9a0c1be24d"
LONG = (
    "Is it true that the Great Barrier Reef, off the coast of Queensland in Australia, is the "
    "largest coral reef system in the world and can be seen from outer space?"
)


def _put_question(question_id: str, text: str) -> None:
    put_game_item(
        tables.QUESTIONS,
        {"id": question_id, "question": text, "answer": True, "categories": ["general"]},
    )


@pytest.mark.parametrize(("existing_id", "text"), [(BORON_QUESTION_ID, BORON), (LONG_ID, LONG)])
def test_the_action_bar_with_a_duplicate_warning_is_compact_at_1024(
    page, sign_in, live_app, existing_id, text
):
    cache.clear()
    seed_categories("general", "geography", "science")
    if existing_id == BORON_QUESTION_ID:
        put_boron_question()
    else:
        _put_question(existing_id, text)
    put_game_item(tables.SUBMISSIONS, game_submission("q_p0000001", question=text))
    synced()
    sign_in("moderator", "mona")
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"{live_app.url}/queue/q_p0000001/")
    bar = page.get_by_test_id("action-bar")
    warning = bar.get_by_test_id("duplicate-warning")
    expect(warning).to_contain_text(f"Likely duplicate (100%) of question {existing_id}")
    screenshot(page, f"review-action-bar-duplicate-1024-{existing_id}")
    # One line: the text is cut to fit in the bar, not wrapped onto more lines (a block has one
    # client rect however many lines it wraps to: its height says how many).
    lines = warning.evaluate(
        """el => {
            const style = getComputedStyle(el);
            const content = el.clientHeight - parseFloat(style.paddingTop)
                - parseFloat(style.paddingBottom);
            return content / parseFloat(style.lineHeight);
        }"""
    )
    assert 0.9 < lines < 1.5, f"the warning is {lines:.1f} lines tall"
    # Each link says where it leads (WCAG 2.4.4): the question by its id, the details as such.
    expect(warning.get_by_role("link", name=existing_id)).to_have_attribute(
        "href", f"/questions/{existing_id}/"
    )
    expect(warning.get_by_role("link", name="details below")).to_have_attribute(
        "href", "#duplicate-details"
    )
    height = bar.bounding_box()["height"]
    assert height <= MAX_BAR_HEIGHT, f"the action bar is {height:.0f} px tall"
    assert bar.evaluate("el => getComputedStyle(el).position") == "sticky"

    # The existing question's text and link are on the page, right below the bar.
    details = page.get_by_test_id("duplicate-details")
    expect(details).to_be_visible()
    expect(details).to_contain_text(text)  # in full
    expect(details.get_by_role("link", name=existing_id)).to_have_attribute(
        "href", f"/questions/{existing_id}/"
    )
    assert details.bounding_box()["y"] < 768 - 100  # in view on arrival, not below the fold

    # Every control of the bar is in view and can be reached, and stays so while scrolling.
    controls = [
        bar.get_by_test_id("approve-anyway"),
        bar.get_by_test_id("reject-duplicate"),
        bar.get_by_role("link", name="Reject…"),
        bar.get_by_test_id("shortcuts-off"),
    ]
    for control in controls:
        expect(control).to_be_in_viewport()
    page.mouse.wheel(0, 1500)
    wait_until(page, "window.scrollY > 500")
    assert bar.bounding_box()["y"] <= 5
    for control in controls:
        expect(control).to_be_in_viewport()
    expect(warning).to_be_in_viewport()
    screenshot(page, f"review-action-bar-duplicate-1024-{existing_id}-scrolled")
    # The bar's link leads to the details, which come into view below the bar.
    warning.get_by_role("link", name="details below").click()
    expect(details).to_be_in_viewport()
    assert details.bounding_box()["y"] >= bar.bounding_box()["y"] + bar.bounding_box()["height"]
