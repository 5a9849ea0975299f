"""Issue 14 through Django's test client: every new action also works as a plain form POST."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.core.cache import cache

from tests.support.index import synced
from tests.support.moderation import (
    AUTHOR,
    BORON,
    game_submission,
    put_boron_question,
    put_documented,
    put_game_item,
    seed_categories,
)
from tests.support.requests import assert_dynamodb_requests
from truthbyte_admin.core.undo import undo_deadline
from truthbyte_admin.data import submissions, tables
from truthbyte_admin.moderation.models import ModerationPreference, SavedReason

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def tables_ready(game_tables):
    cache.clear()
    seed_categories("general", "geography", "science", "history")
    return game_tables


def test_undo_by_plain_post_from_the_message(moderator_client, tables_ready):
    put_game_item(tables.SUBMISSIONS, game_submission("q_un000001"))
    synced()
    page = moderator_client.post(
        "/queue/q_un000001/approve/", {"next": "/queue/"}, follow=True
    ).content.decode()
    # The message (in the aria-live region) offers Undo as a plain form.
    assert re.search(r'id="messages"[^>]*aria-live="polite"', page)
    assert 'action="/queue/q_un000001/undo/"' in page
    assert 'data-testid="message-undo"' in page
    # As the row's toast says it: how long, and until when (it had said neither), counted
    # from the review time stored, as the Undo button's own check counts it.
    stored = submissions.get("q_un000001").reviewed_at
    expected = undo_deadline(dt.datetime.fromtimestamp(stored, dt.UTC))
    assert f"within 10 minutes (until {expected:%H:%M} UTC)" in page
    response = moderator_client.post("/queue/q_un000001/undo/", {"next": "/queue/"}, follow=True)
    html = response.content.decode()
    assert "Undone: q_un000001 is pending again" in html
    assert 'data-submission-id="q_un000001"' in html
    assert submissions.get("q_un000001").status == "pending"


def test_undo_refused_says_why_and_changes_nothing(moderator_client, tables_ready, make_staff):
    from django.test import Client

    put_game_item(tables.SUBMISSIONS, game_submission("q_un000002"))
    other = Client()
    other.force_login(make_staff("max", "moderator"))
    other.post("/queue/q_un000002/reject/", {"reason": "spam"})
    response = moderator_client.post("/queue/q_un000002/undo/", follow=True)
    assert "Only the staff member who reviewed it (max) or an admin can undo" in (
        response.content.decode()
    )
    assert submissions.get("q_un000002").status == "rejected"
    # The review page shows the history's Undo only to whoever may use it.
    assert b'data-testid="history-undo"' not in moderator_client.get("/queue/q_un000002/").content
    assert b'data-testid="history-undo"' in other.get("/queue/q_un000002/").content
    assert other.post("/queue/q_un000002/undo/").status_code == 302
    assert submissions.get("q_un000002").status == "pending"


def test_support_cannot_undo(support_client, tables_ready):
    put_game_item(tables.SUBMISSIONS, game_submission("q_un000003"))
    assert support_client.post("/queue/q_un000003/undo/").status_code == 403


def test_duplicate_guard_on_review_and_approve_and_reject_as_duplicate(
    moderator_client,
    tables_ready,
):
    put_boron_question(categories=("general",))
    put_game_item(tables.SUBMISSIONS, game_submission("q_du000001", question=BORON))
    review = moderator_client.get("/queue/q_du000001/").content.decode()
    assert 'data-testid="duplicate-warning"' in review
    assert "dq00179" in review
    assert 'data-testid="approve-anyway"' in review
    assert 'data-testid="approve"' not in review
    assert "Reject as duplicate of dq00179" in review
    # Quick approve (queue row, htmx): refused, the row stays with the warning and both ways out.
    response = moderator_client.post("/queue/q_du000001/approve/", **HTMX)
    html = response.content.decode()
    assert 'data-submission-id="q_du000001"' in html
    assert "dq00179" in html
    assert 'data-testid="approve-anyway"' in html
    assert 'data-testid="reject-duplicate"' in html
    assert submissions.get("q_du000001").status == "pending"
    # Plain POST without "approve anyway": back to the review, which says why.
    response = moderator_client.post("/queue/q_du000001/approve/")
    assert response.status_code == 302
    assert response["Location"] == "/queue/q_du000001/"
    response = moderator_client.post(
        "/queue/q_du000001/reject-duplicate/", {"duplicate_of": "dq00179"}, follow=True
    )
    assert b"Rejected q_du000001 \xe2\x80\x9c<bdi>" in response.content
    assert "</bdi>”: Duplicate of existing question dq00179.".encode() in response.content
    assert submissions.get("q_du000001").reviewer_notes == "Duplicate of existing question dq00179"


def test_queue_duplicate_warnings_come_in_their_own_fragment(moderator_client, tables_ready):
    put_boron_question(categories=("general",))
    put_game_item(tables.SUBMISSIONS, game_submission("q_du000002", question=BORON))
    put_game_item(tables.SUBMISSIONS, game_submission("q_du000003", submitted_at=1_764_000_100))
    synced()
    page = moderator_client.get("/queue/").content.decode()
    src = re.search(r'hx-get="(/queue/duplicates/[^"]+)"', page).group(1).replace("&amp;", "&")
    with assert_dynamodb_requests() as stats:
        html = moderator_client.get(src, **HTMX).content.decode()
    assert stats.operations == ["batch_get_item", "scan"]  # the rows, the (cold) corpus
    from truthbyte_admin.moderation.templatetags.moderation import dup_slot_id

    slot = dup_slot_id("q_du000002")
    assert f'id="{slot}"' in page  # the row's empty slot...
    assert f'id="{slot}" hx-swap-oob="true"' in html
    assert "dq00179" in html
    assert "q_du000003" not in html


def test_a_bulk_confirmation_with_nothing_left_pending_offers_no_button(
    moderator_client, tables_ready
):
    """Every selected submission reviewed meanwhile: no "Yes, approve 0" (concurrency probe),
    but what happened and the way back."""
    put_game_item(tables.SUBMISSIONS, game_submission("q_b0c00009"))
    form = {"action": "approve", "ids": ["q_b0c00009"], "next": "/queue/"}
    first = moderator_client.post("/queue/bulk/", form)
    moderator_client.post("/queue/q_b0c00009/approve/", {})
    confirm = moderator_client.get(first["Location"]).content.decode()
    assert re.search(r"<h1 [^>]*>Nothing left to approve</h1>", confirm)
    assert 'data-testid="confirm"' not in confirm
    assert "The one selected is not pending now (“Status now” above says" in confirm
    assert "Of the 1 selected" not in confirm


def test_a_bulk_selection_naming_an_id_not_stored_does_not_claim_it_existed(
    moderator_client, tables_ready
):
    # One read can't tell a deleted submission from an id never stored (an altered form).
    form = {"action": "approve", "ids": ["zz_nope"], "next": "/queue/"}
    confirm = moderator_client.get(moderator_client.post("/queue/bulk/", form)["Location"])
    html = confirm.content.decode()
    assert "not found: deleted since, or never there" in html
    assert "no longer exists" not in html
    assert 'data-testid="confirm"' not in html


def test_bulk_confirmation_counts_only_what_is_still_pending(moderator_client, tables_ready):
    """One of two selected submissions approved on its own meanwhile: the confirmation neither
    counts it nor calls it a likely duplicate of the question it became."""
    put_game_item(tables.SUBMISSIONS, game_submission("q_b0c00001"))
    put_game_item(
        tables.SUBMISSIONS,
        game_submission("q_b0c00002", question="Is the Danube longer than the Rhine?"),
    )
    form = {"action": "approve", "ids": ["q_b0c00001", "q_b0c00002"], "next": "/queue/"}
    first = moderator_client.post("/queue/bulk/", form)
    moderator_client.post("/queue/q_b0c00001/approve/", {})
    confirm = moderator_client.get(first["Location"]).content.decode()
    assert "likely duplicate" not in confirm
    assert re.search(r"<h1 [^>]*>Approve 1 submission\?</h1>", confirm)
    assert "Of the 2 selected, 1 is still pending: only that one is acted on." in confirm
    assert re.search(r'data-testid="confirm">Yes, approve 1</button>', confirm)
    reject = {"action": "reject", "reason": "unclear", "ids": form["ids"], "next": "/queue/"}
    confirm = moderator_client.get(
        moderator_client.post("/queue/bulk/", reject)["Location"]
    ).content.decode()
    assert re.search(r'data-testid="confirm">Yes, reject 1</button>', confirm)


def test_bulk_approve_confirmation_names_duplicates_and_holds_them_back(
    moderator_client,
    tables_ready,
):
    put_boron_question(categories=("general",))
    put_game_item(tables.SUBMISSIONS, game_submission("q_du000004", question=BORON))
    form = {"action": "approve", "ids": ["q_du000004"], "next": "/queue/"}
    confirm = moderator_client.post("/queue/bulk/", form, follow=True).content.decode()
    assert 'data-duplicate-of="dq00179"' in confirm
    assert 'name="approve_anyway"' in confirm
    # Unticked, none would be approved: the button shows only once the box is ticked, and a
    # note says why until then.
    assert "Yes, approve 0" not in confirm
    assert "As it is, nothing would be approved: the one still pending is a likely" in confirm
    assert re.search(
        r'data-testid="confirm" data-needs-anyway [^>]*>Yes, approve 1, the 1 likely duplicate '
        r"included</button>",
        confirm,
    )
    done = moderator_client.post(
        "/queue/bulk/", {**form, "confirmed": "1"}, follow=True
    ).content.decode()
    assert "0 of 1 approved" in done
    assert "duplicate of question dq00179" in done
    # Where "approve anyway" and "reject as a duplicate" are: the submission's review page.
    assert (
        '<a href="/queue/q_du000004/?next=/queue/" data-testid="bulk-duplicate-review">Open its '
        'review<span class="sr-only"> (q_du000004)</span> to do either</a>.' in done
    )
    done = moderator_client.post(
        "/queue/bulk/", {**form, "confirmed": "1", "approve_anyway": "on"}, follow=True
    ).content.decode()
    assert "1 of 1 approved" in done


def test_bulk_error_keeps_the_selection_without_javascript(moderator_client, tables_ready):
    for n in range(3):
        put_game_item(
            tables.SUBMISSIONS, game_submission(f"q_b0000{n:03d}", submitted_at=1_764_000_000 + n)
        )
    synced()
    response = moderator_client.post(
        "/queue/bulk/",
        {"action": "reject", "ids": ["q_b0000000", "q_b0000002"], "next": "/queue/"},
        follow=True,
    )
    html = response.content.decode()
    assert "Choose a reason to reject with." in html
    assert "your selection is kept" in html
    checked = re.findall(
        r'value="(q_b0000\d+)" form="bulk-form" class="row-select"'
        r"[^>]*checked",
        html,
    )
    assert checked == ["q_b0000000", "q_b0000002"]
    assert "2 selected" in html
    # Only once: the next visit starts clear.
    assert "checked" not in re.sub(
        r"<option[^>]*>",
        "",
        moderator_client.get("/queue/").content.decode().split('id="queue"')[1],
    )


def test_no_reason_is_preselected_and_other_needs_text(moderator_client, tables_ready):
    put_game_item(tables.SUBMISSIONS, game_submission("q_re000001"))
    review = moderator_client.get("/queue/q_re000001/").content.decode()
    select = re.search(r'<select name="reason"[^>]*id="reject_reason".*?</select>', review, re.S)
    # Only the blank "Choose a reason…" placeholder is selected: no real reason.
    assert select
    assert re.findall(r'<option value="([^"]*)" selected', select.group(0)) == [""]
    response = moderator_client.post(
        "/queue/q_re000001/reject/", {"reason": "other", "reason_text": "", "from": "review"}
    )
    assert response.status_code == 400
    assert "Type the reason when you choose “Other”." in response.content.decode()


def test_shortcuts_can_be_turned_off_and_it_is_stored(moderator_client, tables_ready):
    put_game_item(tables.SUBMISSIONS, game_submission("q_sh000001"))
    assert b'data-shortcuts="on"' in moderator_client.get("/queue/").content
    moderator_client.post("/queue/shortcuts/", {"next": "/queue/"})
    assert ModerationPreference.objects.get().shortcuts_enabled is False
    for url in ("/queue/", "/queue/q_sh000001/"):
        html = moderator_client.get(url).content.decode()
        assert 'data-shortcuts="off"' in html
        assert "<kbd>a</kbd>" not in html
    moderator_client.post("/queue/shortcuts/", {"shortcuts_enabled": "on"})
    assert b'data-shortcuts="on"' in moderator_client.get("/queue/").content


def test_admins_edit_the_saved_reasons(admin_client, make_staff, tables_ready):
    from django.test import Client

    moderator_client = Client()
    moderator_client.force_login(make_staff("mona", "moderator"))
    assert moderator_client.get("/queue/reasons/").status_code == 403
    page = admin_client.get("/queue/reasons/").content.decode()
    assert "Duplicate of an existing question" in page
    response = admin_client.post(
        "/queue/reasons/",
        {"reasons": "Duplicate of an existing question\nNot a true/false question\n"},
    )
    assert response.status_code == 302
    assert [r.label for r in SavedReason.objects.all()] == [
        "Duplicate of an existing question",
        "Not a true/false question",
    ]
    assert SavedReason.objects.first().key == "duplicate"  # kept labels keep their key
    put_game_item(tables.SUBMISSIONS, game_submission("q_rs000001"))
    queue = moderator_client.get("/queue/").content.decode()
    assert "Not a true/false question" in queue
    assert "Spam or nonsense" not in queue
    key = SavedReason.objects.get(label="Not a true/false question").key
    moderator_client.post("/queue/q_rs000001/reject/", {"reason": key})
    assert submissions.get("q_rs000001").rejection_reason == "Not a true/false question"
    bad = admin_client.post("/queue/reasons/", {"reasons": "Same\nsame"})
    assert bad.status_code == 400
    assert "Each reason must appear once: “same” is there 2 times (capitals and spaces aside)." in (
        html.unescape(bad.content.decode())
    )


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        # A second "Other (typed)" would reject with that label as the player's reason.
        (
            "other (TYPED)\nSpam or nonsense",
            "“Other (typed)” is always offered last, asking for the reason's text; leave it "
            "out of the list.",
        ),
        (
            "\u202eSpam",
            "“⟨U+202E⟩Spam” holds an invisible or control character (written out here as "
            "⟨U+…⟩): players would see nothing there, or the text around it reordered. Remove it.",
        ),
    ],
)
def test_reasons_the_list_cant_hold_are_refused_saying_why(admin_client, tables_ready, typed, said):
    bad = admin_client.post("/queue/reasons/", {"reasons": typed})

    assert bad.status_code == 400
    assert said in html.unescape(bad.content.decode())
    assert not SavedReason.objects.exists()


def test_pending_badge_is_a_fragment_from_the_index_and_fresh_after_an_action(
    moderator_client,
    tables_ready,
):
    put_game_item(tables.SUBMISSIONS, game_submission("q_bd000001", submitted_at=1_764_000_000))
    put_game_item(tables.SUBMISSIONS, game_submission("q_bd000002", submitted_at=1_764_000_100))
    synced()
    assert b'hx-get="/queue/badge/"' in moderator_client.get("/questions/").content
    with assert_dynamodb_requests(0):
        html = moderator_client.get("/queue/badge/", **HTMX).content.decode()
    assert "<strong>2</strong>" in html
    assert "oldest" in html
    assert "<html" not in html
    moderator_client.post("/queue/q_bd000001/reject/", {"reason": "spam"})
    assert "<strong>1</strong>" in moderator_client.get("/queue/badge/", **HTMX).content.decode()
    moderator_client.post("/queue/q_bd000002/reject/", {"reason": "spam"})
    assert "<strong>0</strong>" in moderator_client.get("/queue/badge/", **HTMX).content.decode()
    # Submitted in the game: counted once the sync has picked it up.
    put_game_item(tables.SUBMISSIONS, game_submission("q_bd000003", submitted_at=1_764_000_200))
    synced()
    assert "<strong>1</strong>" in moderator_client.get("/queue/badge/", **HTMX).content.decode()


def test_review_links_the_submitter_and_shows_their_other_pending(moderator_client, tables_ready):
    put_game_item(tables.SUBMISSIONS, game_submission("q_ot000001"))
    put_game_item(
        tables.SUBMISSIONS,
        game_submission(
            "q_ot000002", submitted_at=1_764_000_100, question="Is Mars called the red planet?"
        ),
    )
    put_game_item(
        tables.SUBMISSIONS,
        game_submission(
            "q_ot000003",
            submitted_at=1_764_000_200,
            status="rejected",
            question="Is this rejected one listed as pending?",
        ),
    )
    synced()
    html = moderator_client.get("/queue/q_ot000001/").content.decode()
    assert f'href="/players/{AUTHOR}/" data-testid="submitter-link"' in html
    other = re.search(r'data-testid="other-pending">(.*?)</ul>', html, re.S).group(1)
    assert "Is Mars called the red planet?" in other
    assert "rejected one" not in other
    assert 'dir="auto"' in other


def test_player_text_has_dir_auto_in_display_and_fields(moderator_client, tables_ready):
    put_game_item(
        tables.SUBMISSIONS,
        game_submission(
            "q_rt000001", question="האם ירושלים היא בירת ישראל?", title="هل القاهرة عاصمة مصر؟"
        ),
    )
    synced()
    queue = moderator_client.get("/queue/").content.decode()
    assert re.search(r'class="review-link" href="[^"]+" dir="auto">האם', queue)
    review = moderator_client.get("/queue/q_rt000001/").content.decode()
    for pattern in (
        r'data-testid="question" dir="auto"',
        r'<textarea[^>]*dir="auto"[^>]*'
        r'id="id_question"|<textarea[^>]*id="id_question"[^>]*dir="auto"',
        r'<input[^>]*name="title"[^>]*dir="auto"|<input[^>]*dir="auto"[^>]*name="title"',
    ):
        assert re.search(pattern, review), pattern


def test_refused_edits_on_the_review_page_are_summarised_at_the_top_with_links(
    moderator_client, tables_ready
):
    """A long submission puts the fields far below the page's top: the refusal is a focused
    summary at the top of the approval form, linking to each field it names."""
    put_game_item(tables.SUBMISSIONS, game_submission("q_5a4e0001", passage="Long. " * 300))
    response = moderator_client.post(
        "/queue/q_5a4e0001/approve/",
        {"with_edits": "True", "question": "Short", "answer": "true", "difficulty": "9"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    summary = html.split('data-testid="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "autofocus" in html.split('data-testid="error-summary"', 1)[0].rsplit("<div", 1)[1]
    assert "Not approved: nothing was changed" in summary
    assert '<a href="#id_difficulty">Difficulty</a>: Choose a difficulty from 1 to 5.' in summary
    assert '<a href="#id_question">Question</a>' in summary
    assert submissions.get("q_5a4e0001").status == "pending"


def test_a_review_page_says_until_when_its_review_can_be_undone(moderator_client, tables_ready):
    put_game_item(tables.SUBMISSIONS, game_submission("q_un000001"))
    moderator_client.post("/queue/q_un000001/reject/", {"reason": "spam"})
    reviewed_at = submissions.get("q_un000001").reviewed_at

    page = html.unescape(moderator_client.get("/queue/q_un000001/").content.decode())

    ends = dt.datetime.fromtimestamp(reviewed_at, dt.UTC) + dt.timedelta(minutes=10)
    assert (
        f'You can still undo this review, until <time datetime="{ends.isoformat()}">'
        f"{ends:%H:%M} UTC</time> (10 minutes after it)."
    ) in page


@pytest.mark.parametrize(
    ("typed", "found", "heading"),
    [
        ("c382ee27-0afe-4bcd-9f00-00000000a1b2", ["q_au000001"], "player"),  # the whole id
        ("c382ee27-0afe…", ["q_au000001", "q_au000002"], "start"),  # as the queue shows one
        ("c382ee27-0afe...", ["q_au000001", "q_au000002"], "start"),
        ("c382ee27-0afe …", ["q_au000001", "q_au000002"], "start"),
        # No mark: the first characters, as the field's label says (they had been taken for a
        # whole id, and "0 pending" told the moderator the player had none).
        ("c382ee27-0afe", ["q_au000001", "q_au000002"], "start"),
        ("c382", ["q_au000001", "q_au000002"], "start"),
        # Ids vary in length: a whole id with pending submissions is that player alone ("p1"
        # is not "p10"), and as the start of longer ids it needs the "…".
        ("p1", ["q_au000004"], "player"),
        ("p1…", ["q_au000004", "q_au000005"], "start"),
        # Case as typed, on SQLite as on PostgreSQL (SQLite's LIKE had matched "C382" too).
        ("C382EE27…", [], "start"),
    ],
)
def test_the_author_filter_takes_a_shortened_id_as_its_start(
    moderator_client, tables_ready, typed, found, heading
):
    for sid, author in [
        ("q_au000001", "c382ee27-0afe-4bcd-9f00-00000000a1b2"),
        ("q_au000002", "c382ee27-0afe-4bcd-9f00-00000000ffff"),
        ("q_au000003", "d0000000-0000-4000-8000-000000000001"),
        ("q_au000004", "p1"),
        ("q_au000005", "p10"),
    ]:
        put_game_item(tables.SUBMISSIONS, game_submission(sid, author=author))
    synced()

    page = moderator_client.get("/queue/", {"author": typed}).content.decode()

    shown = sorted(set(re.findall(r'href="/queue/(q_au\d+)/', page)))
    assert shown == found
    start = typed.rstrip(".… ")
    said = "player" if heading == "player" else "an author whose id starts with"
    assert f'by {said} <code dir="auto">{start}' in page


def test_the_review_page_says_which_form_a_submission_is_written_in_without_field_names(
    moderator_client, tables_ready
):
    put_documented("q_d0c00009")
    put_game_item(tables.SUBMISSIONS, game_submission("q_9a3e0009"))
    documented = moderator_client.get("/queue/q_d0c00009/").content.decode()
    assert "the format of the game’s design document" in documented
    game = moderator_client.get("/queue/q_9a3e0009/").content.decode()
    assert "<dt>Saved in</dt><dd>the game’s format</dd>" in game
    assert "Field names" not in documented


def test_edits_that_make_a_likely_duplicate_offer_approve_anyway_for_the_edited_text(
    moderator_client, tables_ready
):
    """The submission's own text is new; the moderator's edit makes it a duplicate. The page
    answering that (409, edits kept) offers "Approve anyway" and "Reject as duplicate" for the
    question the edit duplicates: it had offered only the approve that was just refused
    (moderation probe)."""
    put_boron_question(categories=("general",))
    put_game_item(tables.SUBMISSIONS, game_submission("q_du000002"))  # about the Pacific
    edits = {
        "with_edits": "True",
        "question": BORON,
        "title": "Boron",
        "passage": "",
        "answer": "true",
        "categories": "science",
        "difficulty": "2",
        "notes": "",
    }
    refused = moderator_client.post("/queue/q_du000002/approve/", edits)
    assert refused.status_code == 409
    html = refused.content.decode()
    assert 'data-testid="approve-anyway"' in html
    assert 'data-testid="approve"' not in html
    assert "Reject as duplicate of dq00179" in html
    assert "Approve anyway (not a duplicate of dq00179)" in html
    assert submissions.get("q_du000002").status == "pending"
    # The way out it offers works: the edits, approved anyway.
    done = moderator_client.post(
        "/queue/q_du000002/approve/", {**edits, "approve_anyway": "on"}, follow=True
    )
    assert b"it is now question" in done.content
    assert submissions.get("q_du000002").status == "approved"


def test_the_review_page_links_to_the_audit_log(moderator_client, tables_ready):
    put_game_item(tables.SUBMISSIONS, game_submission("q_a0d17001"))
    html = moderator_client.get("/queue/q_a0d17001/").content.decode()
    assert (
        '<a href="/audit/?item=Submission+q_a0d17001" data-testid="history-link">Every staff '
        "action concerning this submission</a>"
    ) in html
