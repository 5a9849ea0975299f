"""What moderation's forms refuse, and how they say it: the field's own problem, named as staff
see it, nothing stored. Notes and typed reasons become the text the game shows the player, so
control characters and text-direction overrides in them are refused."""

from __future__ import annotations

import html
import re

import pytest

from tests.support.index import synced
from tests.support.moderation import (
    game_submission,
    put_boron_question,
    put_game_item,
    refused_in_place,
    seed_categories,
)
from truthbyte_admin.data import submissions, tables

HTMX = {"HTTP_HX_REQUEST": "true"}
ID = "q_1npu7001"
OTHER_ID = "q_1npu7002"


@pytest.fixture
def pending(game_tables):
    seed_categories("general", "geography", "science")
    put_game_item(tables.SUBMISSIONS, game_submission(ID))
    put_game_item(tables.SUBMISSIONS, game_submission(OTHER_ID, submitted_at=1_764_000_100))
    synced()


def _page_text(response) -> str:
    return html.unescape(response.content.decode())


def _untouched(*ids: str) -> None:
    for submission_id in ids:
        stored = submissions.get(submission_id)
        assert stored.status == "pending"
        assert not stored.reviewer_notes
        assert not stored.rejection_reason


# --- approve: the note's real problem ----------------------------------------------------------


def test_an_approve_note_with_nul_says_so_not_too_long(moderator_client, pending):
    response = moderator_client.post(f"/queue/{ID}/approve/", {"notes": "a\x00b"}, **HTMX)
    assert refused_in_place(response) == (
        "Not approved: Note to the player (optional): Remove the invisible control character "
        "(U+0000). Nothing was changed."
    )
    _untouched(ID)


def test_an_approve_note_too_long_says_how_long(moderator_client, pending):
    response = moderator_client.post(f"/queue/{ID}/approve/", {"notes": "x" * 1001}, **HTMX)
    assert refused_in_place(response) == (
        "Not approved: Note to the player (optional): Ensure this value has at most 1000 "
        "characters (it has 1001). Nothing was changed."
    )
    _untouched(ID)


def test_the_review_page_keeps_the_edits_and_says_what_is_wrong_with_the_note(
    moderator_client, pending
):
    form = {
        "with_edits": "True",
        "question": "Is the Pacific the largest ocean of them all?",
        "title": "Pacific",
        "passage": "",
        "answer": "true",
        "categories": "geography",
        "difficulty": "2",
        "notes": "Thanks\x1b[31m",
    }
    response = moderator_client.post(f"/queue/{ID}/approve/", form)
    assert response.status_code == 400
    page = _page_text(response)
    refused = "Not approved: Note to the player (optional): Remove the invisible control character"
    assert refused in page
    assert "(U+001B). Nothing was changed." in page
    assert "Is the Pacific the largest ocean of them all?" in page  # the edit, kept
    _untouched(ID)


def test_a_note_keeps_its_line_breaks_and_tabs(moderator_client, pending):
    # A textarea sends CRLF; the note is stored with LF, as the question form stores text.
    response = moderator_client.post(
        f"/queue/{ID}/reject/", {"reason": "spam", "notes": "First line\r\n\tsecond"}, **HTMX
    )
    assert response.status_code == 200
    assert submissions.get(ID).reviewer_notes == "Spam or nonsense — First line\n\tsecond"


def test_a_line_break_counts_as_one_character_as_the_browser_counts_it(moderator_client, pending):
    note = "a" * 499 + "\r\n" + "b" * 500  # 1,000 in the textarea, 1,001 as sent
    response = moderator_client.post(
        f"/queue/{ID}/reject/", {"reason": "spam", "notes": note}, **HTMX
    )
    assert response.status_code == 200
    assert submissions.get(ID).reviewer_notes.endswith("a\nb" + "b" * 499)


# --- reject as duplicate: what is wrong with the id --------------------------------------------


@pytest.mark.parametrize(
    ("duplicate_of", "problem"),
    [
        ("dq\x00179", "can't contain invisible or control characters (it has U+0000)."),
        ("dq\u200b179", "can't contain invisible or control characters (it has U+200B zero "),
        ("d" * 201, "is not a question id (such as q530): ids are at most 128 characters "),
        ("dq/179", "“dq/179” is not a question id (such as q530): ids use letters, digits and "),
    ],
)
def test_a_bad_duplicate_id_says_what_is_wrong_with_it(
    moderator_client, pending, duplicate_of, problem
):
    put_boron_question()
    response = moderator_client.post(
        f"/queue/{ID}/reject-duplicate/", {"duplicate_of": duplicate_of}, **HTMX
    )
    text = refused_in_place(response)
    assert text.startswith("Not rejected: ")
    assert problem in text
    assert text.endswith("Nothing was changed.")
    assert "Say which existing question" not in text
    _untouched(ID)


def test_no_duplicate_id_asks_for_one(moderator_client, pending):
    response = moderator_client.post(f"/queue/{ID}/reject-duplicate/", {}, **HTMX)
    assert refused_in_place(response) == (
        "Not rejected: Say which existing question this duplicates. Nothing was changed."
    )


# --- control characters and overrides in what the player reads ---------------------------------


def test_a_typed_reason_with_control_characters_is_refused(moderator_client, pending):
    response = moderator_client.post(
        f"/queue/{ID}/reject/",
        {"reason": "other", "reason_text": "bad\x07\x1b[31m\u202e", "from": "review"},
    )
    assert response.status_code == 400
    page = _page_text(response)
    assert (
        "Not rejected: Reason, if “Other”: Remove the invisible control characters "
        "(U+0007, U+001B). Nothing was changed."
    ) in page
    # The typed text stays in its field, to be put right; none of it is stored.
    _untouched(ID)


@pytest.mark.parametrize("override", ["\u202e", "\u202d", "\u202a", "\u2066", "\u2069"])
def test_a_typed_reason_with_a_text_direction_override_is_refused(
    moderator_client, pending, override
):
    response = moderator_client.post(
        f"/queue/{ID}/reject/", {"reason": "other", "reason_text": f"Wrong{override}evil"}, **HTMX
    )
    text = refused_in_place(response)
    assert text.startswith(
        f"Not rejected: Reason, if “Other”: Remove the invisible text-direction character "
        f"(U+{ord(override):04X} "
    )
    assert "players would see the text after it reordered." in text
    _untouched(ID)


def test_right_to_left_text_and_its_marks_are_kept(moderator_client, pending):
    reason = "الإجابة خاطئة\u200f (2024)"
    response = moderator_client.post(
        f"/queue/{ID}/reject/", {"reason": "other", "reason_text": reason}, **HTMX
    )
    assert response.status_code == 200
    assert submissions.get(ID).rejection_reason == reason


@pytest.mark.parametrize("note", ["bad\x07", "tab\tthen\x85C1", "\u202eevil"])
def test_a_reject_note_with_controls_is_refused(moderator_client, pending, note):
    response = moderator_client.post(
        f"/queue/{ID}/reject/", {"reason": "spam", "notes": note}, **HTMX
    )
    text = refused_in_place(response)
    assert text.startswith("Not rejected: Note to the player (optional): Remove the invisible ")
    _untouched(ID)


def test_an_approve_note_with_an_override_is_refused(moderator_client, pending):
    response = moderator_client.post(f"/queue/{ID}/approve/", {"notes": "ok\u2067"}, **HTMX)
    assert "U+2067 right-to-left isolate" in refused_in_place(response)
    _untouched(ID)


# --- bulk: every field's problem, named ---------------------------------------------------------


def _bulk(client_, **form):
    return client_.post("/queue/bulk/", {"next": "/queue/", **form}, follow=True)


@pytest.mark.parametrize(
    ("notes", "problem"),
    [
        ("n" * 1001, "Note to each player: Ensure this value has at most 1000 characters (it"),
        ("a\x00b", "Note to each player: Remove the invisible control character (U+0000)."),
        ("\x1b[31m", "Note to each player: Remove the invisible control character (U+001B)."),
    ],
)
def test_a_bulk_note_says_what_is_wrong_with_it(moderator_client, pending, notes, problem):
    page = _page_text(
        _bulk(moderator_client, action="reject", reason="spam", ids=[ID], notes=notes)
    )
    assert problem in page
    assert "Nothing was changed" in page
    _untouched(ID)


def test_a_bulk_typed_reason_with_controls_is_refused(moderator_client, pending):
    page = _page_text(
        _bulk(moderator_client, action="reject", reason="other", reason_text="x\x07", ids=[ID])
    )
    assert "Typed reason (for Other): Remove the invisible control character (U+0007)." in page
    _untouched(ID)


def test_an_empty_bulk_form_names_what_is_missing(moderator_client, pending):
    page = _page_text(moderator_client.post("/queue/bulk/", {}, follow=True))
    assert "Action: choose “Approve selected…” or “Reject selected…”." in page
    assert "Select at least one submission." in page
    assert "This field is required." not in page


def _start_bulk_reject(client) -> str:
    """A bulk rejection of ID as spam, up to its confirmation page: that page's address."""
    started = client.post(
        "/queue/bulk/", {"action": "reject", "reason": "spam", "ids": [ID], "next": "/queue/"}
    )
    return started["Location"]


def _confirm_bulk_reject(client, confirm_url: str, **extra):
    """What that confirmation page sends (plus ``extra``, e.g. a note)."""
    token = re.search(r"/queue/bulk/([^/]+)/$", confirm_url).group(1)
    form = {"bulk": token, "action": "reject", "reason": "spam", "ids": [ID], "confirmed": "1"}
    return client.post("/queue/bulk/", {**form, "next": "/queue/", **extra})


def test_a_bulk_confirmation_whose_reason_was_removed_since_goes_back_to_the_queue(
    moderator_client, pending
):
    """An admin removed the saved reason between the queue and the confirmation: that page has
    no reason to choose again, so the moderator is sent to the queue, the selection kept."""
    from truthbyte_admin.moderation import reasons

    confirm_url = _start_bulk_reject(moderator_client)
    reasons.save_reasons(["Answer is wrong or unverifiable"])  # "spam" gone
    response = _confirm_bulk_reject(moderator_client, confirm_url)
    assert response["Location"] == "/queue/"
    page = _page_text(moderator_client.get("/queue/"))
    assert "your selection is kept" in page
    _untouched(ID)


def test_a_refused_bulk_confirmation_goes_back_to_its_confirmation(moderator_client, pending):
    confirm_url = _start_bulk_reject(moderator_client)
    response = _confirm_bulk_reject(moderator_client, confirm_url, notes="\x07")
    assert response["Location"] == confirm_url
    page = _page_text(moderator_client.get(confirm_url))
    assert "Note to each player: Remove the invisible control character (U+0007)." in page
    _untouched(ID)


# --- bulk: a confirmation does only what its page showed ----------------------------------------


def test_a_confirmation_sent_with_another_action_and_selection_changes_nothing(
    moderator_client, pending
):
    started = moderator_client.post(
        "/queue/bulk/", {"action": "approve", "ids": [ID], "next": "/queue/"}
    )
    token = re.search(r"/queue/bulk/([^/]+)/$", started["Location"]).group(1)

    tampered = moderator_client.post(
        "/queue/bulk/",
        {
            "bulk": token,
            "action": "reject",
            "reason": "spam",
            "ids": [OTHER_ID],
            "confirmed": "1",
            "next": "/queue/",
        },
    )
    _untouched(ID, OTHER_ID)
    # Asked again, as a bulk review of its own; the first one's page is as it was.
    new_url = tampered["Location"]
    new_token = re.search(r"/queue/bulk/([^/]+)/$", new_url).group(1)
    assert new_token != token
    page = _page_text(moderator_client.get(new_url))
    assert (
        "Nothing was changed: the form sent asked for something other than what its "
        "confirmation page showed (approve 1 submission)."
    ) in page
    assert "Reject 1 submission?" in page
    assert "Approve 1 submission?" in _page_text(moderator_client.get(started["Location"]))

    done = moderator_client.post(
        "/queue/bulk/",
        {
            "bulk": new_token,
            "action": "reject",
            "reason": "spam",
            "ids": [OTHER_ID],
            "confirmed": "1",
            "next": "/queue/",
        },
        follow=True,
    )
    page = _page_text(done)
    assert "Bulk reject: results" in page
    assert "Bulk approve" not in page
    assert submissions.get(OTHER_ID).status == "rejected"
    assert submissions.get(ID).status == "pending"


def test_a_confirmation_with_another_reason_changes_nothing(moderator_client, pending):
    started = moderator_client.post(
        "/queue/bulk/", {"action": "reject", "reason": "spam", "ids": [ID], "next": "/queue/"}
    )
    token = re.search(r"/queue/bulk/([^/]+)/$", started["Location"]).group(1)
    response = moderator_client.post(
        "/queue/bulk/",
        {"bulk": token, "action": "reject", "reason": "offensive", "ids": [ID], "confirmed": "1"},
    )
    assert "/results/" not in response["Location"]
    _untouched(ID)


# --- the reasons editor answers GET and POST only -----------------------------------------------


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "FOO"])
def test_the_reasons_editor_answers_only_get_and_post(admin_client, game_tables, method):
    response = admin_client.generic(method, "/queue/reasons/")
    assert response.status_code == 405
    assert sorted(response["Allow"].split(", ")) == ["GET", "POST"]


def test_acting_on_a_submission_id_not_stored_says_there_is_none(moderator_client, pending):
    """An altered address or a deleted submission: one read can't tell which, so neither is
    claimed ("no longer exists" was untrue for an id that never existed)."""
    response = moderator_client.post("/queue/q_n0t5t0r3/reject/", {"reason": "unclear"}, **HTMX)
    said = html.unescape(response.content.decode())
    assert (
        "There is no submission q_n0t5t0r3 in the game's database (deleted since, or never "
        "there); nothing was changed." in said
    )
    assert "no longer exists" not in said
