"""Pending submissions status-index cannot hold: the design document's shape (GAME.md).

Those items carry ``created_at`` and ``submitter_id`` instead of ``submitted_at`` and ``author``;
a GSI only holds items with both its key attributes, so the queue lists them separately, from a
bounded filtered Scan (``/queue/?source=unindexed``). Items are written exactly as the demo seed
(truthbyte_admin/demo/generate.py) and the design document write them.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from django.core.cache import cache

from tests.support.moderation import (
    AUTHOR,
    SUBMITTER,
    category_count,
    game_submission,
    put_documented,
    put_game_item,
    raw_item,
    seed_categories,
)
from tests.support.older_deployment import create_tables_without_submission_indexes
from tests.support.requests import assert_dynamodb_requests
from truthbyte_admin.data import cursors, questions, submissions, tables

HTMX = {"HTTP_HX_REQUEST": "true"}
EXPLAINER = (
    "Pending submissions in the design document's shape (no <code>submitted_at</code>), "
    "which status-index cannot hold; found by a filtered Scan: pages may be short or "
    "empty while more remain."
)


@pytest.fixture
def tables_ready(game_tables):
    seed_categories("general", "geography", "science", "history")
    return game_tables


def row_ids(html: str) -> list[str]:
    return re.findall(r'data-submission-id="([^"]+)"', html)


def next_link(html: str) -> str | None:
    match = re.search(r'rel="next" href="([^"]+)"', html)
    return match.group(1).replace("&amp;", "&") if match else None


def page_cursor(html: str) -> str:
    return unquote(re.search(r"cursor=([^\"&]+)", html).group(1))


def unindexed_ids(client_, url: str = "/queue/?source=unindexed") -> list[str]:
    """Every row of the unindexed list, following "Next page" to the end."""
    found: list[str] = []
    while url:
        html = client_.get(url).content.decode()
        found += row_ids(html)
        url = next_link(html)
    return found


# --- the list ----------------------------------------------------------------------------------


def test_queue_misses_documented_shape_and_says_where_they_are(moderator_client, tables_ready):
    put_game_item(tables.SUBMISSIONS, game_submission("q_9a3e0001"))
    put_documented("q_d0c00001")
    put_documented("q_d0c00002", created_at=1_764_200_060)
    put_documented("q_d0c00003", status="approved")  # reviewed: in neither list

    queue = moderator_client.get("/queue/").content.decode()
    assert row_ids(queue) == ["q_9a3e0001"]
    notice = re.search(r'data-testid="unindexed-notice">(.*?)</p>', queue, re.S).group(1)
    assert "design document's shape" in notice and "status-index cannot hold them" in notice
    assert 'href="/queue/?source=unindexed"' in notice

    response = moderator_client.get("/queue/?source=unindexed")
    html = response.content.decode()
    assert response.status_code == 200
    assert sorted(row_ids(html)) == ["q_d0c00001", "q_d0c00002"]
    assert EXPLAINER in html
    assert 'data-testid="unindexed-notice"' not in html
    assert "2025-11-26 23:33 UTC" in html  # created_at shown as the submission time
    assert SUBMITTER[:13] in html  # submitter_id shown as the author
    assert 'id="f-order"' not in html  # a Scan has no order to choose
    assert '<input type="hidden" name="source" value="unindexed">' in html
    assert 'aria-current="page">Not in status-index' in html.replace("\n", "")


def test_notice_keeps_the_filters_and_is_absent_when_the_queue_already_scans(
    moderator_client,
    dynamodb,
):
    create_tables_without_submission_indexes()
    cache.clear()
    put_game_item(tables.SUBMISSIONS, game_submission("q_9a3e0001"))
    put_documented("q_d0c00001")
    # Without status-index the queue is a Scan over both shapes: nothing is hidden.
    html = moderator_client.get("/queue/").content.decode()
    assert sorted(row_ids(html)) == ["q_9a3e0001", "q_d0c00001"]
    assert 'data-testid="unindexed-notice"' not in html
    assert "It includes submissions of both shapes." in html
    assert row_ids(moderator_client.get("/queue/?source=unindexed").content.decode()) == [
        "q_d0c00001"
    ]


def test_unindexed_list_filters_by_tag_and_by_submitter_or_author(moderator_client, tables_ready):
    put_documented("q_d0c0a001", tags=["history"])
    put_documented("q_d0c0a002", tags=["science"], submitter_id="someone-else")
    # A hybrid: `author` but no `submitted_at` (also outside both GSIs).
    hybrid = game_submission("q_hyb00001", author="someone-else", categories=["history"])
    del hybrid["submitted_at"]
    put_game_item(tables.SUBMISSIONS, hybrid)

    def ids(query: str) -> list[str]:
        return sorted(unindexed_ids(moderator_client, f"/queue/?source=unindexed&{query}"))

    assert ids("category=history") == ["q_d0c0a001", "q_hyb00001"]
    assert ids("author=someone-else") == ["q_d0c0a002", "q_hyb00001"]
    assert ids(f"author={SUBMITTER}") == ["q_d0c0a001"]
    assert ids("author=someone-else&category=science") == ["q_d0c0a002"]
    html = moderator_client.get("/queue/?source=unindexed&author=nobody").content.decode()
    assert "No pending design-document-shape submissions match these filters." in html
    # The author link of a row keeps to this list.
    assert (
        f'href="/queue/?source=unindexed&amp;author={SUBMITTER}"'
        in moderator_client.get("/queue/?source=unindexed").content.decode()
    )
    # The notice on the filtered queue carries the filters over.
    queue = moderator_client.get("/queue/?category=history&order=newest").content.decode()
    assert 'href="/queue/?category=history&amp;source=unindexed"' in queue


def test_unindexed_list_paginates_with_signed_cursors_of_its_own(moderator_client, tables_ready):
    for n in range(30):
        put_game_item(
            tables.SUBMISSIONS, game_submission(f"q_9a{n:06x}", submitted_at=1_764_000_000 + n)
        )
    documented = [f"q_d0{n:06x}" for n in range(30)]
    for n, submission_id in enumerate(documented):
        put_documented(submission_id, created_at=1_764_200_000 + n)
    first = moderator_client.get("/queue/?source=unindexed").content.decode()
    assert len(row_ids(first)) <= 25 and next_link(first) is not None
    assert "source=unindexed" in next_link(first)
    assert sorted(unindexed_ids(moderator_client)) == documented

    # A cursor of this list can't be replayed on the queue, nor the queue's on this list.
    unindexed_cursor = page_cursor(first)
    response = moderator_client.get("/queue/", {"cursor": unindexed_cursor})
    assert response.status_code == 400 and b"different list" in response.content
    queue_cursor = page_cursor(moderator_client.get("/queue/").content.decode())
    response = moderator_client.get("/queue/", {"source": "unindexed", "cursor": queue_cursor})
    assert response.status_code == 400 and b"different list" in response.content
    # Nor on the same list with other filters.
    response = moderator_client.get(
        "/queue/", {"source": "unindexed", "category": "history", "cursor": unindexed_cursor}
    )
    assert response.status_code == 400
    forged = cursors.encode({"id": {"S": "q_d0000001"}}, listing="queue:index:idx:oldest::")
    response = moderator_client.get("/queue/", {"source": "unindexed", "cursor": forged})
    assert response.status_code == 400


def test_unknown_source_is_a_400(moderator_client, tables_ready):
    response = moderator_client.get("/queue/?source=everything")
    assert response.status_code == 400 and "Source must be" in response.content.decode()


def test_unindexed_page_makes_the_same_requests_whatever_the_table_size(
    moderator_client,
    tables_ready,
):
    put_documented("q_d0c00001")
    moderator_client.get("/queue/")  # warm the DescribeTable cache (the queue's index check)
    with assert_dynamodb_requests(2) as small:  # one Scan page + the categories table
        moderator_client.get("/queue/?source=unindexed")
    for n in range(40):
        put_game_item(tables.SUBMISSIONS, game_submission(f"q_9a{n:06x}"))
        put_documented(f"q_d1{n:06x}")
    with assert_dynamodb_requests(2) as large:
        html = moderator_client.get("/queue/?source=unindexed").content.decode()
    assert small.operations == large.operations == ["scan", "scan"]
    assert large.items_read - 4 == 25  # one page of 25 items read, minus the 4 categories
    assert len(row_ids(html)) <= 25 and next_link(html)  # rows depend on the Scan's order
    # The queue's own link to this list costs nothing extra.
    with assert_dynamodb_requests(2) as queue:
        html = moderator_client.get("/queue/").content.decode()
    assert queue.operations == ["query", "scan"] and 'data-testid="unindexed-notice"' in html


def test_an_empty_first_page_says_more_may_follow(moderator_client, tables_ready):
    for n in range(30):
        put_game_item(tables.SUBMISSIONS, game_submission(f"q_00{n:06x}"))
    put_documented("q_ff000001")  # sorts last in moto's Scan order
    first = moderator_client.get("/queue/?source=unindexed").content.decode()
    assert row_ids(first) == []
    assert "among the items this page read" in first and "More may follow" in first
    assert unindexed_ids(moderator_client) == ["q_ff000001"]


def test_with_none_left_the_list_says_so(moderator_client, tables_ready):
    put_game_item(tables.SUBMISSIONS, game_submission("q_9a3e0001"))
    html = moderator_client.get("/queue/?source=unindexed").content.decode()
    assert "every pending submission has <code>submitted_at</code>" in html


# --- acting from the list ----------------------------------------------------------------------


def _row_form(html: str, submission_id: str, kind: str) -> tuple[str, str]:
    """(action, next) of a row's approve or reject form, as the page renders them."""
    row = re.search(rf'<tr id="row-{submission_id}".*?</tr>', html, re.S).group(0)
    form = re.search(
        rf'<form method="post" action="([^"]+)" class="{kind}-form".*?'
        r'name="next" value="([^"]+)"',
        row,
        re.S,
    )
    return form.group(1), form.group(2).replace("&amp;", "&")


def test_approve_and_reject_a_documented_submission_from_the_unindexed_list(
    moderator_client,
    tables_ready,
):
    put_documented(
        "q_d0c00001", tags=["geography", "history"], difficulty=4, suggested_answer=False
    )
    put_documented("q_d0c00002", created_at=1_764_200_060)
    html = moderator_client.get("/queue/?source=unindexed").content.decode()
    action, back = _row_form(html, "q_d0c00001", "approve")
    assert action == "/queue/q_d0c00001/approve/" and back == "/queue/?source=unindexed"

    response = moderator_client.post(action, {"next": back}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/queue/?source=unindexed"
    assert "Approved q_d0c00001: it is now question q_" in page
    assert row_ids(page) == ["q_d0c00002"]  # no longer listed

    stored = submissions.get("q_d0c00001")
    assert (stored.status, stored.accepted, stored.reviewer_id) == ("approved", True, "mona")
    raw_submission = raw_item(tables.SUBMISSIONS, {"id": "q_d0c00001"})
    assert "submitted_at" not in raw_submission  # its shape is left as the player wrote it
    assert raw_submission["submitter_id"] == {"S": SUBMITTER}

    # The new question is in the game's shape, answer and categories from the documented fields.
    raw = raw_item(tables.QUESTIONS, {"id": stored.approved_question_id})
    assert raw["answer"] == {"BOOL": False}
    assert raw["categories"] == {"L": [{"S": "geography"}, {"S": "history"}, {"S": "general"}]}
    assert raw["difficulty"] == {"N": "4"}
    assert raw["original_author"] == {"S": SUBMITTER}
    assert raw["source"] == {"S": "user_submission"} and "N" in raw["created_at"]
    assert "tags" not in raw and "suggested_answer" not in raw
    entries = [e for e in questions.scan_index() if e.question_id == stored.approved_question_id]
    assert sorted(e.category for e in entries) == ["general", "geography", "history"]
    assert (category_count("geography"), category_count("general")) == (1, 1)

    # Reject the other one through htmx, as the row's form does with JavaScript.
    action, back = _row_form(page, "q_d0c00002", "reject")
    response = moderator_client.post(action, {"next": back, "reason": "duplicate"}, **HTMX)
    assert "HX-Reswap" not in response
    assert "Rejected q_d0c00002: Duplicate of an existing question." in response.content.decode()
    rejected = submissions.get("q_d0c00002")
    assert (rejected.status, rejected.accepted) == ("rejected", False)
    assert rejected.rejection_reason == "Duplicate of an existing question"
    assert unindexed_ids(moderator_client) == []
    assert len(list(questions.scan_all())) == 1


def test_bulk_approve_from_the_unindexed_list(moderator_client, tables_ready):
    put_documented("q_d0c00001")
    # A different question: the same text twice would be held back as a likely duplicate.
    put_documented(
        "q_d0c00002", tags=["science"], question="Is Mercury the planet closest to the Sun?"
    )
    put_documented("q_d0c00003", question="Too short")
    html = moderator_client.get("/queue/?source=unindexed").content.decode()
    page_ids = re.search(r'name="page_ids" value="([^"]+)"', html).group(1)
    assert sorted(page_ids.split(",")) == ["q_d0c00001", "q_d0c00002", "q_d0c00003"]
    form = {
        "action": "approve",
        "all_on_page": "1",
        "page_ids": page_ids,
        "next": "/queue/?source=unindexed",
    }
    confirm = moderator_client.post("/queue/bulk/", form).content.decode()
    assert "Approve 3 submissions?" in confirm
    done = moderator_client.post("/queue/bulk/", {**form, "confirmed": "1"}).content.decode()
    assert "2 of 3 approved; 1 not changed" in done
    assert "needs editing before approval" in done
    assert "/queue/?source=unindexed" in done  # the way back is to this list
    assert unindexed_ids(moderator_client) == ["q_d0c00003"]
    authors = {q.original_author for q in questions.scan_all()}
    assert authors == {SUBMITTER}


# --- the review's submitter context ------------------------------------------------------------


def test_review_of_a_documented_submission_counts_it_and_says_the_context_is_partial(
    moderator_client,
    tables_ready,
):
    put_documented("q_d0c00001")
    put_documented("q_d0c00002", status="rejected")  # not reachable through author-index
    # The same player's game-shape submission: author-index holds it.
    put_game_item(
        tables.SUBMISSIONS, game_submission("q_9a3e0001", author=SUBMITTER, status="approved")
    )
    put_game_item(
        tables.USERS,
        {"user_id": SUBMITTER, "trust_score": 0.6, "created_at": "2025-01-01T00:00:00Z"},
    )
    html = moderator_client.get("/queue/q_d0c00001/?next=/queue/%3Fsource%3Dunindexed")
    html = html.content.decode()
    assert f"<code>{SUBMITTER}</code>" in html
    assert 'data-testid="trust">0.60<' in html
    assert 'data-testid="author-pending">1<' in html  # this one, from its own item
    assert 'data-testid="author-approved">1<' in html  # the game-shape one, from the index
    assert 'data-testid="author-rejected">0<' in html  # the documented one isn't reachable
    partial = re.search(r'data-testid="author-partial">(.*?)</p>', html, re.S).group(1)
    assert "Partial:" in partial and "design document's shape" in partial
    assert "not counted" in partial
    assert f'href="/queue/?source=unindexed&amp;author={SUBMITTER}"' in partial
    assert 'href="/queue/?source=unindexed"' in html  # "Back" returns to the list
    assert "q_9a3e0001" in html  # recent submissions still listed


def test_review_of_a_game_submission_notes_what_author_index_leaves_out(
    moderator_client,
    tables_ready,
):
    put_game_item(tables.SUBMISSIONS, game_submission("q_9a3e0001"))
    html = moderator_client.get("/queue/q_9a3e0001/").content.decode()
    assert 'data-testid="author-pending">1<' in html
    partial = re.search(r'data-testid="author-partial">(.*?)</p>', html, re.S).group(1)
    assert "Partial:" not in partial
    assert "design document's shape" in partial and "not included" in partial
    assert f"author={AUTHOR}" in partial


def test_submitter_context_without_author_index_says_it_is_one_scan_page(
    moderator_client,
    dynamodb,
):
    create_tables_without_submission_indexes()
    cache.clear()
    put_documented("q_d0c00001")
    put_documented("q_d0c00002", status="approved")
    html = moderator_client.get("/queue/q_d0c00001/").content.decode()
    assert 'data-testid="author-pending">1<' in html
    assert 'data-testid="author-approved">1<' in html  # the Scan matches submitter_id
    partial = re.search(r'data-testid="author-partial">(.*?)</p>', html, re.S).group(1)
    assert "author-index is missing" in partial and "first 100 items" in partial
