"""The optional note on an approve or reject is stored in ``reviewer_notes``, the field the game
shows the player (GAME.md): every form that takes it says the player sees it."""

from __future__ import annotations

import re

import pytest

from tests.support.index import synced
from tests.support.moderation import game_submission, put_game_item, raw_item, seed_categories
from truthbyte_admin.data import submissions, tables


@pytest.fixture
def pending(game_tables):
    seed_categories("general", "geography", "science")
    put_game_item(tables.SUBMISSIONS, game_submission("q_n07e0001"))
    synced()


def _described_field(html: str, field_id: str) -> str:
    """The help text a field's aria-describedby points at."""
    field = re.search(rf'<(?:textarea|input)[^>]*id="{field_id}"[^>]*>', html).group(0)
    help_id = re.search(r'aria-describedby="([^"]+)"', field).group(1).split()[0]
    return re.search(rf'id="{help_id}">([^<]*)<', html).group(1)


def test_review_page_says_the_note_goes_to_the_player(moderator_client, pending):
    html = moderator_client.get("/queue/q_n07e0001/").content.decode()
    assert "Reviewer notes" not in html
    assert '<label for="reject_notes">Note to the player (optional)' in html
    assert _described_field(html, "reject_notes") == "The game shows it to them after the reason."
    assert '<label for="id_notes">Note to the player (optional)' in html
    assert _described_field(html, "id_notes") == "The game shows it to them."


def test_queue_reject_dialog_says_the_note_goes_to_the_player(moderator_client, pending):
    html = moderator_client.get("/queue/").content.decode()
    assert "Reviewer notes" not in html
    assert '<label for="reject-dialog-notes">Note to the player (optional)</label>' in html
    assert (
        _described_field(html, "reject-dialog-notes")
        == "The game shows it to them after the reason."
    )


def test_bulk_confirmation_says_the_note_goes_to_each_player(moderator_client, pending):
    form = {"action": "reject", "ids": ["q_n07e0001"], "reason": "spam", "next": "/queue/"}
    html = moderator_client.post("/queue/bulk/", form, follow=True).content.decode()
    assert "Reviewer notes" not in html
    assert '<label for="bulk-notes">Note to each player (optional)</label>' in html
    assert "the game shows it to its player after the reason" in _described_field(
        html, "bulk-notes"
    )


def test_what_the_label_says_is_what_is_stored(moderator_client, pending):
    moderator_client.post(
        "/queue/q_n07e0001/reject/",
        {"reason": "spam", "notes": "Please ask a yes/no question.", "from": "review"},
    )
    # The field the game shows the player: the reason, then the note.
    assert (
        submissions.get("q_n07e0001").reviewer_notes
        == "Spam or nonsense — Please ask a yes/no question."
    )


def test_an_approval_without_a_note_stores_none(moderator_client, pending):
    """The game's field is optional and shown to the player: no empty note is written (editor
    probe), and one that is typed is stored."""
    moderator_client.post("/queue/q_n07e0001/approve/", {"notes": ""})
    stored = raw_item(tables.SUBMISSIONS, {"id": "q_n07e0001"})
    assert stored["status"] == {"S": "approved"}
    assert "reviewer_notes" not in stored
    put_game_item(
        tables.SUBMISSIONS,
        game_submission("q_n07e0002", question="Is Mount Everest the tallest mountain above sea?"),
    )
    moderator_client.post("/queue/q_n07e0002/approve/", {"notes": "Thanks!"})
    assert submissions.get("q_n07e0002").reviewer_notes == "Thanks!"
    # A submission reopened by hand or by the game with an old note keeps none of it when
    # approved without one: the player would read it with the approval.
    put_game_item(
        tables.SUBMISSIONS,
        game_submission(
            "q_n07e0003",
            question="Is the Nile longer than the Thames by far?",
            reviewer_notes="Rejected earlier: too vague",
        ),
    )
    moderator_client.post("/queue/q_n07e0003/approve/", {"notes": "   "})
    stored = raw_item(tables.SUBMISSIONS, {"id": "q_n07e0003"})
    assert stored["status"] == {"S": "approved"}
    assert "reviewer_notes" not in stored
