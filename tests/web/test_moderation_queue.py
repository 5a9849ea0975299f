"""The moderation queue from the staff index: both submission shapes in one list in submission
time order, filters (category by slug or display name, author, text, age) with exact totals and
full pages, the pending count and the oldest one's wait — and zero DynamoDB requests per page.

Submissions are written as the game (and the design document) write them, straight to DynamoDB;
``synced()`` stands for the index's sync having run. The admin's own reviews reach the index in
the same request.
"""

from __future__ import annotations

import re
import time

import pytest

from tests.support import game_writes as game
from tests.support.index import synced
from tests.support.moderation import (
    AUTHOR,
    JARGON,
    SUBMITTER,
    game_submission,
    put_documented,
    put_game_item,
    seed_categories,
)
from tests.support.older_deployment import create_tables_without_submission_indexes
from tests.support.requests import assert_dynamodb_requests
from truthbyte_admin.data import submissions, tables
from truthbyte_admin.staffindex.models import IndexedSubmission

HTMX = {"HTTP_HX_REQUEST": "true"}


def row_ids(html: str) -> list[str]:
    return re.findall(r'data-submission-id="([^"]+)"', html)


def every_row(client_, url: str) -> tuple[list[list[str]], str]:
    """Row ids page by page, following "Next page" to the end; and the first page's HTML."""
    pages, first = [], None
    while url:
        html = client_.get(url).content.decode()
        first = first or html
        pages.append(row_ids(html))
        match = re.search(r'rel="next" href="([^"]+)"', html)
        url = match.group(1).replace("&amp;", "&") if match else None
    return pages, first


def queue_text(html: str) -> str:
    """What the page says (tags and the stored-fields table left out)."""
    html = re.sub(r"<details class=\"stored\">.*?</details>", "", html, flags=re.S)
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.fixture
def tables_ready(game_tables, db):
    seed_categories("general", "geography", "science", "history")
    put_game_item(
        tables.CATEGORIES,
        {"category_id": "capitals", "name": "Capital Cities", "question_count": 0},
    )
    return game_tables


def test_both_shapes_in_one_list_in_submission_time_order(moderator_client, tables_ready):
    put_game_item(tables.SUBMISSIONS, game_submission("q_9a3e0002", submitted_at=1_764_000_300))
    put_documented("q_d0c00001", created_at=1_764_000_100)
    put_game_item(tables.SUBMISSIONS, game_submission("q_9a3e0001", submitted_at=1_764_000_000))
    put_documented("q_d0c00002", created_at=1_764_000_200)
    put_game_item(tables.SUBMISSIONS, game_submission("q_d0ne0001", status="approved"))
    put_documented("q_d0ne0002", status="rejected")
    synced()
    with assert_dynamodb_requests(0):
        response = moderator_client.get("/queue/")
    html = response.content.decode()
    assert response.status_code == 200
    assert row_ids(html) == ["q_9a3e0001", "q_d0c00001", "q_d0c00002", "q_9a3e0002"]
    assert "4 pending, oldest first" in html
    assert "2025-11-24 16:00 UTC" in html  # submitted_at 1_764_000_000, shown in UTC
    assert SUBMITTER[:10] in html  # submitter_id is the author
    assert 'data-stale="0"' in html
    assert "List brought up to date with the game" in html
    with assert_dynamodb_requests(0):
        newest = moderator_client.get("/queue/?order=newest").content.decode()
    assert row_ids(newest) == ["q_9a3e0002", "q_d0c00002", "q_d0c00001", "q_9a3e0001"]
    assert not JARGON.search(queue_text(html)), JARGON.search(queue_text(html))


def test_category_filter_by_slug_or_display_name_gives_full_pages_and_the_total(
    moderator_client, tables_ready
):
    for n in range(40):
        cats = ["capitals"] if n % 3 == 0 else ["science"]
        if n % 2:
            put_game_item(
                tables.SUBMISSIONS,
                game_submission(f"q_c{n:07d}", categories=cats, submitted_at=1_764_000_000 + n),
            )
        else:
            put_documented(f"q_c{n:07d}", tags=cats, created_at=1_764_000_000 + n)
    synced()
    expected = [f"q_c{n:07d}" for n in range(40) if n % 3 == 0]  # 14
    with assert_dynamodb_requests(0):
        pages, first = every_row(moderator_client, "/queue/?category=Capital+Cities&size=5")
    assert [len(p) for p in pages] == [5, 5, 4]
    assert [i for p in pages for i in p] == expected
    assert "14 of 40 pending in <bdi>Capital Cities</bdi>" in first
    assert "Page 1 of 3" in first
    by_slug, _ = every_row(moderator_client, "/queue/?category=capitals&size=5")
    assert by_slug == pages
    # Totals and orders are kept per index state: a synced change shows on the next view.
    put_documented("q_c0000040", tags=["capitals"], created_at=1_764_000_000 - 1)
    put_game_item(tables.SUBMISSIONS, game_submission("q_c0000041", submitted_at=1_764_000_100))
    synced()
    pages, first = every_row(moderator_client, "/queue/?category=capitals&size=5")
    assert [i for p in pages for i in p] == ["q_c0000040", *expected]
    assert "15 of 42 pending in <bdi>Capital Cities</bdi>" in first


def test_a_category_no_one_has_yet_is_said_so_not_given_a_made_up_name(
    moderator_client, tables_ready
):
    put_documented("q_n0000001", tags=["science"], created_at=1_764_000_000)
    synced()

    html = moderator_client.get("/queue/?category=nonexistent").content.decode()

    said = 'in category <code class="slug" dir="auto">nonexistent</code> (not a category yet)'
    assert said in html
    assert "Nonexistent" not in html


def test_author_text_and_age_filters(moderator_client, tables_ready):
    now = int(time.time())
    put_game_item(
        tables.SUBMISSIONS,
        game_submission("q_a0000001", question="Is Paris in France?", submitted_at=now - 60),
    )
    put_documented(
        "q_a0000002",
        question="Is PARÍS, the city, on the Seine?",
        created_at=now - 3 * 86400,
        submitter_id=AUTHOR,
    )
    put_game_item(
        tables.SUBMISSIONS,
        game_submission("q_a0000003", author="someone-else", submitted_at=now - 40 * 86400),
    )
    synced()
    with assert_dynamodb_requests(0):
        by_author = moderator_client.get(f"/queue/?author={AUTHOR}").content.decode()
        by_text = moderator_client.get("/queue/?q=paris").content.decode()
        fresh = moderator_client.get("/queue/?age=lt1d").content.decode()
        day_old = moderator_client.get("/queue/?age=1d").content.decode()
        month_old = moderator_client.get("/queue/?age=30d").content.decode()
        both = moderator_client.get(f"/queue/?q=seine&author={AUTHOR}").content.decode()
        none = moderator_client.get("/queue/?q=paris&category=history").content.decode()
    assert row_ids(by_author) == ["q_a0000002", "q_a0000001"]
    assert row_ids(by_text) == ["q_a0000002", "q_a0000001"]  # accents, case, punctuation
    assert row_ids(fresh) == ["q_a0000001"]
    assert row_ids(day_old) == ["q_a0000003", "q_a0000002"]
    assert row_ids(month_old) == ["q_a0000003"]
    assert row_ids(both) == ["q_a0000002"]
    assert "No pending submissions match these filters" in none


def test_a_search_names_the_words_it_left_out(moderator_client, tables_ready):
    put_game_item(tables.SUBMISSIONS, game_submission("q_a0000009", question="Is Paris in France?"))
    synced()
    typed = "is paris in france i p pa par f fr fra fran xyzzy"  # 13 different words
    html = moderator_client.get("/queue/", {"q": typed}).content.decode()
    assert row_ids(html) == ["q_a0000009"]
    said = re.search(r'data-testid="words-left-out">(.*?)</p>', html).group(1)
    assert said.endswith("these were left out: “<bdi>xyzzy</bdi>”.")


def test_bad_filters_get_a_400_page(moderator_client, tables_ready):
    for url in (
        "/queue/?order=sideways",
        "/queue/?age=forever",
        "/queue/?page=0",
        "/queue/?size=1000",
        "/queue/?author=" + "x" * 101,
        "/queue/?q=%07bell",
    ):
        response = moderator_client.get(url)
        assert response.status_code == 400, url
    # The choices are named as the filter's list shows them, not by their URL keys.
    waiting = moderator_client.get("/queue/?age=forever").content.decode()
    assert "“Waiting” must be one of the list&#x27;s choices: “Less than a day”" in waiting
    assert "lt1d" not in waiting.split("<main", 1)[-1].split("</main>", 1)[0]
    order = moderator_client.get("/queue/?order=sideways").content.decode()
    assert "“Order” must be “Oldest first” or “Newest first”" in order
    # Past the last page: the last page (after reviewing its rows, going back is no error).
    put_game_item(tables.SUBMISSIONS, game_submission("q_9a3e0001"))
    synced()
    assert row_ids(moderator_client.get("/queue/?page=7").content.decode()) == ["q_9a3e0001"]
    far = moderator_client.get("/queue/?page=999999")  # however far: was "a whole number from 1"
    assert row_ids(far.content.decode()) == ["q_9a3e0001"]


def test_old_links_to_the_second_list_and_cursors_lead_to_the_one_queue(
    moderator_client, tables_ready
):
    response = moderator_client.get(f"/queue/?source=unindexed&author={AUTHOR}")
    assert response.status_code == 302
    assert response["Location"] == f"/queue/?author={AUTHOR}"
    response = moderator_client.get("/queue/?order=newest&cursor=abc")
    assert response.status_code == 302
    assert response["Location"] == "/queue/?order=newest"


def test_the_page_costs_the_same_sql_and_no_dynamodb_whatever_the_backlog(
    moderator_client, tables_ready, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(3):
        put_game_item(tables.SUBMISSIONS, game_submission(f"q_s{n:07d}", submitted_at=n))
    synced()
    with CaptureQueriesContext(connection) as small_first:
        moderator_client.get("/queue/?category=science")
    with assert_dynamodb_requests(0), CaptureQueriesContext(connection) as small:
        moderator_client.get("/queue/?category=science")
    for n in range(3, 80):
        put_game_item(tables.SUBMISSIONS, game_submission(f"q_s{n:07d}", submitted_at=n))
    synced()
    # Both measured once their index state's totals and ids are kept (the first view after a
    # change computes them: a few more queries, the same at any size).
    with CaptureQueriesContext(connection) as large_first:
        moderator_client.get("/queue/?category=science")
    assert len(large_first) == len(small_first)
    with assert_dynamodb_requests(0), CaptureQueriesContext(connection) as large:
        html = moderator_client.get("/queue/?category=science").content.decode()
    assert len(row_ids(html)) == 25
    assert len(large) == len(small)


def test_count_and_badge_are_exact_from_the_index(moderator_client, tables_ready):
    now = int(time.time())
    put_game_item(tables.SUBMISSIONS, game_submission("q_9a3e0001", submitted_at=now - 5 * 3600))
    put_documented("q_d0c00001", created_at=now - 3 * 86400)
    put_documented("q_d0c00002", created_at=now - 60)
    synced()
    with assert_dynamodb_requests(0):
        badge = moderator_client.get("/queue/badge/", **HTMX).content.decode()
        count = moderator_client.get("/queue/count/", **HTMX).content.decode()
        page = moderator_client.get("/queue/").content.decode()
    assert "<strong>3</strong>" in badge
    assert "oldest 3 d" in badge
    assert "<strong>3</strong> pending" in count
    assert "<html" not in count
    assert 'data-testid="oldest-age">3 days<' in count
    assert 'data-testid="oldest-age">3 days<' in page
    full = moderator_client.get("/queue/count/")
    assert b"<html" in full.content
    assert b"Back to the queue" in full.content
    response = moderator_client.post("/queue/q_d0c00001/approve/", {"next": "/queue/"}, **HTMX)
    assert response["HX-Trigger"] == "pending-changed"
    with assert_dynamodb_requests(0):
        badge = moderator_client.get("/queue/badge/", **HTMX).content.decode()
    assert "<strong>2</strong>" in badge
    assert "oldest 5 h" in badge


def test_reviews_made_here_leave_the_queue_at_once(moderator_client, tables_ready):
    for n in range(6):
        put_game_item(
            tables.SUBMISSIONS, game_submission(f"q_r{n:07d}", submitted_at=1_764_000_000 + n)
        )
    put_documented("q_d0c00001", created_at=1_764_000_010)
    synced()
    ids = row_ids(moderator_client.get("/queue/").content.decode())
    assert ids == [*(f"q_r{n:07d}" for n in range(6)), "q_d0c00001"]

    moderator_client.post("/queue/q_r0000000/approve/", {"next": "/queue/"}, **HTMX)
    moderator_client.post(
        "/queue/q_d0c00001/reject/", {"reason": "spam", "next": "/queue/"}, **HTMX
    )
    moderator_client.post(
        "/queue/bulk/",
        {
            "action": "reject",
            "ids": ["q_r0000001", "q_r0000002"],
            "reason": "spam",
            "confirmed": "1",
            "next": "/queue/",
        },
    )
    moderator_client.post(
        "/queue/bulk/",
        {
            "action": "approve",
            "ids": ["q_r0000003"],
            "confirmed": "1",
            "approve_anyway": "1",  # the same text as q_r0000000, approved a moment ago
            "next": "/queue/",
        },
    )
    with assert_dynamodb_requests(0):
        html = moderator_client.get("/queue/").content.decode()
    assert row_ids(html) == ["q_r0000004", "q_r0000005"]
    assert "2 pending" in html
    # Undo puts it back at once, in its place by submission time.
    moderator_client.post("/queue/q_r0000000/undo/", {"next": "/queue/"})
    moderator_client.post("/queue/q_d0c00001/undo/", {"next": "/queue/"})
    html = moderator_client.get("/queue/").content.decode()
    assert row_ids(html) == ["q_r0000000", "q_r0000004", "q_r0000005", "q_d0c00001"]
    assert submissions.get("q_r0000000").status == "pending"


def test_a_submission_reviewed_by_the_game_leaves_the_queue_once_opened_or_synced(
    moderator_client, tables_ready
):
    put_game_item(tables.SUBMISSIONS, game_submission("q_9a3e0001"))
    put_game_item(tables.SUBMISSIONS, game_submission("q_9a3e0002", submitted_at=1_764_000_100))
    put_game_item(tables.SUBMISSIONS, game_submission("q_9a3e0003", submitted_at=1_764_000_200))
    synced()
    game.approve("q_9a3e0001", "q_game0001", at=1_764_100_000, reviewer="game-admin")
    game.review("q_9a3e0002", "rejected", at=1_764_100_000)
    # Not synced yet: still listed; opening it re-reads it and says who reviewed it.
    assert "q_9a3e0001" in row_ids(moderator_client.get("/queue/").content.decode())
    review = moderator_client.get("/queue/q_9a3e0001/").content.decode()
    assert 'data-testid="already-reviewed"' in review
    assert "Already approved by the game" in review
    assert "game-admin" in review
    assert "so it is no longer in the queue" in review
    assert "q_game0001" in review
    assert row_ids(moderator_client.get("/queue/").content.decode()) == [
        "q_9a3e0002",
        "q_9a3e0003",
    ]
    # Approving a row the game already rejected says so, and the row goes too.
    response = moderator_client.post("/queue/q_9a3e0002/approve/", {"next": "/queue/"}, follow=True)
    assert b"already rejected by game-reviewer" in response.content
    assert row_ids(response.content.decode()) == ["q_9a3e0003"]
    # Whatever nobody opened, the sync picks up.
    game.review("q_9a3e0003", "approved", at=1_764_100_000)
    synced()
    assert row_ids(moderator_client.get("/queue/").content.decode()) == []


def test_a_submission_deleted_in_the_table_leaves_the_queue_when_opened(
    moderator_client, tables_ready
):
    put_game_item(tables.SUBMISSIONS, game_submission("q_9a3e0001"))
    synced()
    game.delete(tables.SUBMISSIONS, {"id": "q_9a3e0001"})
    assert moderator_client.get("/queue/q_9a3e0001/").status_code == 404
    assert not IndexedSubmission.objects.filter(sid="q_9a3e0001").exists()


def test_review_counts_the_submitter_over_both_shapes_in_plain_words(
    moderator_client, tables_ready
):
    put_game_item(tables.SUBMISSIONS, game_submission("q_9a3e0001", author=SUBMITTER))
    put_game_item(
        tables.SUBMISSIONS,
        game_submission("q_9a3e0002", author=SUBMITTER, status="approved", accepted=True),
    )
    put_documented("q_d0c00001", created_at=1_764_000_050)
    put_documented("q_d0c00002", status="rejected")
    put_documented("q_d0c00003", status="approved")
    synced()
    html = moderator_client.get("/queue/q_d0c00001/").content.decode()
    assert 'data-testid="author-pending">2<' in html  # this one and q_9a3e0001
    assert 'data-testid="author-approved">2<' in html
    assert 'data-testid="author-rejected">1<' in html
    assert "67% of 3 reviewed" in html
    other = html.split('data-testid="other-pending"')[1].split("</ul>")[0]
    assert "q_9a3e0001" in other
    assert "q_d0c00001" not in other
    assert "Counted over every submission by this player" in html
    assert not JARGON.search(queue_text(html)), JARGON.search(queue_text(html))


def test_the_queue_works_on_tables_without_the_submission_indexes(moderator_client, dynamodb, db):
    create_tables_without_submission_indexes()
    put_game_item(tables.SUBMISSIONS, game_submission("q_9a3e0001", submitted_at=20))
    put_documented("q_d0c00001", created_at=10)
    synced()
    with assert_dynamodb_requests(0):
        html = moderator_client.get("/queue/").content.decode()
    assert row_ids(html) == ["q_d0c00001", "q_9a3e0001"]
    review = moderator_client.get("/queue/q_9a3e0001/").content.decode()
    assert 'data-testid="author-pending">1<' in review


def test_a_never_built_index_is_flagged_not_served_silently(moderator_client, tables_ready):
    put_game_item(tables.SUBMISSIONS, game_submission("q_9a3e0001"))
    html = moderator_client.get("/queue/").content.decode()
    assert 'data-stale="1"' in html
    assert "has not been built yet" in html


@pytest.mark.parametrize(
    "submission_id", ["q_9a3e0001", "a/b c", "count", ".", "..", "~x", "é%2F", "x.y~z"]
)
@pytest.mark.parametrize("name", ["moderation:review", "moderation:approve", "moderation:reject"])
def test_row_links_are_the_urls_reverse_gives(name, submission_id):
    from django.template import Context, Template
    from django.urls import reverse

    html = Template(
        "{% load moderation %}{% submission_url name sid as a %}{% submission_url name sid as b %}"
        "{{ a }}|{{ b }}"
    ).render(Context({"name": name, "sid": submission_id}))
    expected = reverse(name, args=[submission_id])
    assert html == f"{expected}|{expected}".replace("&", "&amp;")


def test_the_filter_form_keeps_a_chosen_page_size(moderator_client, tables_ready):
    # Paging kept ?size=10; Apply had dropped it, back to 25 a page (lists probe).
    page = moderator_client.get("/queue/", {"size": "10"}).content.decode()
    form = page[page.index('aria-label="Filter the queue"') :].split("</form>", 1)[0]
    assert '<input type="hidden" name="size" value="10">' in form
    default = moderator_client.get("/queue/").content.decode()
    assert (
        'name="size"'
        not in default[default.index('aria-label="Filter the queue"') :].split("</form>", 1)[0]
    )
