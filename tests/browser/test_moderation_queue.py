"""The one moderation queue in Chromium: both submission shapes in time order, a category filter
with full pages and its total, an approval leaving at once, and the game's own approvals
leaving (and their questions appearing) once the sync has run, within the stated freshness."""

from __future__ import annotations

import re

from django.core.management import call_command
from playwright.sync_api import expect

from tests.support import game_writes as game
from tests.support.browser import screenshot
from tests.support.index import synced
from tests.support.moderation import (
    JARGON,
    SUBMITTER,
    game_submission,
    put_documented,
    put_game_item,
    seed_categories,
)
from truthbyte_admin.data import submissions, tables
from truthbyte_admin.staffindex import sync

ROWS = "table[data-queue] tbody tr[data-submission-id]"


def _ids(page) -> list[str]:
    return page.locator(ROWS).evaluate_all("rows => rows.map(r => r.dataset.submissionId)")


def _stated_freshness(page) -> int:
    """The seconds in "List brought up to date with the game N s ago"; the banner must not flag
    the list as stale."""
    banner = page.get_by_test_id("index-freshness")
    assert banner.get_attribute("data-stale") == "0"
    return int(re.search(r"with the game (\d+) s ago", banner.inner_text()).group(1))


def test_the_queue_shows_both_shapes_in_submission_time_order(page, sign_in, live_app):
    seed_categories("general", "geography", "science", "history")
    put_game_item(tables.SUBMISSIONS, game_submission("q_9a3e0002", submitted_at=1_764_000_300))
    put_documented("q_d0c00001", created_at=1_764_000_100)
    put_game_item(tables.SUBMISSIONS, game_submission("q_9a3e0001", submitted_at=1_764_000_000))
    put_documented("q_d0c00002", created_at=1_764_000_200, question="Is the Nile long?")
    synced()
    sign_in("moderator", "mona")
    page.goto(f"{live_app.url}/queue/")
    assert _ids(page) == ["q_9a3e0001", "q_d0c00001", "q_d0c00002", "q_9a3e0002"]
    expect(page.get_by_test_id("queue-total")).to_have_text("4 pending, oldest first")
    expect(page.get_by_test_id("pending-count")).to_contain_text("4 pending")
    expect(page.get_by_test_id("pending-badge")).to_contain_text("4")
    assert SUBMITTER[:10] in page.locator("#row-q_d0c00001").inner_text()
    body = page.inner_text("main")
    assert not JARGON.search(body), JARGON.search(body)
    screenshot(page, "moderation-queue-one-list")
    page.get_by_label("Order").select_option("newest")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"order=newest"))
    assert _ids(page) == ["q_9a3e0002", "q_d0c00002", "q_d0c00001", "q_9a3e0001"]
    # The review of a design-document submission speaks plainly too.
    page.goto(f"{live_app.url}/queue/q_d0c00001/")
    expect(page.get_by_test_id("author-counts-note")).to_contain_text("every submission")
    body = page.inner_text("body")
    assert not JARGON.search(body), JARGON.search(body)
    screenshot(page, "moderation-review-design-document-fields")


def test_a_category_filter_gives_full_pages_and_the_right_total(page, sign_in, live_app):
    seed_categories("general", "science")
    put_game_item(
        tables.CATEGORIES,
        {"category_id": "capitals", "name": "Capital Cities", "question_count": 0},
    )
    expected = []
    for n in range(64):
        cats = ["capitals"] if n % 2 == 0 else ["science"]
        sid = f"q_c{n:07d}"
        if n % 3:
            put_game_item(
                tables.SUBMISSIONS,
                game_submission(sid, categories=cats, submitted_at=1_764_000_000 + n * 60),
            )
        else:
            put_documented(sid, tags=cats, created_at=1_764_000_000 + n * 60)
        if n % 2 == 0:
            expected.append(sid)  # 32: a full page of 25, then 7
    synced()
    sign_in("moderator", "mona")
    page.goto(f"{live_app.url}/queue/")
    page.get_by_label("Category").fill("Capital Cities")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_test_id("queue-total")).to_contain_text("32 of 64 pending in Capital Cities")
    seen = _ids(page)
    assert len(seen) == 25
    expect(page.get_by_test_id("pager")).to_contain_text("Page 1 of 2 · 1–25 of 32")
    screenshot(page, "moderation-queue-category-filter")
    page.get_by_role("link", name="Next page").click()
    expect(page.get_by_test_id("pager")).to_contain_text("Page 2 of 2 · 26–32 of 32")
    seen += _ids(page)
    assert seen == expected
    expect(page.get_by_role("link", name="Next page")).to_have_count(0)


def test_an_approval_disappears_from_the_queue_at_once(page, sign_in, live_app):
    seed_categories("general", "geography", "science")
    put_game_item(tables.SUBMISSIONS, game_submission("q_00000001", submitted_at=1_764_000_000))
    put_documented("q_d0c00001", created_at=1_764_000_060, question="Is Lima in Peru?")
    put_game_item(
        tables.SUBMISSIONS,
        game_submission("q_00000003", submitted_at=1_764_000_120, question="Is Oslo in Norway?"),
    )
    synced()
    sign_in("moderator", "mona")
    page.goto(f"{live_app.url}/queue/")
    expect(page.get_by_test_id("pending-badge")).to_contain_text("3")
    page.locator("#row-q_d0c00001 form.approve-form button").click()
    page.locator("#row-q_d0c00001").wait_for(state="detached")
    expect(page.locator("#messages")).to_contain_text("Approved q_d0c00001")
    expect(page.get_by_test_id("pending-badge")).to_contain_text("2")
    expect(page.get_by_test_id("pending-count")).to_contain_text("2 pending")
    # The list's heading follows too, without a reload.
    expect(page.get_by_test_id("queue-total")).to_have_text("2 pending, oldest first")
    # A fresh load (no sync has run): still gone, and the totals agree.
    page.reload()
    assert _ids(page) == ["q_00000001", "q_00000003"]
    expect(page.get_by_test_id("queue-total")).to_have_text("2 pending, oldest first")
    assert submissions.get("q_d0c00001").status == "approved"
    screenshot(page, "moderation-queue-after-approval")


def test_the_games_own_approval_leaves_the_queue_and_its_question_appears_after_the_sync(
    page, sign_in, live_app
):
    seed_categories("general", "geography", "science")
    put_game_item(tables.SUBMISSIONS, game_submission("q_00000001", submitted_at=1_764_000_000))
    put_game_item(
        tables.SUBMISSIONS,
        game_submission(
            "q_00000002",
            submitted_at=1_764_000_060,
            question="Is Quito the capital of Ecuador?",
            categories=["geography"],
        ),
    )
    call_command("enable_streams", verbosity=0, stdout=open("/dev/null", "w"))
    synced()
    sync.sync_once()  # the first pass with streams on takes its positions
    sign_in("moderator", "mona")
    page.goto(f"{live_app.url}/queue/")
    assert _ids(page) == ["q_00000001", "q_00000002"]

    game.approve("q_00000002", "q_9a3e9a3e", at=1_764_100_000, reviewer="game-admin")
    game.game_submission("q_00000003", "Is Riga in Latvia?", author=SUBMITTER, at=1_764_000_120)
    sync.sync_once()  # what `sync_index --follow` does every second with streams on

    page.goto(f"{live_app.url}/queue/")
    assert _ids(page) == ["q_00000001", "q_00000003"]
    assert _stated_freshness(page) <= 5
    page.goto(f"{live_app.url}/questions/?q=quito")
    expect(page.get_by_test_id("match-count")).to_contain_text("1 question matching")
    expect(page.locator("table.question-table")).to_contain_text("q_9a3e9a3e")
    assert _stated_freshness(page) <= 5
    screenshot(page, "moderation-game-approval-synced")
