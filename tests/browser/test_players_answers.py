"""Support reads a player's answers newest first, across pages, with times in seconds."""

from __future__ import annotations

import datetime as dt

from tests.support.browser import screenshot
from tests.support.players_game import new_player, put_question


def test_support_sees_answers_newest_first_across_pages(page, sign_in, live_app):
    from truthbyte_admin.data import batch, tables

    for n in range(5):
        put_question(f"q_{n:03d}", f"Is statement {n} true?", True)
    user_id = new_player()
    base = int(dt.datetime(2026, 3, 1, tzinfo=dt.UTC).timestamp())
    # id order is the reverse of time order: the table's order would show the oldest first
    batch.batch_write(
        tables.name(tables.ANSWERS),
        puts=[
            {
                "user_id": user_id,
                "question_id": f"q_{n:03d}",
                "answer": True,
                "mode": "daily",
                "timestamp": base - n * 3600,
                "response_time_ms": 2500,
            }
            for n in range(70)
        ],
    )
    sign_in("support", "sam")
    for width in (1024, 1440):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_app.url}/players/{user_id}/answers/")
        screenshot(page, f"players-answers-{width}")

    def shown() -> list[str]:
        return page.locator("table.answers-table tbody tr td:first-child code").all_inner_texts()

    first = shown()
    assert first == [f"q_{n:03d}" for n in range(50)]
    assert "2.5 s" in page.locator("table.answers-table").inner_text()
    page.get_by_role("link", name="Older answers ›").click()
    page.wait_for_url("**page=2")
    assert shown() == [f"q_{n:03d}" for n in range(50, 70)]
    stamps = page.locator("table.answers-table time").evaluate_all(
        "ts => ts.map(t => t.getAttribute('datetime'))"
    )
    assert stamps == sorted(stamps, reverse=True)

    page.goto(f"{live_app.url}/players/{user_id}/")
    for width in (1024, 1440):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"players-profile-12-months-{width}")
    assert page.locator("table.heatmap-grid a.cell, table.heatmap-grid span.cell").count() >= 365
