"""The categories dashboard through Django's test client."""

from __future__ import annotations

import pytest

from tests.support.questions import (
    game_question_item,
    make_question,
    put_game_index,
    put_game_question,
    seed,
    stored_counts,
)
from tests.support.requests import assert_dynamodb_requests
from truthbyte_admin.data import categories as categories_repo
from truthbyte_admin.data import tables
from truthbyte_admin.data.transactions import Transaction


def _drift(slug: str, value: int) -> None:
    tx = Transaction()
    tx.update(
        "c",
        tables.name(tables.CATEGORIES),
        {"category_id": slug},
        "SET #c = :v",
        names={"#c": "question_count"},
        values={":v": value},
    )
    tx.execute()


@pytest.fixture
def pool(game_tables):
    seed(
        *[make_question(f"s{n}", ["science"], 1 + n % 5) for n in range(12)],
        *[make_question(f"h{n}", ["history"], 2) for n in range(3)],
    )
    return game_tables


def test_dashboard_shows_counts_drift_low_chart_and_totals(pool, support_client):
    _drift("science", 20)
    support_client.get("/categories/")
    with assert_dynamodb_requests(2) as stats:  # categories Scan + index Scan (schema cached)
        response = support_client.get("/categories/")
    assert stats.operations == ["scan", "scan"]
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="cat-science" data-slug="science" class="drift"' in html
    assert "+8" in html and "under 10" in html
    assert "<svg" in html and 'class="bar drift"' in html and 'class="bar low"' in html
    assert 'style="' not in html and "<style" not in html
    assert "Rename" not in html and "Reconcile stored counts" not in html  # support: read only


def test_editor_can_rename_and_reconcile(pool, editor_client):
    _drift("science", 20)
    html = editor_client.get("/categories/").content.decode()
    assert "Reconcile stored counts (1)" in html and 'data-confirm="' in html
    response = editor_client.post("/categories/reconcile/", follow=True)
    assert "Reconciled 1 stored count: science 20 → 12." in response.content.decode()
    assert stored_counts()["science"] == 12
    response = editor_client.post(
        "/categories/science/rename/",
        {"old_name": "Science", "display_name": "Sciences"},
        follow=True,
    )
    assert "Renamed “science”: “Science” → “Sciences”." in response.content.decode()
    assert categories_repo.get("science").display_name == "Sciences"
    stale = editor_client.post(
        "/categories/science/rename/", {"old_name": "Science", "display_name": "Other"}, follow=True
    )
    assert "someone else renamed" in stale.content.decode()
    nothing = editor_client.post("/categories/reconcile/", follow=True)
    assert "Nothing to do" in nothing.content.decode()


def test_support_cannot_rename_or_reconcile(pool, support_client):
    assert support_client.post("/categories/reconcile/").status_code == 403
    assert (
        support_client.post(
            "/categories/science/rename/", {"old_name": "Science", "display_name": "X"}
        ).status_code
        == 403
    )


def test_dashboard_without_categories_table_says_so(dynamodb, editor_client):
    tables.create_missing_tables(
        only=[tables.QUESTIONS, tables.QUESTION_CATEGORIES, tables.AUDIT], wait=False
    )
    seed(make_question("p1", ["pop_culture"], 2))
    html = editor_client.get("/categories/").content.decode()
    assert 'data-testid="table-missing"' in html and "Pop Culture" in html
    assert "Reconcile stored counts" not in html and "Rename" not in html
    response = editor_client.post("/categories/reconcile/", follow=True)
    assert "no categories table" in response.content.decode()


def test_dashboard_with_the_documented_name_schema(dynamodb, editor_client):
    tables.create_missing_tables(
        "name",
        only=[tables.QUESTIONS, tables.QUESTION_CATEGORIES, tables.CATEGORIES, tables.AUDIT],
        wait=False,
    )
    seed(make_question("n1", ["science"], 2))
    html = editor_client.get("/categories/").content.decode()
    assert 'id="cat-science"' in html and "Rename" in html
    editor_client.post(
        "/categories/science/rename/", {"old_name": "Science", "display_name": "Science!"}
    )
    assert categories_repo.get("science").display_name == "Science!"


def test_empty_dashboard_has_a_useful_empty_state(game_tables, support_client):
    assert "No categories yet" in support_client.get("/categories/").content.decode()


def test_dashboard_renders_and_renames_categories_with_slashes_and_spaces(pool, editor_client):
    legacy = ["sci/fi", "Science Fiction", "general"]
    put_game_question(game_question_item("q_51f1", legacy, 2))  # as the game's approval writes
    put_game_index("q_51f1", legacy)
    response = editor_client.get("/categories/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-slug="sci/fi"' in html and 'data-slug="Science Fiction"' in html
    assert 'action="/categories/sci/fi/rename/"' in html
    assert 'action="/categories/Science%20Fiction/rename/"' in html
    assert 'href="/questions/?category=sci/fi"' in html
    assert 'id="cat-Science Fiction"' not in html  # element ids stay valid

    done = editor_client.post(
        "/categories/sci/fi/rename/", {"old_name": "", "display_name": "Sci-fi"}, follow=True
    )
    assert "Renamed “sci/fi”" in done.content.decode()
    assert categories_repo.get("sci/fi").display_name == "Sci-fi"
    done = editor_client.post(
        "/categories/Science%20Fiction/rename/", {"old_name": "", "display_name": "SF"}, follow=True
    )
    assert categories_repo.get("Science Fiction").display_name == "SF"
    # The category list links work for them too (the list is index-served: sync it first).
    from truthbyte_admin.staffindex.build import rebuild

    rebuild()
    assert "q_51f1" in editor_client.get("/questions/?category=sci/fi").content.decode()


def test_rename_of_an_impossible_category_key_is_a_400(pool, editor_client):
    response = editor_client.post(
        "/categories/" + "x" * 150 + "/rename/", {"old_name": "", "display_name": "X"}
    )
    assert response.status_code == 400
