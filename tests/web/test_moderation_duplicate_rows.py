"""A queue row flagged as a likely duplicate, through Django's test client: the row restored by
Undo is the row a fresh page shows."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from tests.support.index import synced
from tests.support.moderation import game_submission, put_game_item, seed_categories
from truthbyte_admin.data import submissions, tables
from truthbyte_admin.moderation.templatetags.moderation import dup_slot_id

HTMX = {"HTTP_HX_REQUEST": "true"}
BORON = "Is B the chemical symbol for boron?"
SUBMISSION = "q_b0r0d001"


@pytest.fixture
def flagged(game_tables):
    """A pending submission whose text is an existing question's: a likely duplicate."""
    cache.clear()
    seed_categories("general", "science")
    put_game_item(
        tables.QUESTIONS,
        {
            "id": "dq00179",
            "question": BORON,
            "answer": True,
            "categories": ["science", "general"],
            "difficulty": 2,
        },
    )
    put_game_item(tables.SUBMISSIONS, game_submission(SUBMISSION, question=BORON))
    synced()


def _without_tokens(html: str) -> str:
    """Markup with the per-render nonces and CSRF tokens blanked, to compare two renders."""
    return re.sub(r'(name="(?:form_nonce|csrfmiddlewaretoken)" value=")[^"]*', r"\1", html)


def _slot(html: str) -> str:
    """The inside of the row's duplicate slot."""
    slot = re.escape(dup_slot_id(SUBMISSION))
    pattern = rf'<div class="dup-slot" id="{slot}"[^>]*>(.*?)</div>\s*(?:</td>|$)'
    found = re.search(pattern, html, re.S)
    assert found, "no duplicate slot"
    return _without_tokens(found.group(1)).strip()


def _fresh_page_slot(client) -> str:
    """What a fresh queue page shows in the row's slot once its duplicate fragment arrived."""
    page = client.get("/queue/").content.decode()
    fragment_url = re.search(r'hx-get="(/queue/duplicates/[^"]+)"', page).group(1)
    fragment = client.get(fragment_url.replace("&amp;", "&"), **HTMX).content.decode()
    return _slot(fragment)


def test_undo_of_an_inline_reject_brings_the_row_back_with_its_duplicate_warning(
    moderator_client, flagged
):
    fresh = _fresh_page_slot(moderator_client)
    assert 'data-testid="duplicate-warning"' in fresh
    toast = moderator_client.post(
        f"/queue/{SUBMISSION}/reject/", {"reason": "spam", "next": "/queue/"}, **HTMX
    ).content.decode()
    assert f"Rejected {SUBMISSION}" in toast
    assert submissions.get(SUBMISSION).status == "rejected"

    restored = moderator_client.post(
        f"/queue/{SUBMISSION}/undo/", {"next": "/queue/"}, **HTMX
    ).content.decode()

    assert submissions.get(SUBMISSION).status == "pending"
    assert f'data-submission-id="{SUBMISSION}"' in restored
    assert f"Undone: {SUBMISSION} is pending again" in restored
    # The warning and its ways out, exactly as on a fresh page.
    assert _slot(restored) == fresh
    assert "Likely duplicate (100%)" in restored
    assert 'data-testid="reject-duplicate"' in restored
