"""A create (or save) the server refuses says so at the top of the form, where the focus lands:
nothing was saved, and a link to what needs looking at — the similar questions or the field.
The answer is an explicit choice: the create form preselects none, and a missing one is refused."""

from __future__ import annotations

import re

import pytest

from tests.support.questions import make_question, question_form, seed
from truthbyte_admin.data import questions as questions_repo

STORED = "Is Indonesia a country located in Asia?"
ALIKE = "Is Indonesia a country located in Asia ?!"


@pytest.fixture
def world(game_tables):
    seed(make_question("asia1", ["geography"], 2, question=STORED))
    return game_tables


def new_question(**changes) -> dict:
    return question_form(
        changes.pop("question", "Is the Pacific the largest ocean on Earth?"), **changes
    )


def created_ids() -> set[str]:
    return {q.id for q in questions_repo.scan_all()} - {"asia1"}


def summary_of(html: str) -> str:
    match = re.search(r'<div class="error-summary"[^>]*>.*?</div>', html, re.S)
    assert match, "no error summary on the page"
    return match.group(0)


def form_of(html: str) -> str:
    return html.split('id="question-form"', 1)[1]


def test_a_create_refused_for_a_similar_question_says_so_at_the_top_of_the_form(
    world, editor_client
):
    response = editor_client.post("/questions/new/", new_question(question=ALIKE))
    assert response.status_code == 409
    html = response.content.decode()
    summary = summary_of(html)
    # First thing in the form, before the question field; announced and focused on load.
    form = form_of(html)
    assert form.index('class="error-summary"') < form.index('name="question"')
    assert 'role="alert"' in summary
    assert "autofocus" in summary
    assert 'tabindex="-1"' in summary
    assert "Not created: nothing was saved" in summary
    assert "1 similar question already exists" in summary
    assert "question <code>asia1</code>" in summary
    assert re.search(r"\d+% similar", summary)
    # It jumps to the list of similar questions, further down the same form.
    assert 'href="#duplicates-heading"' in summary
    assert '<h3 id="duplicates-heading" tabindex="-1">' in form
    assert 'href="/questions/asia1/"' in form
    assert created_ids() == set()


def test_an_edit_refused_for_a_similar_question_is_summarised_the_same_way(world, editor_client):
    seed(make_question("other", ["science"], 2, question="Do plants need sunlight to grow?"))
    q = questions_repo.get("other")
    data = new_question(question=ALIKE, categories="science", version=str(q.version))
    response = editor_client.post("/questions/other/", data)
    assert response.status_code == 409
    summary = summary_of(response.content.decode())
    assert "Not saved: the stored question is unchanged" in summary
    assert 'href="#duplicates-heading"' in summary
    assert questions_repo.get("other").question == "Do plants need sunlight to grow?"


def test_no_summary_on_a_fresh_form_or_a_preview(world, editor_client):
    assert 'class="error-summary"' not in editor_client.get("/questions/new/").content.decode()
    preview = editor_client.post("/questions/new/", new_question(action="preview"))
    assert preview.status_code == 200
    assert 'class="error-summary"' not in preview.content.decode()


def test_the_create_form_preselects_no_answer(world, editor_client):
    html = editor_client.get("/questions/new/").content.decode()
    radios = re.findall(r'<input type="radio" name="answer"[^>]*>', html)
    assert len(radios) == 2
    assert not any("checked" in radio for radio in radios)
    # Difficulty keeps the game's own default for a question that names none (GAME.md).
    assert re.search(r'<option value="3" selected>', html)


def test_a_create_without_an_answer_is_refused_and_nothing_is_saved(world, editor_client):
    response = editor_client.post("/questions/new/", new_question(answer=None))
    assert response.status_code == 422
    html = response.content.decode()
    summary = summary_of(html)
    assert "Not created: nothing was saved" in summary
    assert 'href="#id_answer_0">Answer</a>: Choose the answer: True or False.' in summary
    assert 'id="id_answer_0"' in form_of(html)
    # The preview beside it doesn't pretend the answer is False.
    assert 'data-testid="preview-no-answer"' in html
    assert created_ids() == set()


def test_the_live_preview_says_the_answer_is_not_chosen(world, editor_client):
    data = new_question(answer=None, action="preview", question_id="new")
    html = editor_client.post("/questions/preview/", data).content.decode()
    assert "not chosen yet" in html
    assert "Answer: <span" not in html


def test_a_chosen_false_answer_is_stored_as_false(world, editor_client):
    response = editor_client.post("/questions/new/", new_question(answer="false"))
    assert response.status_code == 302
    (new_id,) = created_ids()
    assert questions_repo.get(new_id).answer is False
