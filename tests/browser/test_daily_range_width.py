"""The daily range table at 1024 and 1440 px (14 and 30 days): it fits the page, so every day and
every column is on it — no scroll box of its own hiding the last days below its edge or the mix
of the day to the right — and its column heads stay in view while the page scrolls."""

from __future__ import annotations

import pytest

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


def table_facts(page) -> dict:
    return page.evaluate(
        """() => {
          const box = document.querySelector('[data-testid=daily-range-scroller]');
          const r = box.getBoundingClientRect();
          const rows = [...box.querySelectorAll('tbody tr')];
          const ids = [...box.querySelectorAll('tbody a.daily-qid')];
          return {
            left: r.left, right: r.right,
            scrollsItself: box.scrollHeight > box.clientHeight + 1
              || box.scrollWidth > box.clientWidth + 1,
            mixRight: box.querySelector('thead th:last-child').getBoundingClientRect().right,
            rowsRight: Math.max(...rows.map(row => row.getBoundingClientRect().right)),
            idsOverflow: ids.filter(a => {
              const cell = a.closest('td').getBoundingClientRect();
              const link = a.getBoundingClientRect();
              return link.right > cell.right + 1 || link.left < cell.left - 1;
            }).length,
            pageScrollsSideways:
              document.documentElement.scrollWidth > document.documentElement.clientWidth,
          };
        }"""
    )


@pytest.mark.parametrize("days", [14, 30])
@pytest.mark.parametrize("width", [1024, 1440])
@pytest.mark.parametrize("long_ids", [False, True])
def test_every_day_and_column_of_the_range_is_on_the_page(
    page, sign_in, live_app, width, days, long_ids
):
    seed_demo_like(long_ids=long_ids)
    sign_in("support", "sam")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_app.url}/daily/range/?start=2026-12-05&days={days}")
    facts = table_facts(page)
    assert not facts["pageScrollsSideways"], facts
    assert not facts["scrollsItself"], facts
    assert facts["mixRight"] <= facts["right"] + 1, facts  # the mix of the day is whole
    assert facts["rowsRight"] <= facts["right"] + 1, facts
    assert facts["idsOverflow"] == 0, "an id runs out of its column"
    assert page.locator("[data-testid=daily-range] tbody tr").count() == days
    screenshot(page, f"daily-range-{days}-at-{width}{'-long-ids' if long_ids else ''}")

    # The last day is reached by scrolling the page, with the column heads still in view.
    last = page.locator("[data-testid=daily-range] tbody tr").last
    last.scroll_into_view_if_needed()
    assert last.is_visible()
    head = page.locator("[data-testid=daily-range] thead th").first.bounding_box()
    assert -1 <= head["y"] <= 5, "the column heads scrolled away with the page"
