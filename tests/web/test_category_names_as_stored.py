"""A category name the game stored with spaces at either end (" space": its approval copies a
player's categories verbatim, its uploader writes a file's category as is) is a category of its
own to the game, which matches by exact string. The admin reads it as stored, so every page and
every write agrees with the game: the question page shows it, "Verify now" finds nothing wrong,
the repair moves nothing, the staff index counts it under " space", and re-saving the question
in the editor keeps it, with its entry in the game's " space" list.

Before, the data layer trimmed it to "space": "Verify now" reported the " space" entry as "not
tagged" and the question as "missing" from "space", and the repair moved it out of the game's
" space" list into one where the game's filter doesn't find it."""

from __future__ import annotations

import re

import pytest

from tests.support import game_writes as game
from tests.support.index import synced
from tests.support.moderation import game_submission, put_game_item, seed_categories
from tests.support.questions import (
    assert_invariants,
    form_data,
    index_entries,
    make_question,
    raw_question,
    seed,
    stored_counts,
)
from truthbyte_admin.data import audit, tables
from truthbyte_admin.data import questions as questions_repo
from truthbyte_admin.data import submissions as submissions_repo
from truthbyte_admin.data.bulk import recount_categories
from truthbyte_admin.staffindex import sync
from truthbyte_admin.staffindex.models import QuestionCategory

SPACED = " space"


@pytest.fixture
def pool(game_tables, db, settings):
    """Questions in "space" (as the admin writes them), and one the game stored in " space"."""
    settings.CATEGORY_CHECK_IN_THREAD = False  # the test's own transaction: run it inline
    seed(*[make_question(f"dq{n:05}", ["space"], 1 + n % 5) for n in range(3)])
    game.question("g1", "Is the game's spaced category kept?", categories=(SPACED, "general"))
    recount_categories([SPACED, "space", "general"])
    synced()
    sync.sync_once()
    return game_tables


def _text(response) -> str:
    return response.content.decode().replace("&#x27;", "'")


def _rows(listing: str) -> list[str]:
    return re.findall(r'<a href="/questions/([^/"]+)/"><code>', listing)


def _g1_entries() -> set[tuple[str, str]]:
    return {key for key in index_entries() if key[1] == "g1"}


def test_the_question_page_shows_the_name_as_stored_with_its_spaces(pool, editor_client):
    edited = _text(editor_client.get("/questions/g1/"))
    note = edited[edited.index('data-testid="spaced-categories"') :]
    assert 'data-testid="spaced-category" dir="auto">“ space”</span></p>' in note
    assert 'data-testid="spaced-categories"' not in _text(editor_client.get("/questions/dq00001/"))
    listing = _text(editor_client.get("/questions/?q=spaced"))
    assert 'href="?category=%20space" title=' in listing
    assert 'data-testid="spaced-category" dir="auto">“ space”</a>' in listing


def test_the_list_filters_on_the_name_with_its_spaces_or_without_them(pool, editor_client):
    spaced = _text(editor_client.get("/questions/", {"category": SPACED}))
    assert _rows(spaced) == ["g1"]
    assert '<code class="slug" dir="auto">“ space”</code>' in spaced
    trimmed = _text(editor_client.get("/questions/", {"category": "space"}))
    assert _rows(trimmed) == ["dq00000", "dq00001", "dq00002"]
    # Spaces typed around a name no category has are still dropped.
    typed = _text(editor_client.get("/questions/", {"category": "  space  "}))
    assert _rows(typed) == _rows(trimmed)


def test_the_read_only_question_page_shows_the_name_quoted(pool, support_client):
    read_only = _text(support_client.get("/questions/g1/"))
    assert 'data-testid="spaced-category" dir="auto">“ space”</span>' in read_only


def test_verify_now_finds_nothing_wrong_and_the_repair_moves_nothing(pool, editor_client):
    entries, counts = index_entries(), stored_counts()
    checked = _text(editor_client.post("/categories/verify/", follow=True))
    assert 'data-testid="check-lists"' not in checked
    assert 'data-testid="check-behind"' not in checked
    assert 'data-testid="repair"' not in checked
    repaired = _text(editor_client.post("/categories/reconcile/", follow=True))
    assert "Nothing to do" in repaired
    assert index_entries() == entries
    assert stored_counts() == counts
    assert raw_question("g1")["categories"] == [SPACED, "general"]
    assert audit.history(f"category#{SPACED}") == []
    assert audit.history("category#space") == []


def test_the_staff_index_counts_it_under_the_name_as_stored(pool):
    rows = QuestionCategory.objects.filter(question__qid="g1")
    assert set(rows.values_list("category", flat=True)) == {SPACED, "general"}
    spaced = QuestionCategory.objects.filter(category=SPACED)
    assert spaced.count() == 1
    assert QuestionCategory.objects.filter(category="space").count() == 3


def test_resaving_the_question_unchanged_writes_nothing(pool, editor_client):
    before = raw_question("g1")
    html = _text(editor_client.get("/questions/g1/"))
    assert 'value=" space"' in html  # the form holds the name as stored
    loaded = questions_repo.get("g1")
    assert loaded.categories == [SPACED, "general"]
    response = editor_client.post("/questions/g1/", form_data(loaded))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert raw_question("g1") == before
    assert _g1_entries() == {(SPACED, "g1"), ("general", "g1")}
    assert audit.history("question#g1") == []


def test_an_unrelated_edit_keeps_the_name_and_its_list_entry(pool, editor_client):
    counts = stored_counts()
    loaded = questions_repo.get("g1")
    # As typed in the box: trimmed, it equals the stored name, which is kept verbatim.
    response = editor_client.post(
        "/questions/g1/",
        form_data(
            loaded, question="Is the game's spaced category kept on an edit?", categories="space"
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = raw_question("g1")
    assert stored["question"] == "Is the game's spaced category kept on an edit?"
    assert stored["categories"] == [SPACED, "general"]
    assert _g1_entries() == {(SPACED, "g1"), ("general", "g1")}
    assert stored_counts() == counts
    assert_invariants()


def test_a_submission_is_read_with_its_names_as_stored(pool):
    game.game_submission(
        "q_5pace001",
        "Is a player's spaced category kept?",
        author="p1",
        at=1_700_000_000,
        categories=(SPACED, "Sci Fi ", "general", SPACED),
    )
    submission = submissions_repo.get("q_5pace001")
    assert submission.categories == [SPACED, "Sci Fi ", "general"]


def test_approving_a_submission_makes_slugs_of_its_names_as_before(
    game_tables, db, moderator_client
):
    """Reading a submission's names verbatim changes nothing in moderation's approval, which
    treats a player's categories as new entries of the question form (made into slugs, spaces
    trimmed), where the game's own approval copies them verbatim."""
    seed_categories("general", "space")
    put_game_item(tables.SUBMISSIONS, game_submission("q_5pace002", categories=[SPACED, "general"]))
    synced()
    moderator_client.post("/queue/q_5pace002/approve/")
    approved = submissions_repo.get("q_5pace002")
    assert approved.status == "approved"
    question_id = approved.approved_question_id
    assert raw_question(question_id)["categories"] == ["space", "general"]
    assert {key for key in index_entries() if key[1] == question_id} == {
        ("space", question_id),
        ("general", question_id),
    }


def test_every_page_showing_its_categories_quotes_the_spaced_name(pool, editor_client):
    page = _text(editor_client.get("/questions/g1/"))
    preview = page[page.index('data-testid="preview"') :]
    assert 'data-testid="spaced-category" dir="auto">“ space”</span>' in preview
    retire = _text(editor_client.get("/questions/g1/retire/"))
    assert "<bdi>“ space”</bdi>" in retire
