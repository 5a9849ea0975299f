"""The daily set preview in Chromium: open it, step to the next day, follow a question onward."""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.support.browser import screenshot, wait_until
from tests.support.daily import (
    reference_client,
    reference_pool,
    reference_set,
    seed_questions,
)


def shown_ids(page) -> list[str]:
    return page.locator("table.daily-set tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.questionId)"
    )


def test_preview_next_day_and_editor_link(page, sign_in, live_app):
    seed_questions(60, every_hard=4)
    pool = reference_pool(reference_client())
    sign_in("support", "sam")
    day = date(2025, 12, 31)
    page.goto(f"{live_app.url}/daily/?date={day.isoformat()}")
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading.startswith("Daily set for Wednesday 31 December 2025")
    assert shown_ids(page) == reference_set(pool, day)
    assert page.get_by_test_id("caveat").is_visible()
    screenshot(page, "daily-preview")

    # Next day (htmx swaps the panel and pushes the URL; without JS it is a plain link).
    # htmx's indicator styles come from our stylesheet (its inline <style> would break the CSP).
    indicator = page.get_by_test_id("loading")
    assert indicator.evaluate("e => getComputedStyle(e).opacity") == "0"
    assert page.evaluate("htmx.config.includeIndicatorStyles") is False
    page.get_by_test_id("next-day").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"date=2026-01-01"))
    page.wait_for_selector('section#day-panel[data-day="2026-01-01"]')
    # Keyboard users keep their place: focus is back on the (new) "next day" link.
    wait_until(page, "document.activeElement && document.activeElement.id === 'daily-next'")
    next_day = day + timedelta(days=1)
    assert shown_ids(page) == reference_set(pool, next_day)
    assert "Thursday 1 January 2026" in page.get_by_role("heading", level=1).inner_text()
    # The new date is said to screen readers (the one status region, which stays on the page).
    expect(page.locator("#page-status")).to_have_text("Daily set for Thursday 1 January 2026 (UTC)")
    assert page.title() == "Daily set 2026-01-01 · TruthByte Admin"  # the tab, history, bookmarks
    screenshot(page, "daily-preview-next-day")

    # Jump form.
    page.fill("#daily-date", "2024-02-29")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"date=2024-02-29"))
    assert shown_ids(page) == reference_set(pool, date(2024, 2, 29))
    assert page.get_by_test_id("past-note").is_visible()

    # Follow the first question to its editor.
    first_id = shown_ids(page)[0]
    link = page.locator(f'table.daily-set a[data-question-id="{first_id}"]')
    assert link.get_attribute("href") == f"/questions/{first_id}/"
    with page.expect_navigation() as navigation:
        link.click()
    assert navigation.value.status == 200
    assert page.url.endswith(f"/questions/{first_id}/")
    assert first_id in page.get_by_role("heading", level=1).inner_text()
    # The editor includes this package's panel (templates/daily/_question_days.html).
    panel = page.get_by_test_id("question-days")
    assert panel.is_visible()
    assert re.search(r"Based on the pool as read at \d\d:\d\d UTC", panel.inner_text())
    screenshot(page, "daily-editor-target")


def test_range_view_shows_days_by_set_with_repeats(page, sign_in, live_app):
    seed_questions(40, every_hard=4)  # 30 eligible: repeats are certain over 30 days
    sign_in("support", "sam")
    page.goto(f"{live_app.url}/daily/range/?start=2025-12-20&days=30")
    rows = page.locator("table.daily-range tbody tr")
    assert rows.count() == 30
    assert rows.first.locator("td:not(.daily-mix)").count() == 10
    assert page.locator("td.daily-repeat").count() > 0
    # Per-day mix, and the texts on expansion (and on hover: each id's title is its text).
    mix = rows.first.get_by_test_id("day-mix")
    assert re.search(r"True \d+ / False \d+", mix.inner_text())
    assert "Difficulty 1:" in mix.inner_text()
    mix.locator("summary").click()
    assert mix.locator("ol li").count() == 10
    assert mix.locator("ol li").first.is_visible()
    first_link = rows.first.locator("a.daily-qid").first
    assert first_link.get_attribute("title")
    assert page.get_by_test_id("repeats").is_visible()
    # At 1024 px the 30 days scroll inside their own box, never the page.
    page.set_viewport_size({"width": 1024, "height": 768})
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    screenshot(page, "daily-range-30")
    page.select_option("#range-days", "14")
    page.locator("form.inline-form").get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"days=14"))
    assert page.locator("table.daily-range tbody tr").count() == 14


def test_refused_day_is_obvious(page, sign_in, live_app):
    seed_questions(9, every_hard=0)
    sign_in("support", "sam")
    page.goto(f"{live_app.url}/daily/?date=2026-03-01")
    alert = page.get_by_test_id("refused")
    assert alert.is_visible()
    assert "Not enough questions available for daily challenge" in alert.inner_text()
    screenshot(page, "daily-refused")
