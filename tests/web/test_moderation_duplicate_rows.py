"""A queue row flagged as a likely duplicate, through Django's test client: the row restored by
Undo is the row a fresh page shows."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from tests.support.index import synced
from tests.support.moderation import (
    BORON,
    game_submission,
    put_boron_question,
    put_game_item,
    seed_categories,
)
from truthbyte_admin.data import submissions, tables
from truthbyte_admin.moderation.templatetags.moderation import dup_slot_id

HTMX = {"HTTP_HX_REQUEST": "true"}
SUBMISSION = "q_b0r0d001"


@pytest.fixture
def flagged(game_tables):
    """A pending submission whose text is an existing question's: a likely duplicate."""
    cache.clear()
    seed_categories("general", "geography", "science")
    put_boron_question()
    put_game_item(tables.SUBMISSIONS, game_submission(SUBMISSION, question=BORON))
    synced()


def _without_tokens(html: str) -> str:
    """Markup with the per-render nonces and CSRF tokens blanked, to compare two renders."""
    return re.sub(r'(name="(?:form_nonce|csrfmiddlewaretoken)" value=")[^"]*', r"\1", html)


def _slot(html: str) -> str:
    """The inside of the row's duplicate slot."""
    slot = re.escape(dup_slot_id(SUBMISSION))
    pattern = (
        rf'<div class="dup-slot" id="{slot}"[^>]*>\s*(<div class="dup-warning".*?</div>)?\s*</div>'
    )
    found = re.search(pattern, html, re.S)
    assert found, "no duplicate slot"
    return _without_tokens(found.group(1) or "").strip()


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


def _actions(row_html: str) -> str:
    return re.search(r'<td class="actions">(.*?)</td>', row_html, re.S).group(1)


def test_a_flagged_row_offers_approve_anyway_instead_of_a_plain_approve(moderator_client, flagged):
    put_game_item(tables.SUBMISSIONS, game_submission("q_0k000002", submitted_at=1_764_000_100))
    synced()
    page = moderator_client.get("/queue/").content.decode()
    fragment_url = re.search(r'hx-get="(/queue/duplicates/[^"]+)"', page).group(1)
    fragment = moderator_client.get(fragment_url.replace("&amp;", "&"), **HTMX).content.decode()
    # Until the duplicate check arrives every row has the plain Approve; the check replaces
    # the flagged row's (same id, out of band) by "Approve anyway", described by the warning.
    approve_id = re.search(
        rf'<tr id="row-{SUBMISSION}".*?<form [^>]*id="(approve-[0-9a-f]+)" class="approve-form"',
        page,
        re.S,
    ).group(1)
    swapped = re.search(rf'<form [^>]*id="{approve_id}"[^>]*>(.*?)</form>', fragment, re.S)
    assert 'class="approve-anyway-form"' in swapped.group(0)
    assert 'hx-swap-oob="true"' in swapped.group(0)
    assert 'name="approve_anyway" value="on"' in swapped.group(1)
    assert ">Approve anyway</button>" in swapped.group(1)
    assert 'class="button ok">Approve<' not in fragment
    described_by = re.search(r'aria-describedby="([^"]+)"', swapped.group(1)).group(1)
    assert re.search(rf'<p id="{described_by}"><strong>Likely duplicate \(100%\)', fragment)
    assert "q_0k000002" not in fragment  # the other row keeps its plain Approve

    # A refused quick approve (sent before the check arrived) and an undo bring the row back
    # the same way: no plain Approve, "Approve anyway" in its place.
    refused = moderator_client.post(f"/queue/{SUBMISSION}/approve/", **HTMX).content.decode()
    assert "Nothing was changed" in refused
    for row in (refused, _rejected_then_undone(moderator_client)):
        actions = _actions(row)
        assert 'class="approve-form"' not in actions
        assert 'data-testid="approve-anyway"' in actions
        assert 'name="approve_anyway" value="on"' in actions
        assert ">Reject</button>" in actions
    assert submissions.get(SUBMISSION).status == "pending"

    # What it sends is what works.
    form = _actions(row)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    response = moderator_client.post(f"/queue/{SUBMISSION}/approve/", fields, **HTMX)
    html = response.content.decode()
    assert f"Approved {SUBMISSION} “<bdi>" in html
    assert "</bdi>”: it is now question" in html
    assert submissions.get(SUBMISSION).status == "approved"


def _rejected_then_undone(client) -> str:
    client.post(f"/queue/{SUBMISSION}/reject/", {"reason": "spam", "next": "/queue/"}, **HTMX)
    return client.post(f"/queue/{SUBMISSION}/undo/", {"next": "/queue/"}, **HTMX).content.decode()
