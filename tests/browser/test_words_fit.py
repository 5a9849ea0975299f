"""Words in tables, headings, buttons and numbers never break mid-word at 1024 and 1440 px, and a
genuinely over-long word (a category key hundreds of characters long, a 500-letter word in a
question a player answered) wraps inside its box or cell instead of making the page scroll
sideways.

`overflow-wrap: anywhere` on a whole panel once lowered every table cell's smallest width, so
columns shrank and "Rename", "Current", "3,022" or "Mon" broke across lines."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.support.browser import screenshot
from tests.support.players_game import new_player, put_question, submit_daily
from tests.support.questions import make_question, seed, set_stored_count
from truthbyte_admin.staffindex import sync
from truthbyte_admin.staffindex.build import rebuild

WIDTHS = [1024, 1440]
# A key the game stores verbatim, with no space to wrap at. 255 characters: the staff index's
# category column holds no more (a 300-character key fails its writes on PostgreSQL).
LONG_CATEGORY = ("verylongcategorykey" * 14)[:255]
LONG_TITLE = "W" * 100
PLAYER_WORD = "Z" * 500
# Shorter than this, a word has room on any line of these pages: breaking it is a fault.
LONGEST_WORD_THAT_FITS = 40

# Every line break inside a word of fewer than `limit` characters, in every text of the page
# (a break after a hyphen or a dash is a word boundary). A character is on a new line when it
# starts below the previous character's bottom.
MID_WORD_BREAKS = """limit => {
  const found = [];
  const space = c => /\\s/.test(c);
  const breakable = c => /[-\\u2010-\\u2014]/.test(c);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.data;
    let previous = null;
    for (let i = 0; i < text.length; i++) {
      if (space(text[i])) { previous = null; continue; }
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getClientRects()[0];
      if (!box) { previous = null; continue; }
      if (previous && box.top >= previous.bottom - 1 && !breakable(text[i - 1])) {
        let start = i, end = i;
        while (start > 0 && !space(text[start - 1])) start--;
        while (end < text.length && !space(text[end])) end++;
        const word = text.slice(start, end);
        if (word.length < limit) {
          const parent = node.parentElement;
          found.push(`${word.slice(0, i - start)}|${word.slice(i - start)}`
                     + ` in <${parent.localName} class="${parent.className}">`);
        }
      }
      previous = box;
    }
  }
  return found;
}"""

# Tables wider than the box they sit in (a scrolling box, like the calendar's, excepted).
TABLES_OUT_OF_THEIR_BOX = """() => Array.from(document.querySelectorAll("main table"))
.filter(table => {
  const box = table.parentElement;
  if (["auto", "scroll"].includes(getComputedStyle(box).overflowX)) return false;
  return table.getBoundingClientRect().right > box.getBoundingClientRect().right + 1;
}).map(table => `${table.className || table.dataset.testid || "table"}: `
                + `${Math.round(table.getBoundingClientRect().width)} px in `
                + `${Math.round(table.parentElement.getBoundingClientRect().width)} px`)"""


def _assert_words_fit(page, width: int, name: str) -> None:
    screenshot(page, f"words-{name}-{width}")
    widths = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
    assert widths[0] <= widths[1], f"the page scrolls sideways: {widths}"
    assert page.evaluate(TABLES_OUT_OF_THEIR_BOX) == []
    breaks = page.evaluate(MID_WORD_BREAKS, LONGEST_WORD_THAT_FITS)
    assert breaks == [], "words broken mid-word (| marks the break):\n" + "\n".join(breaks)
    # Every column head fits its cell (a head cut by nowrap would hide its end).
    cut = page.evaluate(
        """() => Array.from(document.querySelectorAll("main th"))
              .filter(th => th.scrollWidth > th.clientWidth + 1).map(th => th.textContent)"""
    )
    assert cut == [], f"column heads wider than their cells: {cut}"


def _seed_categories() -> None:
    seed(
        *[make_question(f"lit{n}", ["literature"], 1 + n % 5) for n in range(12)],
        *[make_question(f"math{n}", ["mathematics"], 1 + n % 5) for n in range(11)],
        *[make_question(f"geo{n}", ["geography"], 2) for n in range(3)],
        make_question("long1", [LONG_CATEGORY, "science"], 3, title=LONG_TITLE),
    )
    set_stored_count("general", 3_022)
    set_stored_count("literature", 1_503)


@pytest.mark.parametrize("width", WIDTHS)
def test_categories_dashboard_words_fit(page, sign_in, live_app, width):
    _seed_categories()
    rebuild()
    sync.sync_once()  # the drift
    page.set_viewport_size({"width": width, "height": 900})
    sign_in("editor", "eddie")  # editors see a Rename form on every row
    page.goto(f"{live_app.url}/categories/")
    page.get_by_role("button", name="Rename").first.wait_for()
    assert page.get_by_text(LONG_CATEGORY).count() >= 1
    _assert_words_fit(page, width, "categories")


@pytest.mark.parametrize("width", WIDTHS)
def test_question_list_with_a_category_key_without_spaces_fits(page, sign_in, live_app, width):
    _seed_categories()
    rebuild()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/questions/?q=long1")
    page.get_by_test_id("match-count").wait_for()
    assert page.locator(".question-table .chip", has_text=LONG_CATEGORY).count() == 1
    _assert_words_fit(page, width, "questions")

    # The category's own list: its key and display name in the heading.
    page.goto(f"{live_app.url}/questions/?category={LONG_CATEGORY}")
    page.get_by_test_id("match-count").wait_for()
    _assert_words_fit(page, width, "questions-category")


@pytest.mark.parametrize("width", WIDTHS)
def test_player_profile_calendar_and_day_words_fit(page, sign_in, live_app, width):
    today = dt.datetime.now(dt.UTC).date()
    for n in range(9):
        put_question(f"q_{n:03d}", f"Is statement number {n} true?", n % 2 == 0)
    put_question("q_long", f"Is {PLAYER_WORD} a word?", True)
    user_id = new_player(created=dt.datetime.now(dt.UTC) - dt.timedelta(days=400))
    for back, right in ((40, 10), (3, 6), (2, 10), (1, 8)):
        answers = [(f"q_{n:03d}", n % 2 == 0, n < right) for n in range(9)]
        answers.append(("q_long", True, right == 10))
        submit_daily(user_id, today - dt.timedelta(days=back), answers)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in("support", "sam")

    page.goto(f"{live_app.url}/players/{user_id}/")
    day = (today - dt.timedelta(days=2)).isoformat()
    page.locator(f'#calendar-section a.cell[data-day="{day}"]').click()
    page.locator("#day-detail .day-table").wait_for()
    assert page.locator("#day-detail .day-table", has_text=PLAYER_WORD).count() == 1
    _assert_words_fit(page, width, "player")


@pytest.mark.parametrize("width", WIDTHS)
def test_question_editor_with_its_history_fits(page, sign_in, live_app, width):
    """The history's before/after table sits in the narrow side column: its text cells must
    not insist on a width that column doesn't have."""
    from truthbyte_admin.data import audit

    _seed_categories()
    rebuild()
    before = {"question": "Is the Seine the river of Paris?", "passage": "It crosses the city."}
    after = {"question": "Does the Seine cross Paris?", "passage": "It crosses the capital."}
    audit.record(
        audit.new_entry("question#lit1", actor="eddie", action="edit", before=before, after=after)
    )
    page.set_viewport_size({"width": width, "height": 900})
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/questions/lit1/")
    page.locator("#history table").first.wait_for()
    _assert_words_fit(page, width, "question-editor")
