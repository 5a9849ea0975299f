"""The daily range table at 1024 and 1440 px (14 and 30 days): every column can be reached.

It scrolls inside a box no taller than the window — so once the box is in view its sideways
scrollbar is too, never only under the last row — with the dates and column heads kept in view,
a hint while more columns are to the right, and the last column whole when scrolled to."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser import screenshot
from tests.support.daily import game_question
from truthbyte_admin.data import tables
from truthbyte_admin.data.batch import batch_write


def seed_demo_like(count: int = 80, *, long_ids: bool = False) -> None:
    items = []
    for n in range(1, count + 1):
        item = game_question(n, 1 + n % 4)
        # The demo world's ids (dq00035), or the admin's own (q_ + 12 hex digits).
        item["id"] = f"q_{n:012x}" if long_ids else f"dq{n:05d}"
        items.append(item)
    batch_write(tables.name(tables.QUESTIONS), puts=items)


def box_facts(page) -> dict:
    return page.evaluate(
        """() => {
          const box = document.querySelector('[data-testid=daily-range-scroller]');
          const r = box.getBoundingClientRect();
          const mix = box.querySelector('thead th:last-child').getBoundingClientRect();
          const lastMix = box.querySelector('tbody tr:last-child td.daily-mix')
            .getBoundingClientRect();
          const date = box.querySelector('tbody tr th[scope=row]').getBoundingClientRect();
          return {
            left: r.left + box.clientLeft,
            right: r.left + box.clientLeft + box.clientWidth,
            top: r.top, bottom: r.bottom,
            height: r.height, overflows: box.scrollWidth > box.clientWidth + 1,
            scrollLeft: box.scrollLeft, scrollMax: box.scrollWidth - box.clientWidth,
            mixLeft: mix.left, mixRight: mix.right, lastMixRight: lastMix.right,
            dateLeft: date.left,
            pageScrollsSideways:
              document.documentElement.scrollWidth > document.documentElement.clientWidth,
          };
        }"""
    )


@pytest.mark.parametrize("days", [14, 30])
@pytest.mark.parametrize("width", [1024, 1440])
def test_every_column_of_the_range_can_be_reached(page, sign_in, live_app, width, days):
    seed_demo_like(long_ids=width == 1440)  # long ids: wider than 1440 too
    sign_in("support", "sam")
    page.set_viewport_size({"width": width, "height": 768})
    page.goto(f"{live_app.url}/daily/range/?start=2026-12-05&days={days}")
    scroller = page.get_by_test_id("daily-range-scroller")
    hint = page.get_by_test_id("range-scroll-hint")
    facts = box_facts(page)
    assert not facts["pageScrollsSideways"]
    assert facts["overflows"], "these ids are wider than the page: the box must scroll"
    assert facts["height"] <= 768  # the sideways scrollbar is on screen with the box
    expect(hint).to_be_visible()
    assert facts["mixLeft"] >= facts["right"]  # the mix is to the right, out of view ...

    # Brought into view (the page scrolls down to it): the whole box, its scrollbar too.
    page.evaluate("document.querySelector('.daily-range-box').scrollIntoView({block: 'start'})")
    facts = box_facts(page)
    assert facts["top"] >= -1, facts
    assert facts["bottom"] <= 768, facts
    screenshot(page, f"daily-range-{days}-at-{width}")

    # ... reached with the keyboard: Tab into the box, then arrow keys scroll it sideways.
    scroller.focus()
    expect(scroller).to_be_focused()
    for _ in range(60):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => { const b = document.querySelector('[data-testid=daily-range-scroller]');"
        " return b.scrollLeft >= b.scrollWidth - b.clientWidth - 1; }"
    )
    facts = box_facts(page)
    # The last column whole, not cut mid-text; the dates still there; the hint gone.
    assert facts["mixLeft"] >= facts["left"]
    # (Sub-pixel layout: a column cut mid-text would be tens of pixels over, not 1–2.)
    assert facts["mixRight"] <= facts["right"] + 3, facts
    assert facts["lastMixRight"] <= facts["right"] + 3, facts
    assert abs(facts["dateLeft"] - facts["left"]) <= 2  # sticky date column
    expect(hint).to_be_hidden()
    expect(scroller.locator("thead th:last-child")).to_have_text("Mix of the day")
    screenshot(page, f"daily-range-{days}-at-{width}-scrolled")


def test_no_hint_when_the_table_fits(page, sign_in, live_app):
    seed_demo_like()
    sign_in("support", "sam")
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_app.url}/daily/range/?start=2026-12-05&days=14")
    facts = box_facts(page)
    assert not facts["overflows"]  # the demo world's ids fit at 1440
    assert facts["mixRight"] <= facts["right"] + 1
    expect(page.get_by_test_id("range-scroll-hint")).to_be_hidden()
