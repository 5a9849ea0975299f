"""Creating or re-wording a question runs moderation's duplicate check first (issue 15, point 3):
similar questions are listed with links, saving needs an explicit "anyway", and a question is
never its own duplicate."""

from __future__ import annotations

import pytest

from tests.support.questions import make_question, question_form, raw_question, seed
from tests.support.requests import assert_dynamodb_requests
from truthbyte_admin.data import questions as questions_repo
from truthbyte_admin.questions import selectors

INDONESIA = "Is Indonesia in Asia?"


@pytest.fixture
def world(game_tables):
    seed(
        make_question("asia1", ["geography"], 2, question=INDONESIA),
        make_question("other", ["science"], 2, question="Do plants need sunlight to grow well?"),
    )
    return game_tables


def new_question(**changes) -> dict:
    return question_form(changes.pop("question", "Is Indonesia in Asia ?"), **changes)


def edit_of(qid: str, **changes) -> dict:
    q = questions_repo.get(qid)
    data = {
        "question": q.question,
        "title": q.title,
        "passage": q.passage,
        "answer": "true" if q.answer else "false",
        "categories": ", ".join(c for c in q.categories if c != "general"),
        "difficulty": str(q.difficulty),
        "version": str(q.version),
        "new_category_names": "",
        "action": "save",
    }
    data.update(changes)
    return data


def created_ids() -> set[str]:
    return {q.id for q in questions_repo.scan_all()} - {"asia1", "other"}


def test_create_warns_with_links_and_creates_nothing(world, editor_client):
    response = editor_client.post("/questions/new/", new_question())
    assert response.status_code == 409
    html = response.content.decode()
    assert 'data-testid="duplicate-warning"' in html
    assert 'href="/questions/asia1/"' in html
    assert "100% similar" in html
    assert 'value="save_anyway"' in html
    assert "Is Indonesia in Asia ?</textarea>" in html  # what was typed is kept
    assert created_ids() == set()


def test_create_anyway_creates_it(world, editor_client):
    response = editor_client.post("/questions/new/", new_question(action="save_anyway"))
    assert response.status_code == 302
    assert len(created_ids()) == 1


def test_a_different_question_is_created_without_a_warning(world, editor_client):
    response = editor_client.post(
        "/questions/new/", new_question(question="Is the Pacific the largest ocean on Earth?")
    )
    assert response.status_code == 302


def test_a_question_just_created_is_compared_with_at_once(world, editor_client):
    text = "Is the Pacific the largest ocean on Earth?"
    assert editor_client.post("/questions/new/", new_question(question=text)).status_code == 302
    again = editor_client.post("/questions/new/", new_question(question=text))
    assert again.status_code == 409
    assert 'data-testid="duplicate-warning"' in again.content.decode()


def test_editing_never_warns_against_the_question_itself(world, editor_client):
    # Unchanged text: no check at all (no corpus read), the save goes through.
    response = editor_client.post("/questions/asia1/", edit_of("asia1", difficulty="3"))
    assert response.status_code == 302
    assert raw_question("asia1")["difficulty"] == 3
    # Re-worded but still itself: compared with the others only.
    response = editor_client.post(
        "/questions/asia1/", edit_of("asia1", question="Is Indonesia located in Asia?")
    )
    assert response.status_code == 302


def test_rewording_into_another_question_warns_then_saves_anyway(world, editor_client):
    data = edit_of("other", question=INDONESIA)
    response = editor_client.post("/questions/other/", data)
    assert response.status_code == 409
    html = response.content.decode()
    assert 'href="/questions/asia1/"' in html
    assert (
        'href="/questions/other/"'
        not in html.split('data-testid="duplicate-warning"')[1].split("</section>")[0]
    )
    assert raw_question("other")["question"] != INDONESIA
    saved = editor_client.post("/questions/other/", {**data, "action": "save_anyway"})
    assert saved.status_code == 302
    assert raw_question("other")["question"] == INDONESIA


def test_the_check_reuses_moderations_cached_corpus(world, editor_client):
    selectors.duplicate_check("warm the cache up")
    with assert_dynamodb_requests(0):
        check = selectors.duplicate_check(INDONESIA)
    assert [s.id for s in check.similar] == ["asia1"]
    assert selectors.duplicate_check(INDONESIA, excluding="asia1").similar == []


def test_when_the_questions_cannot_be_read_the_check_says_so(world, editor_client, faults):
    assert editor_client.get("/questions/new/").status_code == 200  # categories cached
    faults.fail_next("Scan", times=20)
    response = editor_client.post("/questions/new/", new_question(question="Is Paris in France?"))
    assert response.status_code == 409
    assert "the duplicate check could not run" in response.content.decode()
    faults.clear()
    assert created_ids() == set()
