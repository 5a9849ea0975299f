"""The categories' names and slugs, one cached read (data/categories.py) for the editor's and the
review's suggestions and the approval's check of which categories are new.

Our own writes reach it at once (a count moved, a category created, a rename) without reading
the table again; the game's writes show once it is a minute old.
"""

from __future__ import annotations

import pytest

from tests.support.cache_clock import cache_clock
from tests.support.moderation import seed_categories
from tests.support.questions import set_stored_count
from tests.support.requests import assert_dynamodb_requests
from truthbyte_admin.categories.services import rename_category
from truthbyte_admin.data import categories, tables
from truthbyte_admin.data.models import Question
from truthbyte_admin.data.questions import add_question_change
from truthbyte_admin.data.transactions import Transaction


@pytest.fixture
def named(game_tables):
    seed_categories("general", "geography", "science")
    return game_tables


def _names() -> dict[str, str]:
    return {c.slug: c.display_name for c in categories.category_names()}


def _create(question_id: str, *category_slugs: str, display_names: dict | None = None) -> None:
    tx = Transaction()
    add_question_change(
        tx,
        before=None,
        after=Question(
            id=question_id,
            question=f"Is {question_id} a question?",
            categories=[*category_slugs, "general"],
            difficulty=2,
        ),
        new_categories=categories.NewCategories(
            display_names or {}, actor="eddie", where="in a test"
        ),
    )
    tx.execute()


def test_one_scan_then_counts_moved_by_our_writes_read_nothing_again(named):
    with assert_dynamodb_requests() as cold:
        assert _names() == {"general": "General", "geography": "Geography", "science": "Science"}
    assert cold.operations.count("scan") == 1
    _create("q_cn000001", "science")  # moves the science count in the categories table
    set_stored_count("geography", 7)
    with assert_dynamodb_requests(0):
        assert set(categories.known_names()) == {"general", "geography", "science"}
        assert set(_names()) == {"general", "geography", "science"}


def test_a_category_our_write_created_is_known_at_once_and_named_as_stored(named):
    assert "astronomy" not in categories.known_names()
    _create("q_cn000002", "astronomy", display_names={"astronomy": "Stars & Planets"})
    with assert_dynamodb_requests(0):
        assert "astronomy" in categories.known_names()
    with assert_dynamodb_requests(1):  # its name was not in the change: read once
        assert _names()["astronomy"] == "Stars & Planets"
    with assert_dynamodb_requests(0):
        assert _names()["astronomy"] == "Stars & Planets"


def test_a_rename_made_here_shows_at_once(named):
    assert _names()["science"] == "Science"
    rename_category(slug="science", old_name="Science", new_name="Natural science", actor="eddie")
    with assert_dynamodb_requests(0):
        assert _names()["science"] == "Natural science"
    assert categories.get("science").display_name == "Natural science"


def test_the_games_new_category_shows_once_the_read_is_a_minute_old(named, monkeypatch):
    later = cache_clock(monkeypatch)
    assert "music" not in categories.known_names()
    seed_categories("music")  # the game's upload script, straight to DynamoDB
    later(59)
    assert "music" not in categories.known_names()
    later(2)
    assert "music" in categories.known_names()
    assert _names()["music"] == "Music"
    # Asked to check it afresh (an approval about to call it new), the table itself answers.
    seed_categories("poetry")
    assert "poetry" in categories.known_names(fresh=True)


def test_without_a_categories_table_nothing_is_checked_and_general_is_suggested(dynamodb):
    tables.create_missing_tables(only=[tables.QUESTIONS, tables.QUESTION_CATEGORIES], wait=False)
    with assert_dynamodb_requests(1):  # the table's description: no table, nothing to scan
        assert categories.known_names() is None
        assert _names() == {"general": "General"}


def test_a_read_our_own_write_overtook_is_not_kept(named, monkeypatch):
    """The table read before our create, the create committed while it was on its way: kept,
    that read would hide the new category for a minute. It is used once, then read again."""
    read_then_overtaken = categories.list_all

    def list_all(**kwargs):
        found = read_then_overtaken(**kwargs)
        if not kwargs.get("consistent"):
            monkeypatch.setattr(categories, "list_all", read_then_overtaken)
            _create("q_race1", "oceanography", display_names={"oceanography": "Oceans"})
        return found

    monkeypatch.setattr(categories, "list_all", list_all)
    assert "oceanography" not in _names()  # the overtaken read, answered once
    assert _names()["oceanography"] == "Oceans"  # not cached: read again
