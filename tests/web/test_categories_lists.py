"""A category's list in the game's data (the category index) disagreeing with the questions'
categories, through the real pages: the dashboard, "Verify now", the repair and the home say
the same thing before and after the repair, and the repair ends the disagreement.

Reproduces the dead end of a count-only repair: a list entry deleted behind the admin's back
(or one naming no question) made "Verify now" report a count drift that the dashboard didn't
show, the repair set the count to the list, and the sync then reported the opposite drift for
good."""

from __future__ import annotations

import re

import pytest

from tests.support import game_writes as game
from tests.support.index import synced
from tests.support.questions import (
    assert_invariants,
    index_entries,
    make_question,
    seed,
    set_stored_count,
    stored_counts,
)
from tests.support.requests import assert_dynamodb_requests
from truthbyte_admin.data import audit, tables
from truthbyte_admin.staffindex import sync


@pytest.fixture
def pool(game_tables, db, settings):
    settings.CATEGORY_CHECK_IN_THREAD = False  # the test's own transaction: run it inline
    seed(
        *[make_question(f"dq{n:05}", ["space"], 1 + n % 5) for n in range(12)],
        *[make_question(f"ar{n}", ["art"], 2) for n in range(11)],
    )
    synced()
    sync.sync_once()
    return game_tables


def _row(html: str, slug: str, *, marker: str = 'id="cat-{}"') -> str:
    row = html[html.index(marker.format(slug)) :]
    return row[: row.index("</tr>")]


def _cells(html: str, slug: str) -> tuple[str, str]:
    """(stored, questions) as the dashboard's row shows them."""
    row = _row(html, slug)
    stored = re.search(r'data-testid="stored">([^<]*)<', row).group(1)
    actual = re.search(r'data-testid="actual">([^<]*)<', row).group(1)
    return stored, actual


def _text(response) -> str:
    """The page's HTML, apostrophes unescaped (Django writes ' as &#x27;)."""
    return response.content.decode().replace("&#x27;", "'")


def _dashboard(client_) -> str:
    client_.get("/categories/")  # the key schema is cached from here on
    with assert_dynamodb_requests(0):  # served from the staff index
        return _text(client_.get("/categories/"))


def _home(client_) -> str:
    with assert_dynamodb_requests(at_most=1) as stats:  # the daily pool at most
        html = _text(client_.get("/"))
    assert set(stats.operations) <= {"scan"}
    return html


def _verify(client_) -> str:
    return _text(client_.post("/categories/verify/", follow=True))


def _all_agree(client_, slug: str, count: int) -> None:
    """Every page says the same: the stored count, the questions, the list; nothing to repair."""
    assert stored_counts()[slug] == count
    assert sum(1 for category, _ in index_entries() if category == slug) == count
    html = _dashboard(client_)
    assert _cells(html, slug) == (str(count), str(count))
    assert 'class="drift"' not in _row(html, slug)
    assert 'data-testid="list-problem"' not in html
    assert 'data-testid="drift-count">0<' in html
    assert "Repair stored counts</button>" in html  # no count in brackets: nothing known to fix
    home = _home(client_)
    assert re.search(r'data-testid="home-drift">0<', home)
    assert 'data-testid="home-lists"' not in home
    checked = _verify(client_)
    assert "every one of the 3 stored counts matches" in checked
    assert 'data-testid="check-behind"' not in checked
    assert 'data-testid="repair"' not in checked
    assert_invariants()


def test_a_question_missing_from_its_list_is_named_put_back_and_every_page_agrees(
    pool, editor_client
):
    game.delete(tables.QUESTION_CATEGORIES, {"category": "space", "question_id": "dq00004"})

    # The admin's copy holds the questions, not the lists: the dashboard sees no drift yet.
    html = _dashboard(editor_client)
    assert _cells(html, "space") == ("12", "12")

    checked = _verify(editor_client)
    lists = checked[checked.index('data-testid="check-lists"') :]
    assert (
        "1 question tagged “<bdi>Space</bdi>” is missing from the game's list for that "
        "category (“<bdi>dq00004</bdi>”)"
    ) in lists
    # Not a stored count to set to 11: the count is right once the list is.
    assert 'data-testid="check-drifting"' not in checked
    assert "stored 12, questions 11" not in checked
    assert 'data-testid="check-behind"' not in checked  # no "they catch up" that never happens
    assert ">Repair 1 list</button>" in checked

    # The dashboard and the home now say what the check found, still without DynamoDB requests.
    html = _dashboard(editor_client)
    row = _row(html, "space")
    assert 'class="drift"' in row
    assert 'data-testid="listed">11 in the game\'s list<' in row
    assert "1 missing from the game's list" in row
    assert 'data-testid="lists-count">1<' in html
    assert "Repair lists and stored counts (1)" in html
    home = _home(editor_client)
    assert re.search(r'data-testid="home-lists">1<', home)
    assert "1 missing from the game's list" in home

    repaired = _text(editor_client.post("/categories/reconcile/", follow=True))
    assert (
        "Put the game's category lists right: <bdi>space</bdi>: 1 question put in "
        "(<bdi>dq00004</bdi>)."
    ) in repaired
    assert "Repaired" not in repaired  # no count needed changing
    assert index_entries()[("space", "dq00004")] == 5  # with the question's difficulty
    [entry] = audit.history("category#space")
    assert (entry.action, entry.actor) == ("repair_list", "eddie")
    assert entry.before == {"question": "dq00004", "in_game_list": False}
    assert entry.after == {"question": "dq00004", "in_game_list": True}

    sync.sync_once()  # the next pass finds nothing either
    _all_agree(editor_client, "space", 12)
    again = _text(editor_client.post("/categories/reconcile/", follow=True))
    assert "Nothing to do" in again
    assert len(audit.history("category#space")) == 1  # convergent: nothing done twice


def test_the_old_dead_end_a_count_already_set_to_the_short_list_is_set_back(pool, editor_client):
    """As reproduced: the list lost an entry, a count-only repair then set the count to the
    list (12 → 11), and the sync reported −1 for good."""
    game.delete(tables.QUESTION_CATEGORIES, {"category": "space", "question_id": "dq00004"})
    set_stored_count("space", 11)
    sync.sync_once()
    html = _dashboard(editor_client)
    assert 'data-testid="drift-count">1<' in html
    assert "Repair stored counts (1)" in html

    repaired = _text(editor_client.post("/categories/reconcile/", follow=True))
    assert "<bdi>space</bdi>: 1 question put in (<bdi>dq00004</bdi>)" in repaired
    assert "Repaired 1 stored count: <bdi>space</bdi> 11 → 12." in repaired
    sync.sync_once()
    _all_agree(editor_client, "space", 12)


def test_an_entry_naming_no_question_is_named_deleted_and_every_page_agrees(pool, editor_client):
    game.put(tables.QUESTION_CATEGORIES, {"category": "art", "question_id": "zz_orphan"})
    html = _dashboard(editor_client)
    assert _cells(html, "art") == ("11", "11")

    checked = _verify(editor_client)
    lists = checked[checked.index('data-testid="check-lists"') :]
    assert (
        "1 entry in the game's list for “<bdi>Art</bdi>” names no question (“<bdi>zz_orphan</bdi>”)"
    ) in lists
    assert 'data-testid="check-drifting"' not in checked
    assert 'data-testid="check-behind"' not in checked
    row = _row(_dashboard(editor_client), "art")
    assert 'data-testid="listed">12 in the game\'s list<' in row
    assert "1 listed naming no question" in row

    repaired = _text(editor_client.post("/categories/reconcile/", follow=True))
    assert "<bdi>art</bdi>: 1 entry deleted (<bdi>zz_orphan</bdi>)" in repaired
    assert ("art", "zz_orphan") not in index_entries()
    [entry] = audit.history("category#art")
    assert entry.after == {"question": "zz_orphan", "in_game_list": False}
    assert "No such question" in entry.note

    sync.sync_once()
    _all_agree(editor_client, "art", 11)


def test_an_entry_for_a_question_not_tagged_so_is_deleted(pool, editor_client):
    game.put(tables.QUESTION_CATEGORIES, {"category": "art", "question_id": "dq00001"})
    checked = _verify(editor_client)
    assert (
        "1 entry in the game's list for “<bdi>Art</bdi>” names a question not tagged "
        "“<bdi>Art</bdi>”"
    ) in checked
    editor_client.post("/categories/reconcile/")
    assert ("art", "dq00001") not in index_entries()
    assert ("space", "dq00001") in index_entries()  # the question's own entries are kept
    _all_agree(editor_client, "art", 11)


def test_a_list_and_a_count_both_wrong_are_both_put_right_by_one_repair(pool, editor_client):
    game.delete(tables.QUESTION_CATEGORIES, {"category": "space", "question_id": "dq00004"})
    game.put(tables.QUESTION_CATEGORIES, {"category": "art", "question_id": "zz_orphan"})
    set_stored_count("art", 30)
    checked = _verify(editor_client)
    assert "2 of the game's category lists disagree" in checked
    drifting = checked[checked.index('data-testid="check-drifting"') :]
    art = _row(drifting, "art", marker='data-slug="{}"')
    # The count the repair sets: the list once put right, not the 12 entries stored now.
    assert '<td class="num">30</td><td class="num">11</td>' in art
    assert 'data-slug="space"' not in drifting[: drifting.index("</table>")]

    repaired = _text(editor_client.post("/categories/reconcile/", follow=True))
    assert "Repaired 1 stored count: <bdi>art</bdi> 30 → 11." in repaired
    sync.sync_once()
    _all_agree(editor_client, "art", 11)
    assert stored_counts()["space"] == 12


def test_a_question_the_admin_copy_does_not_have_yet_is_not_a_list_problem(pool, editor_client):
    """The game approved a question a moment ago: its entries are right, the copy is behind."""
    game.question("g1", "Is this from the game?", categories=("general", "space"))
    checked = _verify(editor_client)
    assert 'data-testid="check-lists"' not in checked
    assert "behind the game's data for <bdi>general</bdi>, <bdi>space</bdi>" in checked
    editor_client.post("/categories/reconcile/")
    assert ("space", "g1") in index_entries()  # kept: the question is tagged so
    assert stored_counts()["space"] == 13


def test_blank_names_stored_in_a_questions_categories_are_read_as_absent(pool, editor_client):
    """Odd data the game could store: a question item whose categories hold "" and "  "
    (DynamoDB lists may hold empty strings). The data layer reads them as absent
    (serialization.as_str_list), so the admin's copy, "Verify now" and the repair all see a
    question in space and general only: nothing is reported, every time."""
    game.put(
        tables.QUESTIONS,
        {
            "id": "bl1",
            "question": "Is a blank category a category?",
            "title": "Blank",
            "passage": "",
            "answer": False,
            "categories": ["space", "", "  ", "general"],
            "difficulty": 2,
        },
    )
    for category in ("space", "general"):
        game.put(
            tables.QUESTION_CATEGORIES,
            {"category": category, "question_id": "bl1", "difficulty": 2},
        )
    set_stored_count("space", 13)
    set_stored_count("general", 24)
    sync.sync_once()

    html = _dashboard(editor_client)
    assert 'data-slug=""' not in html
    assert 'data-slug="  "' not in html
    assert _cells(html, "space") == ("13", "13")
    for _ in range(2):
        checked = _verify(editor_client)
        assert 'data-testid="check-behind"' not in checked
        assert 'data-testid="check-lists"' not in checked
        assert 'data-testid="check-drifting"' not in checked
    repaired = _text(editor_client.post("/categories/reconcile/", follow=True))
    assert "Nothing to do" in repaired
    assert ("space", "bl1") in index_entries()
    sync.sync_once()
    _all_agree(editor_client, "space", 13)
