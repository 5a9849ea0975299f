"""The moderation pages through Django's test client, on moto's server."""

from __future__ import annotations

import json
import re

import pytest

from tests.support.index import synced
from tests.support.moderation import (
    AUTHOR,
    HOSTILE,
    category_count,
    game_submission,
    put_game_item,
    refused_in_place,
    seed_categories,
)
from tests.support.requests import assert_dynamodb_requests
from truthbyte_admin.data import audit, client, questions, submissions, tables
from truthbyte_admin.data.serialization import to_item

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def tables_ready(game_tables):
    seed_categories("general", "geography", "science", "history")
    return game_tables


def seed_pending(count: int, *, start: int = 1_764_000_000, **overrides) -> list[str]:
    ids = []
    for n in range(count):
        submission_id = f"q_{n:08x}"
        put_game_item(
            tables.SUBMISSIONS,
            game_submission(
                submission_id,
                submitted_at=start + n * 60,
                question=f"Is pending submission number {n} a fine question?",
                **overrides,
            ),
        )
        ids.append(submission_id)
    synced()  # the queue lists from the staff index
    return ids


def row_ids(html: str) -> list[str]:
    return re.findall(r'data-submission-id="([^"]+)"', html)


def warm_schema_cache(client_) -> None:
    """DescribeTable results are cached for a minute; count requests on a warm process."""
    client_.get("/queue/")


# --- the queue ---------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_login(client, tables_ready):
    response = client.get("/queue/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    response = client.post("/queue/q_00000001/approve/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


# The queue list itself (order, filters, pages, counts, both field-name styles):
# tests/web/test_moderation_queue.py.


# --- review ------------------------------------------------------------------------------------


def test_review_shows_every_field_the_submitter_and_similar_questions(
    moderator_client,
    tables_ready,
):
    from truthbyte_admin.data import bulk
    from truthbyte_admin.data.models import Question

    bulk.upsert_questions(
        [
            Question(
                id="q_exist001",
                question="Is the Pacific the largest ocean on Earth?",
                categories=["geography", "general"],
            ),
            Question(
                id="q_exist002",
                question="Is the Atlantic the largest ocean?",
                categories=["geography", "general"],
            ),
            Question(
                id="q_exist003",
                question="Do penguins live at the North Pole?",
                categories=["science", "general"],
            ),
            Question(
                id="q_exist004",
                question="Is the Pacific Ocean cold at its deepest point?",
                categories=["geography", "general"],
            ),
        ]
    )
    put_game_item(tables.SUBMISSIONS, game_submission("q_4ev1ew01", extra_field="kept"))
    put_game_item(
        tables.SUBMISSIONS,
        game_submission("q_01d00001", status="approved", submitted_at=1_700_000_000),
    )
    put_game_item(
        tables.SUBMISSIONS,
        game_submission("q_01d00002", status="rejected", submitted_at=1_700_000_100),
    )
    put_game_item(
        tables.SUBMISSIONS,
        game_submission("q_01d00003", status="rejected", submitted_at=1_700_000_200),
    )
    put_game_item(
        tables.USERS, {"user_id": AUTHOR, "trust_score": 0.8, "created_at": "2025-01-01T00:00:00Z"}
    )
    synced()  # the submitter's counts come from the staff index
    response = moderator_client.get("/queue/q_4ev1ew01/")
    html = response.content.decode()
    assert response.status_code == 200
    for attribute in (
        "accepted",
        "answer",
        "author",
        "categories",
        "difficulty",
        "extra_field",
        "passage",
        "question",
        "status",
        "submitted_at",
        "title",
    ):
        assert f"<code>{attribute}</code>" in html
    # Epoch times read as UTC beside the number as saved.
    saved = html[html.index('class="stored-fields"') :]
    submitted_at = saved[saved.index("<code>submitted_at</code>") :]
    assert re.match(
        r"<code>submitted_at</code></th><td[^>]*><time datetime=\S+>\d{4}-\d\d-\d\d "
        r"\d\d:\d\d:\d\d UTC</time> <span class=\"help\">\(\d+\)</span>",
        submitted_at,
    ), submitted_at[:300]
    assert "Everything saved for it" in html
    categories = saved[saved.index("<code>categories</code>") :]
    assert re.match(r"<code>categories</code></th><td[^>]*>[a-z_]+(, [a-z_]+)*</td>", categories)
    assert 'data-testid="trust">0.80<' in html
    assert 'data-testid="author-pending">1<' in html
    assert 'data-testid="author-approved">1<' in html
    assert 'data-testid="author-rejected">2<' in html
    assert "33% of 3 reviewed" in html
    similar = re.search(r'data-testid="similar">(.*?)</ol>', html, re.S).group(1)
    assert similar.count("<li>") == 3
    assert similar.index("q_exist001") < similar.index("q_exist002")
    assert "100%" in similar


def test_review_page_is_bounded_once_the_corpus_is_cached(moderator_client, tables_ready):
    put_game_item(tables.SUBMISSIONS, game_submission("q_b0und001"))
    for n in range(5):
        put_game_item(tables.QUESTIONS, {"id": f"q_c0rp{n:04d}", "question": f"Corpus {n}?"})
    moderator_client.get("/queue/q_b0und001/")  # builds the similarity corpus
    with assert_dynamodb_requests() as stats:
        html = moderator_client.get("/queue/q_b0und001/").content.decode()
    # GetItem (submission), GetItem (users), Query (audit); the category suggestions are cached
    # like the corpus, and the submitter's counts come from the staff index: no Scan at all.
    assert stats.operations == ["get_item", "get_item", "query"]
    assert stats.items_read < 5  # not the corpus
    assert "cached for up to 5 minutes" in html
    assert "show up within 5 minutes" in html
    # The app's own question writes elsewhere bump the questions generation: no rebuild (TTL).
    from truthbyte_admin.data.cache import written

    written("questions")
    with assert_dynamodb_requests() as stats:
        moderator_client.get("/queue/q_b0und001/")
    assert stats.operations == ["get_item", "get_item", "query"]


def test_approve_then_next_review_scans_nothing(moderator_client, tables_ready):
    put_game_item(
        tables.SUBMISSIONS,
        game_submission("q_f10w0001", question="Do octopuses have three hearts in total?"),
    )
    put_game_item(
        tables.SUBMISSIONS,
        game_submission("q_f10w0002", question="Do octopuses really have three hearts?"),
    )
    moderator_client.get("/queue/q_f10w0001/")  # the first review builds the corpus
    response = moderator_client.post("/queue/q_f10w0001/approve/", {"next": "/queue/"})
    assert response.status_code == 302
    approved = submissions.get("q_f10w0001").approved_question_id
    with assert_dynamodb_requests() as stats:
        html = moderator_client.get("/queue/q_f10w0002/").content.decode()
    # Neither the questions (the corpus) nor the categories, whose counts the approval moved.
    assert stats.operations == ["get_item", "get_item", "query"]
    # ...and the question just approved is in the comparison (appended, not rescanned)
    similar = re.search(r'data-testid="similar">(.*?)</ol>', html, re.S).group(1)
    assert approved in similar
    assert "three hearts in total" in similar


def test_review_of_an_approved_submission_says_so_and_offers_no_actions(
    moderator_client,
    tables_ready,
):
    put_game_item(
        tables.SUBMISSIONS,
        game_submission(
            "q_9a3e0001",
            status="approved",
            accepted=True,
            reviewed_at=1_764_100_000,
            reviewer_id="game-admin",
            reviewer_notes="Looks right",
        ),
    )
    html = moderator_client.get("/queue/q_9a3e0001/").content.decode()
    assert "Already approved" in html
    assert "game-admin" in html
    assert 'id="approve-form"' not in html
    assert 'id="reject-form"' not in html
    history = re.search(r'data-testid="history">(.*?)</ol>', html, re.S).group(1)
    assert "<strong>Submitted</strong>" in history
    assert "<strong>Approved</strong>" in history
    assert "by the game's approve function" in history
    assert "2025-11-25 19:46 UTC" in history
    assert "Looks right" in history


def test_history_shows_our_own_reviews_once(moderator_client, tables_ready):
    put_game_item(tables.SUBMISSIONS, game_submission("q_h157001"))
    moderator_client.post("/queue/q_h157001/reject/", {"reason": "spam"})
    html = moderator_client.get("/queue/q_h157001/").content.decode()
    history = re.search(r'data-testid="history">(.*?)</ol>', html, re.S).group(1)
    assert history.count("<strong>Rejected</strong>") == 1
    assert "<code>mona</code>" in history
    assert "game's approve" not in history


def test_unknown_submission_is_a_404(moderator_client, tables_ready):
    assert moderator_client.get("/queue/q_n0pe0001/").status_code == 404
    assert moderator_client.get("/queue/bad%20id/").status_code == 404
    response = moderator_client.get("/queue/bad%0Aid/")
    assert response.status_code == 404
    assert "“bad⟨U+000A⟩id” is not a submission id." in response.content.decode()


# --- acting ------------------------------------------------------------------------------------


def test_approve_by_plain_post_redirects_with_a_message(moderator_client, tables_ready):
    seed_pending(2)
    response = moderator_client.post(
        "/queue/q_00000000/approve/", {"next": "/queue/?order=newest"}, follow=True
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/queue/?order=newest"
    # Which submission, in words too: its text, short, isolated from the sentence around it.
    text = "<bdi>Is pending submission number 0 a fine question?</bdi>"
    assert f'Approved q_00000000 “{text}”: it is now question <a href="/questions/q_' in html
    assert row_ids(html) == ["q_00000001"]
    assert category_count("general") == 1


def test_approve_by_htmx_replaces_the_row_by_a_toast_with_undo(moderator_client, tables_ready):
    seed_pending(1)
    response = moderator_client.post("/queue/q_00000000/approve/", **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "HX-Reswap" not in response
    assert 'id="messages" class="messages" aria-live="polite" hx-swap-oob="innerHTML"' in html
    assert "Approved q_00000000" in html
    # The row becomes a toast in place (with Undo); no row of the submission is left.
    assert 'class="toast-row"' in html
    assert 'data-submission-id="q_00000000"' not in html
    assert 'action="/queue/q_00000000/undo/"' in html
    until = re.search(r"within 10 minutes \(until (\d\d):(\d\d) UTC\)", html)
    assert until, "the toast says until when Undo is open"
    # The aria-live message region says the same, with its own Undo; the badge reloads.
    live = html[html.index('id="messages"') :]
    assert 'aria-live="polite"' in live
    assert "Approved q_00000000" in live
    assert 'data-testid="message-undo"' in live
    assert response["HX-Trigger"] == "pending-changed"


def test_the_toast_quotes_a_players_text_short_escaped_and_isolated(moderator_client, tables_ready):
    put_game_item(
        tables.SUBMISSIONS,
        game_submission(
            "q_00000000",
            submitted_at=1_764_000_000,
            question="<b>Is</b> " + "a very long question " * 10 + "?",
        ),
    )
    synced()
    response = moderator_client.post(
        "/queue/q_00000000/reject/", {"reason": "unclear", "next": "/queue/"}, **HTMX
    )
    toast = response.content.decode()
    toast = toast[toast.index('data-testid="toast"') :]
    long = "a very long question a very long question a very …"
    said = f"Rejected q_00000000 “<bdi>&lt;b&gt;Is&lt;/b&gt; {long}</bdi>”"
    assert said in toast
    assert "<b>Is" not in toast


def test_a_second_approve_says_already_approved_by_whom(moderator_client, tables_ready, make_staff):
    seed_pending(1)
    from django.test import Client

    other = Client()
    other.force_login(make_staff("max", "moderator"))
    other.post("/queue/q_00000000/approve/")
    response = moderator_client.post("/queue/q_00000000/approve/", **HTMX)
    html = response.content.decode()
    assert "already approved by max at " in html
    assert " UTC" in html
    assert "HX-Reswap" not in response  # the stale row goes away
    assert len(list(questions.scan_all())) == 1


def test_edits_sent_after_someone_else_reviewed_it_are_shown_not_dropped(
    moderator_client, tables_ready, make_staff
):
    """The review page says who reviewed it first and shows what this moderator typed, marked
    not saved (they had been sent to the queue with only "already rejected by …")."""
    seed_pending(1)
    from django.test import Client

    other = Client()
    other.force_login(make_staff("max", "moderator"))
    other.post("/queue/q_00000000/reject/", {"reason": "unclear"})
    response = moderator_client.post(
        "/queue/q_00000000/approve/",
        {
            "with_edits": "True",
            "question": "Is <b>this</b> my long and careful edit of the question?",
            "title": "Careful",
            "passage": "Line one\nline two",
            "answer": "false",
            "categories": "science",
            "difficulty": "4",
            "notes": "Thanks for this one",
            "next": "/queue/",
        },
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "already rejected by max at " in html
    panel = html[html.index('data-testid="unsaved-edits"') :].split("</section>", 1)[0]
    assert "Your edits, not saved" in panel
    assert "Is &lt;b&gt;this&lt;/b&gt; my long and careful edit of the question?" in panel
    assert "Line one\nline two" in panel
    assert "<dd>False</dd>" in panel
    assert "Thanks for this one" in panel
    assert "undoing the review above" not in panel  # max's review: only an admin may undo it
    assert submissions.get("q_00000000").status == "rejected"
    assert list(questions.scan_all()) == []


def test_reject_by_plain_post_and_typed_reason(moderator_client, tables_ready):
    seed_pending(2)
    response = moderator_client.post(
        "/queue/q_00000000/reject/", {"reason": "unclear"}, follow=True
    )
    text = "<bdi>Is pending submission number 0 a fine question?</bdi>"
    said = f"Rejected q_00000000 “{text}”: Unclear or ambiguous wording."
    assert said in response.content.decode()
    moderator_client.post(
        "/queue/q_00000001/reject/",
        {"reason": "other", "reason_text": "Two questions in one", "notes": "Split it"},
    )
    stored = submissions.get("q_00000001")
    assert stored.rejection_reason == "Two questions in one"
    assert stored.reviewer_notes == "Two questions in one — Split it"


def test_reject_needs_a_reason(moderator_client, tables_ready):
    seed_pending(1)
    response = moderator_client.post("/queue/q_00000000/reject/", {"reason": "other"}, **HTMX)
    assert "Type the reason when you choose “Other”" in refused_in_place(response)
    # A reason of zero-width spaces alone would reach the player blank.
    response = moderator_client.post(
        "/queue/q_00000000/reject/", {"reason": "other", "reason_text": "\u200b\u200b"}, **HTMX
    )
    assert (
        "It has only invisible characters (U+200B zero width space): players would see nothing. "
        "Type what they should read."  # not "or leave it empty": "Other" needs a reason
    ) in refused_in_place(response)
    response = moderator_client.post("/queue/q_00000000/reject/", {"reason": "", "from": "review"})
    assert response.status_code == 400
    assert "Reason: choose one." in response.content.decode()
    assert submissions.get("q_00000000").status == "pending"


def test_a_reject_with_overlong_notes_names_the_notes(moderator_client, tables_ready):
    seed_pending(1)
    response = moderator_client.post(
        "/queue/q_00000000/reject/", {"reason": "unclear", "notes": "n" * 50_000}, **HTMX
    )
    shown = refused_in_place(response)
    assert "Note to the player (optional): Ensure this value has at most" in shown
    assert "Choose a reason" not in shown
    assert submissions.get("q_00000000").status == "pending"


def test_edit_then_approve_from_the_review_form(moderator_client, tables_ready):
    put_game_item(tables.SUBMISSIONS, game_submission("q_ed170002"))
    form = {
        "with_edits": "True",
        "question": "Is the Pacific Ocean bigger than the Atlantic?",
        "title": "Oceans",
        "passage": "",
        "answer": "true",
        "categories": "geography, history",
        "difficulty": "4",
        "notes": "Reworded",
    }
    response = moderator_client.post("/queue/q_ed170002/approve/", form, follow=True)
    assert b'it is now question <a href="/questions/q_' in response.content
    [question] = list(questions.scan_all())
    assert question.question == "Is the Pacific Ocean bigger than the Atlantic?"
    assert (question.categories, question.difficulty) == (["geography", "history", "general"], 4)
    assert submissions.get("q_ed170002").reviewer_notes == "Reworded"


def test_edits_shown_again_with_a_refused_note_count_as_unsaved(moderator_client, tables_ready):
    # Leaving asks first (admin.js) only for a form marked changed: the edits typed were not
    # applied, whichever part of the form was refused.
    put_game_item(tables.SUBMISSIONS, game_submission("q_ed170009"))
    form = {
        "with_edits": "True",
        "question": "Is the Pacific Ocean bigger than the Atlantic?",
        "answer": "true",
        "categories": "geography",
        "difficulty": "2",
        "notes": "x" * 1001,
    }
    response = moderator_client.post("/queue/q_ed170009/approve/", form)
    assert response.status_code == 400
    tag = re.search(r'<form [^>]*id="approve-form"[^>]*>', response.content.decode()).group(0)
    assert "data-track-changes data-changed" in tag
    fresh = moderator_client.get("/queue/q_ed170009/").content.decode()
    assert "data-changed" not in re.search(r'<form [^>]*id="approve-form"[^>]*>', fresh).group(0)


def test_invalid_edits_rerender_the_review_with_errors(moderator_client, tables_ready):
    put_game_item(tables.SUBMISSIONS, game_submission("q_ed170003"))
    response = moderator_client.post(
        "/queue/q_ed170003/approve/",
        {
            "with_edits": "True",
            "question": "Short",
            "answer": "true",
            "categories": "geography",
            "difficulty": "9",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="errorlist' in html
    assert "Choose a difficulty from 1 to 5." in html
    assert "Question must be at least 10 characters" in html  # beside it, in the same round
    assert "Short</textarea>" in html  # the moderator's input is kept
    assert list(questions.scan_all()) == []


def test_quick_approve_of_an_invalid_submission_keeps_the_row(moderator_client, tables_ready):
    put_game_item(tables.SUBMISSIONS, game_submission("q_5h0r7002", question="Too short"))
    response = moderator_client.post("/queue/q_5h0r7002/approve/", **HTMX)
    assert refused_in_place(response) == (
        "Submission q_5h0r7002 needs editing before approval: Question must be at least 10 "
        "characters (it has 9). Open the review to edit it."
    )


def test_throttled_approve_shows_a_clear_message_and_changes_nothing(
    moderator_client,
    tables_ready,
    faults,
):
    seed_pending(1)
    faults.fail_next("TransactWriteItems", times=5)
    response = moderator_client.post("/queue/q_00000000/approve/", **HTMX)
    assert response.status_code == 200
    assert "throttling requests right now; nothing was changed" in refused_in_place(response)
    assert submissions.get("q_00000000").status == "pending"
    assert list(questions.scan_all()) == []
    assert category_count("general") == 0
    faults.clear()


def test_throttled_edit_then_approve_keeps_the_edits_on_screen(
    moderator_client,
    tables_ready,
    faults,
):
    put_game_item(tables.SUBMISSIONS, game_submission("q_ed170004"))
    faults.fail_next("TransactWriteItems", times=3)
    response = moderator_client.post(
        "/queue/q_ed170004/approve/",
        {
            "with_edits": "True",
            "question": "Is this my carefully edited question?",
            "answer": "false",
            "categories": "geography",
            "difficulty": "3",
        },
    )
    assert response.status_code == 503
    assert b"Is this my carefully edited question?" in response.content
    assert b"nothing was changed" in response.content


# --- permissions -------------------------------------------------------------------------------


@pytest.mark.parametrize("role_client", ["editor_client", "support_client"])
def test_other_staff_read_but_cannot_act(request, role_client, tables_ready):
    staff = request.getfixturevalue(role_client)
    seed_pending(1)
    queue = staff.get("/queue/").content.decode()
    assert 'data-testid="read-only"' in queue
    assert "approve-form" not in queue
    review = staff.get("/queue/q_00000000/").content.decode()
    assert 'data-testid="read-only"' in review
    assert 'id="approve-form"' not in review
    refused = staff.post("/queue/q_00000000/approve/")
    assert refused.status_code == 403
    # Who may, in words: it said "Your role can't do this (moderate)."
    assert "Your role can&#x27;t review submissions; moderators and admins can." in (
        refused.content.decode()
    )
    assert staff.post("/queue/q_00000000/reject/", {"reason": "spam"}).status_code == 403
    bulk = {"action": "approve", "ids": ["q_00000000"]}
    assert staff.post("/queue/bulk/", bulk).status_code == 403
    assert submissions.get("q_00000000").status == "pending"


def test_admins_moderate(admin_client, tables_ready):
    seed_pending(1)
    admin_client.post("/queue/q_00000000/approve/")
    assert submissions.get("q_00000000").reviewer_id == "ada"


# --- untrusted text ----------------------------------------------------------------------------


def test_hostile_text_is_escaped_in_the_queue_review_and_after_approval(
    moderator_client,
    tables_ready,
):
    put_game_item(
        tables.SUBMISSIONS,
        game_submission(
            "q_h0571le2",
            question=HOSTILE,
            title="<b>bold</b>",
            passage="<iframe src=evil>",
            categories=["geography"],
        ),
    )
    synced()
    for url in ("/queue/", "/queue/q_h0571le2/"):
        html = moderator_client.get(url).content.decode()
        for raw in ("<script>alert", "<img src=x", "<b>bold</b>"):
            assert raw not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;iframe src=evil&gt;" in moderator_client.get("/queue/q_h0571le2/").content.decode()

    moderator_client.post("/queue/q_h0571le2/approve/")
    question_id = submissions.get("q_h0571le2").approved_question_id
    assert questions.get(question_id).question == HOSTILE  # stored verbatim
    # The approved question's review page (and the queue message) still escape it.
    html = moderator_client.get("/queue/q_h0571le2/").content.decode()
    assert "<script>alert" not in html
    # The question editor (another package) if it exists yet.
    response = moderator_client.get(f"/questions/{question_id}/")
    if response.status_code == 200:
        page = response.content.decode()
        assert "<script>alert" not in page
        assert "&lt;script&gt;" in page


# --- bulk --------------------------------------------------------------------------------------


def test_bulk_approve_confirms_then_reports_each_item(moderator_client, tables_ready):
    seed_pending(3)
    put_game_item(
        tables.SUBMISSIONS,
        game_submission("q_5h0r7003", question="Too short", submitted_at=1_763_000_000),
    )
    selection = {
        "action": "approve",
        "ids": ["q_00000000", "q_00000001", "q_5h0r7003"],
        "next": "/queue/",
    }
    confirm = moderator_client.post("/queue/bulk/", selection, follow=True)
    html = confirm.content.decode()
    assert confirm.status_code == 200
    assert "Approve 3 submissions?" in html
    assert submissions.get("q_00000000").status == "pending"  # nothing yet

    # Meanwhile one of them is rejected, in another tab.
    moderator_client.post("/queue/q_00000001/reject/", {"reason": "spam"})
    done = moderator_client.post("/queue/bulk/", {**selection, "confirmed": "1"}, follow=True)
    html = done.content.decode()
    results = re.search(r'data-testid="bulk-results">(.*?)</table>', html, re.S).group(1)
    assert "Approved as question q_" in results
    new_id = submissions.get("q_00000000").approved_question_id
    assert (
        f'<a href="/questions/{new_id}/" data-testid="bulk-question-link">Open the question'
        f'<span class="sr-only"> {new_id}</span></a>'
    ) in results
    assert results.count('data-testid="bulk-question-link"') == 1  # the approved one only
    assert "already rejected by you at " in results  # the same person: not "by mona"
    assert "needs editing before approval" in results
    assert "1 of 3 approved; 2 not changed" in html
    assert submissions.get("q_00000000").status == "approved"
    assert submissions.get("q_00000002").status == "pending"


def test_bulk_approve_reads_the_categories_once_not_once_a_submission(
    moderator_client, tables_ready
):
    ids = seed_pending(4)  # each in geography and science: every approval moves their counts
    selection = {"action": "approve", "ids": ids, "next": "/queue/"}
    moderator_client.post("/queue/bulk/", selection, follow=True)  # reads the similarity corpus
    with assert_dynamodb_requests() as stats:
        done = moderator_client.post("/queue/bulk/", {**selection, "confirmed": "1"}, follow=True)
    assert "4 of 4 approved" in done.content.decode()
    assert stats.operations.count("scan") == 1  # the categories, for the first approval only
    assert category_count("science") == 4


def test_bulk_reject_all_on_the_page_without_javascript(moderator_client, tables_ready):
    ids = seed_pending(3)
    form = {
        "action": "reject",
        "all_on_page": "1",
        "page_ids": ",".join(ids),
        "reason": "spam",
        "confirmed": "1",
    }
    html = moderator_client.post("/queue/bulk/", form, follow=True).content.decode()
    assert "3 of 3 rejected" in html
    assert all(submissions.get(i).rejection_reason == "Spam or nonsense" for i in ids)
    assert [e.action for e in audit.history(f"submission#{ids[0]}")] == ["reject"]

    # Each result can be undone from the results page, one by one.
    undo = re.findall(r'<form method="post" action="(/queue/[^"]+/undo/)"', html)
    assert undo == [f"/queue/{i}/undo/" for i in ids]
    nonce = re.search(r'name="form_nonce" value="([^"]+)"', html).group(1)
    response = moderator_client.post(undo[0], {"form_nonce": nonce, "next": f"/queue/{ids[0]}/"})
    assert response.status_code == 302
    assert response["Location"] == f"/queue/{ids[0]}/"
    assert submissions.get(ids[0]).status == "pending"
    assert submissions.get(ids[1]).status == "rejected"
    assert re.search(r"can be undone until \d\d:\d\d UTC: it goes back to pending", html)

    # With htmx the row itself says it was undone, and the results page stays.
    nonce = re.findall(r'name="form_nonce" value="([^"]+)"', html)[1]
    response = moderator_client.post(
        undo[1],
        {"form_nonce": nonce, "shown_in": "bulk", "next": f"/queue/{ids[1]}/"},
        HTTP_HX_REQUEST="true",
    )
    row = response.content.decode()
    assert response.status_code == 200
    assert row.startswith('<tr class="undone" data-testid="bulk-undone"')
    assert f"<code>{ids[1]}</code>" in row
    assert f"Undone: {ids[1]} is pending again" in row  # the live region, out of band
    assert response["HX-Trigger"] == "pending-changed"
    assert submissions.get(ids[1]).status == "pending"


def test_bulk_reject_needs_a_reason_and_a_selection(moderator_client, tables_ready):
    seed_pending(1)
    response = moderator_client.post(
        "/queue/bulk/", {"action": "reject", "ids": ["q_00000000"]}, follow=True
    )
    assert b"Choose a reason to reject with." in response.content
    response = moderator_client.post("/queue/bulk/", {"action": "approve"}, follow=True)
    assert b"Select at least one submission." in response.content
    assert submissions.get("q_00000000").status == "pending"


def test_raw_game_submission_approved_through_the_web(moderator_client, tables_ready):
    """End to end: a submission as the game writes it becomes a question as the game reads it."""
    client.call(
        "put_item",
        TableName=tables.name(tables.SUBMISSIONS),
        Item=to_item(
            game_submission("q_e2e00001", categories=["science"], difficulty=5, answer=False)
        ),
    )
    moderator_client.post("/queue/q_e2e00001/approve/")
    question_id = submissions.get("q_e2e00001").approved_question_id
    raw = client.call(
        "get_item", TableName=tables.name(tables.QUESTIONS), Key={"id": {"S": question_id}}
    )["Item"]
    assert raw["answer"] == {"BOOL": False}
    assert raw["categories"] == {"L": [{"S": "science"}, {"S": "general"}]}
    assert raw["difficulty"] == {"N": "5"}
    assert {"created_at", "source", "original_author"} <= set(raw)
    entries = [e for e in questions.scan_index() if e.question_id == question_id]
    assert sorted((e.category, e.difficulty) for e in entries) == [("general", 5), ("science", 5)]
    assert (category_count("science"), category_count("general")) == (1, 1)


# --- ids read from the table ------------------------------------------------------------------

ODD_ID = "odd/id with space,50%"


def test_an_odd_submission_id_neither_breaks_the_queue_nor_is_unreachable(
    moderator_client,
    tables_ready,
):
    """Ids come from the table: "/" and a space must not raise NoReverseMatch (a 500 for
    the whole queue); the odd item is linked, reviewable and can be acted on."""
    seed_pending(2)
    put_game_item(
        tables.SUBMISSIONS,
        game_submission(
            ODD_ID,
            submitted_at=1_763_000_000,
            author=AUTHOR,
            question="Is this odd submission a fine question?",
        ),
    )
    synced()
    response = moderator_client.get("/queue/")
    assert response.status_code == 200
    html = response.content.decode()
    assert len(row_ids(html)) == 3
    assert row_ids(html)[0] == ODD_ID
    review_url = re.search(r'class="review-link" href="([^"?]+)', html).group(1)
    assert review_url == "/queue/odd%252Fid%2520with%2520space%252C50%2525/"
    # The test client, like a browser, sends the path as written; the server decodes it once.
    review = moderator_client.get(review_url)
    assert review.status_code == 200
    review_html = review.content.decode()
    assert "Is this odd submission a fine question?" in review_html
    assert f'action="{review_url}reject/"' in review_html
    # ...and its author's other submissions (review.html's "Recent submissions") link back.
    other = moderator_client.get("/queue/q_00000000/")  # same author
    assert other.status_code == 200
    recent = re.search(r'<ul class="recent">(.*?)</ul>', other.content.decode(), re.S).group(1)
    assert f'href="{review_url}"' in recent

    response = moderator_client.post(f"{review_url}reject/", {"reason": "spam"})
    assert response.status_code == 302
    assert submissions.get(ODD_ID).status == "rejected"


def test_bulk_select_all_on_a_page_with_an_odd_id(moderator_client, tables_ready):
    seed_pending(1)
    put_game_item(tables.SUBMISSIONS, game_submission(ODD_ID, submitted_at=1_763_000_000))
    synced()
    html = moderator_client.get("/queue/").content.decode()
    page_ids = re.search(r'name="page_ids" value="([^"]+)"', html).group(1)
    form = {
        "action": "reject",
        "all_on_page": "1",
        "page_ids": page_ids,
        "reason": "spam",
        "confirmed": "1",
        "next": "/queue/",
    }
    result = moderator_client.post("/queue/bulk/", form, follow=True).content.decode()
    assert "2 of 2 rejected" in result
    assert submissions.get(ODD_ID).status == "rejected"
    assert 'href="/queue/odd%252Fid%2520with%2520space%252C50%2525/"' in result


@pytest.mark.parametrize("odd", ["count", "bulk", "..", "a.b~c", "ünï cödé"])
def test_ids_that_look_like_paths_still_reach_their_review(moderator_client, tables_ready, odd):
    put_game_item(tables.SUBMISSIONS, game_submission(odd, question=f"Is {odd} fine as an id?"))
    synced()
    html = moderator_client.get("/queue/").content.decode()
    review_url = re.search(r'class="review-link" href="([^"?]+)', html).group(1)
    assert review_url not in ("/queue/count/", "/queue/bulk/", "/queue/../")
    response = moderator_client.get(review_url)
    assert response.status_code == 200
    assert f"Is {odd} fine as an id?" in response.content.decode()


def test_control_characters_in_an_id_are_a_404(moderator_client, tables_ready):
    assert moderator_client.get("/queue/bad%250Aid/").status_code == 404


def test_the_lists_heading_alone_is_sent_when_htmx_refreshes_it(moderator_client, tables_ready):
    seed_pending(3)
    synced()

    with assert_dynamodb_requests(0):
        response = moderator_client.get(
            "/queue/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="queue-total"
        )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith('<h2 class="queue-total" id="queue-total"')
    assert "3 pending, oldest first" in html
    assert "<tr" not in html


def test_an_undo_refused_for_good_closes_the_offer_and_a_throttled_one_leaves_it(
    moderator_client,
    tables_ready,
    faults,
):
    """In place, the refusal says whether trying again could work: the page disables an Undo
    that would be refused again (moderation.js), not one DynamoDB merely throttled."""
    from truthbyte_admin.moderation import services

    seed_pending(2)
    services.reject_submission(submission_id="q_00000001", reviewer="max", reason="Spam")
    not_ours = moderator_client.post("/queue/q_00000001/undo/", **HTMX)
    refusal = json.loads(not_ours["HX-Trigger"])["action-refused"]
    assert refusal["text"].startswith(
        "Only the staff member who reviewed it (max) or an admin can undo"
    )
    assert refusal["final"] is True
    moderator_client.post("/queue/q_00000000/approve/", **HTMX)
    faults.fail_next("TransactWriteItems", times=5)
    throttled = moderator_client.post("/queue/q_00000000/undo/", **HTMX)
    refusal = json.loads(throttled["HX-Trigger"])["action-refused"]
    assert refusal["text"] == (
        "Not undone: the game's database is throttling requests right now; nothing was "
        "changed. Please try again in a moment."
    )
    assert refusal["final"] is False
    assert submissions.get("q_00000000").status == "approved"


def test_an_undo_after_one_elsewhere_brings_the_row_back_in_place_of_its_toast(
    moderator_client, tables_ready
):
    """Undone in another tab meanwhile: the queue's toast (which still named the approval's
    question) gives way to the pending row, and the message says this undo did nothing
    (moderation probe)."""
    from truthbyte_admin.moderation import services

    seed_pending(1)
    moderator_client.post("/queue/q_00000000/approve/", **HTMX)
    services.undo_review(submission_id="q_00000000", actor="mona")  # the other tab
    response = moderator_client.post("/queue/q_00000000/undo/", **HTMX)
    html = response.content.decode()
    assert "HX-Reswap" not in response
    assert 'data-submission-id="q_00000000"' in html  # the row, in place of the toast
    assert "no review of it is stored now" in html  # the message region, out of band
    assert submissions.get("q_00000000").status == "pending"
    # One undo recorded (newest first): this request's changed nothing.
    assert [e.action for e in audit.history("submission#q_00000000")] == [
        "undo-approve",
        "approve",
    ]
