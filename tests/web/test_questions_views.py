"""The question pages through Django's test client: list (bounded requests), editor, conflict,
create, retire with confirmation, permissions."""

from __future__ import annotations

import re

import pytest

from tests.integration.questions_support import (
    assert_invariants,
    index_entries,
    make_question,
    raw_question,
    seed,
    stored_counts,
)
from tests.support.requests import assert_dynamodb_requests
from truthbyte_admin.data import audit
from truthbyte_admin.data import questions as questions_repo
from truthbyte_admin.questions import selectors
from truthbyte_admin.questions import services as question_services

LONG_PASSAGE = ("A very long passage about the history of things. " * 100).strip()  # ~4,900 chars


@pytest.fixture
def pool(game_tables):
    seed(*[make_question(f"q{n:02d}", ["science"] if n % 2 else ["history", "sports"], 1 + n % 5)
           for n in range(1, 31)])
    seed(make_question("long1", ["science"], 2, passage=LONG_PASSAGE))
    return game_tables


def form_data(loaded, **changes) -> dict:
    data = {
        "question": loaded.question, "title": loaded.title, "passage": loaded.passage,
        "answer": "true" if loaded.answer else "false",
        "categories": ", ".join(c for c in loaded.categories if c != "general"),
        "difficulty": str(loaded.difficulty), "version": str(loaded.version),
        "new_category_names": "", "action": "save",
    }
    data.update(changes)
    return data


# --- list -----------------------------------------------------------------------------------


def test_category_page_is_one_query_plus_one_batch_get_at_any_size(pool, editor_client):
    editor_client.get("/questions/?category=science")  # warms the cached schema and options
    with assert_dynamodb_requests(2) as stats:
        response = editor_client.get("/questions/?category=science&size=10")
    assert stats.operations == ["query", "batch_get_item"]
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<td><a href="/questions/') == 10
    assert "Next page" in html
    cursor = re.search(r'cursor=([^"&]+)', html).group(1)
    with assert_dynamodb_requests(2):
        page2 = editor_client.get(f"/questions/?category=science&size=10&cursor={cursor}")
    assert page2.status_code == 200


def test_default_category_is_general_and_rows_show_fields(pool, support_client):
    html = support_client.get("/questions/").content.decode()
    assert "<code class=\"slug\">general</code>" in html
    assert "q01" in html and "Is question q01 a good question to ask?" in html
    assert 'class="chip"' in html and "True" in html


def test_difficulty_filter_uses_the_index_difficulty(pool, editor_client):
    html = editor_client.get("/questions/?category=general&difficulty=3&size=100").content.decode()
    ids = set(re.findall(r'href="/questions/(q\d+)/"', html))
    expected = {f"q{n:02d}" for n in range(1, 31) if 1 + n % 5 == 3}
    assert ids == expected


def test_bad_parameters_and_tampered_cursor_are_400(pool, editor_client):
    assert editor_client.get("/questions/?difficulty=9").status_code == 400
    assert editor_client.get("/questions/?category=Not%20A%20Slug").status_code == 400
    assert editor_client.get("/questions/?cursor=forged").status_code == 400


def test_cursor_from_another_category_is_refused(pool, editor_client):
    html = editor_client.get("/questions/?category=science&size=5").content.decode()
    cursor = re.search(r'cursor=([^"&]+)', html).group(1)
    assert editor_client.get(f"/questions/?category=history&cursor={cursor}").status_code == 400


def test_search_reads_one_bounded_window_and_offers_the_next(pool, editor_client, monkeypatch):
    monkeypatch.setattr(selectors, "SEARCH_WINDOW", 10)
    editor_client.get("/questions/")
    with assert_dynamodb_requests(1) as stats:
        response = editor_client.get("/questions/?q=question%20q0")
    assert stats.operations == ["scan"] and stats.items_read == 10
    html = response.content.decode()
    assert "Searched window 1: items 1–10" in html
    assert "Search the next window" in html
    cursor = re.search(r'cursor=([^"&]+)', html).group(1)
    html2 = editor_client.get(f"/questions/?q=question%20q0&cursor={cursor}").content.decode()
    assert "Searched window 2: items 11–20" in html2


def test_open_by_id_redirects_and_unknown_id_says_so(pool, editor_client):
    response = editor_client.get("/questions/open/?id=q05")
    assert response.status_code == 302 and response["Location"] == "/questions/q05/"
    response = editor_client.get("/questions/open/?id=nope", follow=True)
    assert "No question has the id “nope”" in response.content.decode()
    missing = editor_client.get("/questions/nope/")
    assert missing.status_code == 404 and "no question with id “nope”" in missing.content.decode()


# --- editor -----------------------------------------------------------------------------------


def test_editor_page_is_bounded(pool, editor_client):
    # The first view also reads the daily pool (bounded: at most 1,000 items) for the panel.
    with assert_dynamodb_requests(at_most=8) as first:
        editor_client.get("/questions/q01/")
    assert first.operations.count("scan") >= 1
    with assert_dynamodb_requests(2) as stats:
        response = editor_client.get("/questions/q01/")
    # The question + its audit history; the daily panel comes from the cached pool.
    assert stats.operations == ["get_item", "query"]
    html = response.content.decode()
    assert 'id="category-options"' in html and '<option value="science">' in html
    assert 'name="version" value="1"' in html


def test_save_through_the_form_updates_index_counts_and_shows_history(pool, editor_client):
    q = questions_repo.get("q01")
    response = editor_client.post("/questions/q01/", form_data(
        q, categories="history, food", difficulty="5",
        new_category_names="food: Food & Drink"))
    assert response.status_code == 302, response.content.decode()[:3000]
    stored = raw_question("q01")
    assert stored["categories"] == ["history", "food", "general"] and stored["difficulty"] == 5
    assert stored_counts()["food"] == 1
    assert_invariants()
    html = editor_client.get("/questions/q01/").content.decode()
    assert "Saved question q01" in html
    assert "Edit</strong> by eddie" in html and "UTC" in html


def test_new_category_without_a_display_name_is_refused(pool, editor_client):
    q = questions_repo.get("q01")
    response = editor_client.post("/questions/q01/", form_data(q, categories="astronomy"))
    assert response.status_code == 422
    assert "needs a display name: astronomy" in response.content.decode()
    assert raw_question("q01")["categories"] == ["science", "general"]


def test_long_existing_passage_stays_editable_without_a_rewrite(pool, editor_client):
    q = questions_repo.get("long1")
    html = editor_client.get("/questions/long1/").content.decode()
    assert 'data-testid="passage-exempt"' in html
    # Browsers send CRLF line breaks: still "unchanged".
    response = editor_client.post("/questions/long1/", form_data(
        q, title="Shorter title", passage=q.passage.replace("\n", "\r\n")))
    assert response.status_code == 302
    assert raw_question("long1")["passage"] == LONG_PASSAGE
    # A changed over-long passage is new text and must meet the limit.
    response = editor_client.post("/questions/long1/", form_data(
        questions_repo.get("long1"), passage=LONG_PASSAGE + " More."))
    assert response.status_code == 422
    assert "Passage must be at most 500 characters" in response.content.decode()


def test_conflict_shows_both_versions_side_by_side_and_overwrites_nothing(pool, editor_client):
    loaded = questions_repo.get("q02")
    question_services.update_question(
        question_id="q02", loaded_version=loaded.version, actor="other",
        edits=question_services.QuestionEdits(
            question=loaded.question, title="Their title", passage=loaded.passage,
            answer=loaded.answer, categories=loaded.categories, difficulty=loaded.difficulty))
    snapshot = (raw_question("q02"), index_entries(), stored_counts())
    response = editor_client.post("/questions/q02/", form_data(loaded, title="My title",
                                                               categories="food",
                                                               new_category_names="food: Food"))
    assert response.status_code == 409
    html = response.content.decode()
    assert 'data-testid="conflict"' in html
    assert "Their title" in html and "My title" in html
    assert "Yours" in html and "Now stored" in html
    assert (raw_question("q02"), index_entries(), stored_counts()) == snapshot
    # The form now carries the stored version: saving again is a deliberate overwrite.
    assert f'name="version" value="{loaded.version + 1}"' in html
    again = editor_client.post("/questions/q02/", form_data(
        loaded, title="My title", version=str(loaded.version + 1)))
    assert again.status_code == 302 and raw_question("q02")["title"] == "My title"
    assert_invariants()


def test_preview_partial_and_no_js_preview(pool, editor_client):
    q = questions_repo.get("q03")
    partial = editor_client.post("/questions/preview/", form_data(q, question="Is it previewed?"),
                                 HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    body = partial.content.decode()
    assert "Is it previewed?" in body and "<html" not in body
    full = editor_client.post("/questions/q03/", form_data(q, question="Is it previewed now?",
                                                           action="preview"))
    assert full.status_code == 200 and "Is it previewed now?" in full.content.decode()
    assert raw_question("q03")["question"] == q.question  # preview saves nothing


def test_create_page_creates_and_redirects(pool, editor_client):
    assert editor_client.get("/questions/new/").status_code == 200
    response = editor_client.post("/questions/new/", {
        "question": "Is water made of hydrogen and oxygen?", "title": "Water", "passage": "",
        "answer": "true", "categories": "science", "difficulty": "1", "new_category_names": "",
        "action": "save",
    })
    assert response.status_code == 302
    new_id = response["Location"].strip("/").split("/")[-1]
    assert raw_question(new_id)["categories"] == ["science", "general"]
    assert [e.action for e in audit.history(f"question#{new_id}")] == ["create"]
    assert_invariants()


def test_create_refuses_text_over_the_game_limits(pool, editor_client):
    response = editor_client.post("/questions/new/", {
        "question": "Short?", "title": "", "passage": "x" * 600, "answer": "false",
        "categories": "", "difficulty": "3", "action": "save",
    })
    assert response.status_code == 422
    html = response.content.decode()
    assert "at least 10 characters" in html and "at most 500 characters" in html


def test_retire_needs_confirmation_without_js_then_cleans_up(pool, editor_client):
    q = questions_repo.get("q04")
    confirm = editor_client.post("/questions/q04/retire/", {"version": q.version, "confirmed": ""})
    assert confirm.status_code == 200 and "Yes, retire it" in confirm.content.decode()
    assert raw_question("q04") is not None
    assert editor_client.get("/questions/q04/retire/").status_code == 200
    done = editor_client.post("/questions/q04/retire/", {"version": q.version, "confirmed": "yes"})
    assert done.status_code == 302
    assert raw_question("q04") is None
    assert not [k for k in index_entries() if k[1] == "q04"]
    assert_invariants()
    assert [e.action for e in audit.history("question#q04")] == ["retire"]


def test_detail_page_has_retire_form_with_data_confirm(pool, editor_client):
    html = editor_client.get("/questions/q05/").content.decode()
    assert 'data-confirm="Retire question q05?' in html and "data-confirmed-flag" in html


def test_support_can_read_but_not_write(pool, support_client):
    html = support_client.get("/questions/q01/").content.decode()
    assert "Save changes" not in html and "Retire question" not in html
    q = questions_repo.get("q01")
    assert support_client.post("/questions/q01/", form_data(q, title="x")).status_code == 403
    assert support_client.post("/questions/q01/retire/",
                               {"version": q.version, "confirmed": "yes"}).status_code == 403
    assert support_client.post("/questions/new/", {}).status_code == 403
    assert raw_question("q01")["title"] == "Title q01"


def test_the_question_page_includes_its_daily_set_days(pool, editor_client):
    response = editor_client.get("/questions/q01/")
    assert response.status_code == 200
    assert "daily/_question_days.html" in [t.name for t in response.templates]


def test_htmx_list_request_gets_only_the_results_partial(pool, editor_client):
    response = editor_client.get("/questions/?category=history", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="results"') and "<html" not in body
    assert "q02" in body
