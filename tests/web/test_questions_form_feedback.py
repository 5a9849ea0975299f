"""The editor's feedback on a save it refuses (issue 15, point 3): the game's 1–5 category limit
is stated clearly without JavaScript, and the preview beside the form shows what was submitted,
labelled unsaved — never the stored values next to a form that says otherwise."""

from __future__ import annotations

import re

import pytest

from tests.support.questions import make_question, raw_question, seed
from truthbyte_admin.data import questions as questions_repo

SIX = "science, history, food, sports, music"  # + general = 6


@pytest.fixture
def question(game_tables):
    seed(make_question("f1", ["science"], 2, title="Stored title"))
    return questions_repo.get("f1")


def form_data(q, **changes) -> dict:
    data = {
        "question": q.question,
        "title": q.title,
        "passage": q.passage,
        "answer": "true" if q.answer else "false",
        "categories": "science",
        "difficulty": str(q.difficulty),
        "version": str(q.version),
        "new_category_names": "food: Food\nsports: Sports\nmusic: Music\nhistory: History",
        "action": "save",
    }
    data.update(changes)
    return data


def preview_of(html: str) -> str:
    return html.split('data-testid="preview"', 1)[1].split("</section>", 1)[0]


def test_a_sixth_category_is_refused_with_a_clear_message_and_nothing_saved(
    question, editor_client
):
    before = raw_question("f1")
    response = editor_client.post("/questions/f1/", form_data(question, categories=SIX))
    assert response.status_code == 422
    html = response.content.decode()
    assert "Choose at most 4 categories besides general (5 including general)" in html
    assert "there are 6 including it" in html
    assert raw_question("f1") == before


def test_five_categories_general_included_are_saved(question, editor_client):
    response = editor_client.post(
        "/questions/f1/", form_data(question, categories="science, history, food, sports")
    )
    assert response.status_code == 302
    assert raw_question("f1")["categories"] == ["science", "history", "food", "sports", "general"]


def test_the_picker_is_told_the_limit(question, editor_client):
    html = editor_client.get("/questions/f1/").content.decode()
    assert 'data-category-limit="5"' in html


def test_after_a_refused_save_the_preview_shows_the_submitted_values_as_unsaved(
    question, editor_client
):
    response = editor_client.post(
        "/questions/f1/",
        form_data(question, categories=SIX, difficulty="5", title="Submitted title"),
    )
    assert response.status_code == 422
    preview = preview_of(response.content.decode())
    assert 'data-testid="preview-unsaved"' in preview
    assert "Not saved" in preview
    assert "Difficulty 5" in preview
    assert "Difficulty 2" not in preview
    assert "Submitted title" in preview
    assert "Stored title" not in preview
    assert re.search(r">music<", preview)


def test_the_create_page_previews_a_refused_create_too(game_tables, editor_client):
    response = editor_client.post(
        "/questions/new/",
        {
            "question": "Short?",
            "title": "A title",
            "passage": "",
            "answer": "false",
            "categories": "",
            "difficulty": "4",
            "action": "save",
        },
    )
    assert response.status_code == 422
    preview = preview_of(response.content.decode())
    assert "Difficulty 4" in preview
    assert "Not saved" in preview


def test_a_plain_page_load_shows_the_stored_question_unlabelled(question, editor_client):
    preview = preview_of(editor_client.get("/questions/f1/").content.decode())
    assert "Not saved" not in preview
    assert "Difficulty 2" in preview


def test_a_refused_save_shows_every_problem_of_a_field_as_typed(question, editor_client):
    before = raw_question("f1")
    response = editor_client.post(
        "/questions/f1/",
        form_data(
            question,
            question="Is " + "x" * 320 + "\x07 true?",
            new_category_names="foo\nBad.Slug: Whatever\nfood: Food",
        ),
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Remove the invisible control characters (U+0007)." in html
    assert "Question must be at most 200 characters (it has 330)." in html
    assert "“foo” should look like “slug: Display name”." in html
    assert "Category slug “Bad.Slug” may contain only lowercase letters" in html
    assert "&#x27;bad slug&#x27;" not in html
    assert raw_question("f1") == before


def test_text_of_invisible_characters_alone_is_refused_as_blank_would_be(question, editor_client):
    # Fifteen zero-width spaces passed the 10-character minimum and reached players blank.
    before = raw_question("f1")
    zero_width = "\u200b" * 15
    response = editor_client.post(
        "/questions/f1/", form_data(question, question=zero_width, title="\u200b\u2060")
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert (
        "Question has only invisible characters (U+200B zero width space): players would see "
        "nothing. Type the question."
    ) in html
    assert "Title has only invisible characters (U+200B zero width space, U+2060 word joiner)" in (
        html
    )
    assert "Type the title, or leave it empty." in html
    # Invisible characters don't make a short question long enough either.
    response = editor_client.post("/questions/f1/", form_data(question, question="Is" + zero_width))
    assert "Question must be at least 10 characters you can see (it has 2)." in (
        response.content.decode()
    )
    assert raw_question("f1") == before
    response = editor_client.post(
        "/questions/new/", {**form_data(question, question=zero_width), "action": "save"}
    )
    assert response.status_code == 422
    assert "Question has only invisible characters" in response.content.decode()
