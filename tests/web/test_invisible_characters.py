"""Invisible characters in a question's text (zero-width spaces, text-direction controls) are
named beside the field, in the editor and on the moderation review: players see nothing there,
so staff couldn't either. Nothing is refused: the text is kept as typed."""

from __future__ import annotations

import pytest

from tests.support.index import synced
from tests.support.moderation import game_submission, put_game_item
from tests.support.questions import make_question, seed
from truthbyte_admin.data import tables
from truthbyte_admin.domain.validation import invisible_characters_note

ZWSP = "\u200b"


def test_the_note_names_each_invisible_character_once_and_not_the_joiners():
    note = invisible_characters_note(f"Is{ZWSP} Paris{ZWSP} in \u202eFrance?")
    assert note.startswith(
        "Contains invisible characters (U+202E right-to-left override, U+200B zero width space)"
    )
    assert "players read the words after a direction control reordered" in note
    assert invisible_characters_note(f"Is{ZWSP} it?").endswith(
        "players don't see it, but it changes how the text is searched. Remove it unless the "
        "text needs it."
    )
    # Both kinds: each says its own effect (the search one had been dropped: diff review).
    assert "reordered (as the preview shows); the other changes how the text is searched" in note
    assert invisible_characters_note("Is this 👨\u200d👩\u200d👧 a family?") is None  # joiners
    assert invisible_characters_note("Plain text.") is None
    assert invisible_characters_note(None) is None


@pytest.fixture
def question(game_tables):
    seed(make_question("z1", ["science"], 2, question=f"Is Paris{ZWSP} the capital of France?"))


def test_the_editor_names_them_beside_the_field_and_saves_as_usual(question, editor_client):
    html = editor_client.get("/questions/z1/").content.decode()

    assert 'data-testid="invisible-question"' in html
    assert "U+200B zero width space" in html
    assert 'data-testid="invisible-title"' not in html


def test_the_review_names_them_in_a_players_submission(game_tables, db, moderator_client):
    put_game_item(
        tables.SUBMISSIONS,
        game_submission("q_00000000", submitted_at=1_764_000_000, question=f"Is {ZWSP}this true?"),
    )
    synced()

    html = moderator_client.get("/queue/q_00000000/").content.decode()

    assert 'data-testid="invisible-question"' in html
    assert "U+200B zero width space" in html
