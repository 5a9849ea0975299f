"""Search "paris" on the question list finds, in one search, every question whose text or title
contains the word Paris (any case), on the curated set when it is here."""

from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from tests.conftest import CURATED
from tests.support import game_writes as game
from tests.support.browser import screenshot
from truthbyte_admin.data import tables
from truthbyte_admin.data.batch import batch_write
from truthbyte_admin.data.importing import question_from_export
from truthbyte_admin.staffindex.build import rebuild

PARIS = re.compile(r"\bparis", re.IGNORECASE)


def _load() -> list[dict]:
    if CURATED.exists():
        lines = CURATED.read_text(encoding="utf-8").splitlines()
        items = [question_from_export(json.loads(line)).to_item() for line in lines if line]
    else:
        items = [
            {
                "id": f"g{n:04d}",
                "question": f"Is {w} question {n} true?",
                "title": w,
                "passage": "",
                "answer": True,
                "categories": ["general"],
                "difficulty": 3,
            }
            # 18 matches (+1 accented below): one page of results, as the curated set gives.
            for n, w in enumerate(["Paris", "PARIS", "Rome", "Comparison", "paris,"] * 6)
        ]
    batch_write(tables.name(tables.QUESTIONS), puts=items)
    return items


def test_search_paris_finds_every_match_in_one_search(page, sign_in, live_app):
    items = _load()
    game.question("x_accent", "Is Pàris spelled with an accent here?", title="Accent")
    rebuild()
    expected = {i["id"] for i in items if PARIS.search(i["question"]) or PARIS.search(i["title"])}
    expected.add("x_accent")
    sign_in("editor", "eddie")
    page.goto(f"{live_app.url}/questions/")
    page.get_by_label("Search", exact=True).fill("paris")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_test_id("match-count")).to_contain_text("matching “paris”")
    count = int(page.get_by_test_id("match-count").inner_text().split()[0])
    # The count, not the whole list, is said to screen readers.
    expect(page.locator("#page-status")).to_have_text(
        page.get_by_test_id("match-count").inner_text()
    )
    assert count >= len(expected)
    found = set(page.locator("table.question-table tbody td:first-child code").all_inner_texts())
    assert expected <= found, sorted(expected - found)[:10]
    freshness = page.get_by_test_id("index-freshness")
    expect(freshness).to_contain_text("List brought up to date with the game")
    screenshot(page, "question-search-paris")

    # Sorted by best match although the list was opened without words (the Sort box's default
    # follows the search box), then Back from a second search: the whole page, header and form
    # included, with the first search (it showed the results alone: create/search probe).
    assert "sort=id" not in page.url
    page.get_by_label("Search", exact=True).fill("rome")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_test_id("match-count")).to_contain_text("matching “rome”")
    page.go_back()
    expect(page.get_by_test_id("match-count")).to_contain_text("matching “paris”")
    expect(page.get_by_role("navigation").first).to_be_visible()
    expect(page.get_by_label("Search", exact=True)).to_have_value("paris")
