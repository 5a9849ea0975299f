"""The queue's link to design-document-shape submissions, and the keyboard on that list."""

from __future__ import annotations

from tests.support.browser import screenshot
from tests.support.moderation import (
    SUBMITTER,
    game_submission,
    put_documented,
    put_game_item,
    seed_categories,
)
from truthbyte_admin.data import questions, submissions, tables

ROWS = "table[data-queue] tbody tr[data-submission-id]"


def test_moderator_reaches_the_unindexed_list_and_works_it_by_keyboard(page, sign_in, live_app):
    seed_categories("general", "geography", "science", "history")
    put_game_item(tables.SUBMISSIONS, game_submission("q_9a3e0001"))
    put_documented("q_d0c00001", tags=["history"], created_at=1_764_200_000)
    put_documented(
        "q_d0c00002",
        question="Is the Great Wall of China visible from the Moon?",
        suggested_answer=False,
        created_at=1_764_200_060,
    )
    sign_in("moderator", "mona")

    page.goto(f"{live_app.url}/queue/")
    assert page.locator(ROWS).count() == 1
    notice = page.locator("[data-testid=unindexed-notice]")
    assert notice.is_visible() and "status-index cannot hold them" in notice.inner_text()
    screenshot(page, "moderation-queue-unindexed-notice")
    notice.locator("a").click()
    page.wait_for_url("**/queue/?source=unindexed")

    explainer = page.locator("[data-testid=unindexed-explainer]")
    assert "which status-index cannot hold; found by a filtered Scan" in explainer.inner_text()
    rows = page.locator(ROWS)
    assert rows.count() == 2
    assert SUBMITTER[:10] in rows.first.inner_text()
    screenshot(page, "moderation-unindexed-list")

    # The same keys as the queue: a approves the current row, r rejects with a reason.
    assert page.locator("tr.current").get_attribute("data-submission-id") == "q_d0c00001"
    page.keyboard.press("a")
    page.locator("#row-q_d0c00001").wait_for(state="detached")
    assert "Approved q_d0c00001" in page.locator("#messages").inner_text()
    page.keyboard.press("r")
    page.keyboard.press("ArrowDown")  # nothing is preselected: first "Duplicate of ..."
    page.keyboard.press("ArrowDown")  # "Answer is wrong or unverifiable"
    page.keyboard.press("Enter")
    page.locator("#row-q_d0c00002").wait_for(state="detached")
    assert "Rejected q_d0c00002" in page.locator("#messages").inner_text()
    screenshot(page, "moderation-unindexed-after")

    approved = submissions.get("q_d0c00001")
    assert approved.status == "approved" and approved.reviewer_id == "mona"
    question = questions.get(approved.approved_question_id)
    assert question.original_author == SUBMITTER
    assert question.categories == ["history", "general"]
    assert submissions.get("q_d0c00002").rejection_reason == "Answer is wrong or unverifiable"

    page.goto(f"{live_app.url}/queue/?source=unindexed")
    assert page.locator("[data-testid=queue-empty]").is_visible()

    # The review's submitter panel says author-index can't see this shape.
    page.goto(f"{live_app.url}/queue/q_d0c00002/")
    partial = page.locator("[data-testid=author-partial]")
    assert "Partial:" in partial.inner_text()
    assert page.locator("[data-testid=author-rejected]").inner_text() == "1"
    screenshot(page, "moderation-review-documented")
