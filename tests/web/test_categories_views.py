"""The categories dashboard through Django's test client."""

from __future__ import annotations

import pytest

from tests.integration.questions_support import make_question, seed, stored_counts
from tests.support.requests import assert_dynamodb_requests
from truthbyte_admin.data import categories as categories_repo
from truthbyte_admin.data import tables
from truthbyte_admin.data.transactions import Transaction


def _drift(slug: str, value: int) -> None:
    tx = Transaction()
    tx.update("c", tables.name(tables.CATEGORIES), {"category_id": slug}, "SET #c = :v",
              names={"#c": "question_count"}, values={":v": value})
    tx.execute()


@pytest.fixture
def pool(game_tables):
    seed(*[make_question(f"s{n}", ["science"], 1 + n % 5) for n in range(12)],
         *[make_question(f"h{n}", ["history"], 2) for n in range(3)])
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
    response = editor_client.post("/categories/science/rename/",
                                  {"old_name": "Science", "display_name": "Sciences"}, follow=True)
    assert "Renamed “science”: “Science” → “Sciences”." in response.content.decode()
    assert categories_repo.get("science").display_name == "Sciences"
    stale = editor_client.post("/categories/science/rename/",
                               {"old_name": "Science", "display_name": "Other"}, follow=True)
    assert "someone else renamed" in stale.content.decode()
    nothing = editor_client.post("/categories/reconcile/", follow=True)
    assert "Nothing to do" in nothing.content.decode()


def test_support_cannot_rename_or_reconcile(pool, support_client):
    assert support_client.post("/categories/reconcile/").status_code == 403
    assert support_client.post("/categories/science/rename/",
                               {"old_name": "Science", "display_name": "X"}).status_code == 403


def test_dashboard_without_categories_table_says_so(dynamodb, editor_client):
    tables.create_missing_tables(only=[tables.QUESTIONS, tables.QUESTION_CATEGORIES, tables.AUDIT],
                                 wait=False)
    seed(make_question("p1", ["pop_culture"], 2))
    html = editor_client.get("/categories/").content.decode()
    assert 'data-testid="table-missing"' in html and "Pop Culture" in html
    assert "Reconcile stored counts" not in html and "Rename" not in html
    response = editor_client.post("/categories/reconcile/", follow=True)
    assert "no categories table" in response.content.decode()


def test_dashboard_with_the_documented_name_schema(dynamodb, editor_client):
    tables.create_missing_tables("name", only=[tables.QUESTIONS, tables.QUESTION_CATEGORIES,
                                               tables.CATEGORIES, tables.AUDIT], wait=False)
    seed(make_question("n1", ["science"], 2))
    html = editor_client.get("/categories/").content.decode()
    assert 'id="cat-science"' in html and "Rename" in html
    editor_client.post("/categories/science/rename/", {"old_name": "Science",
                                                       "display_name": "Science!"})
    assert categories_repo.get("science").display_name == "Science!"


def test_empty_dashboard_has_a_useful_empty_state(game_tables, support_client):
    assert "No categories yet" in support_client.get("/categories/").content.decode()
