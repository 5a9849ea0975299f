"""Text without spaces (a 100-letter title is valid) wraps inside its box at 1024 px: the
editor, its preview and the saved page never scroll sideways."""

from __future__ import annotations

from tests.support.browser import screenshot
from tests.support.questions import make_question, seed
from truthbyte_admin.staffindex.build import rebuild

LONG_WORD = "W" * 100


def _scrolls_sideways(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def test_a_long_title_without_spaces_wraps_in_the_editor_and_its_preview(page, sign_in, live_app):
    seed(make_question("w1", ["science"], 2, title=LONG_WORD, question=f"Is {LONG_WORD} ok?"))
    rebuild()
    sign_in("editor", "eddie")
    page.set_viewport_size({"width": 1024, "height": 768})

    page.goto(f"{live_app.url}/questions/w1/")
    assert not _scrolls_sideways(page)
    page.get_by_role("button", name="Preview").click()
    page.get_by_text("As a player sees it").first.wait_for()
    screenshot(page, "editor-long-word-preview-1024")
    assert not _scrolls_sideways(page)

    page.goto(f"{live_app.url}/questions/?q=w1")
    assert not _scrolls_sideways(page)
