"""Saving again after an edit conflict merges field by field (issue 15, point 4): the other
person's unrelated change is kept, ours applied, fields both changed wait for an explicit choice;
the final write is one conditional write on the stored version."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from tests.support.questions import (
    assert_invariants,
    make_question,
    raw_question,
    seed,
)
from truthbyte_admin.data import client, tables
from truthbyte_admin.data import questions as questions_repo
from truthbyte_admin.data.serialization import to_item
from truthbyte_admin.questions import services as question_services


class _FormFields(HTMLParser):
    """The values the editor's form (#question-form) would submit, as a browser would."""

    def __init__(self):
        super().__init__()
        self.inside = False
        self.fields: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == "question-form"
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button"):
            if a.get("type") == "radio" and "checked" not in a:
                return
            self.fields[name] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select] = a.get("value") or ""

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_values(html: str) -> dict[str, str]:
    parser = _FormFields()
    parser.feed(html)
    values = parser.fields
    # The form's textareas start with a newline Django adds after the tag.
    return {k: v[1:] if v.startswith("\n") else v for k, v in values.items()}


def someone_else_saves(qid: str, **changes) -> None:
    loaded = questions_repo.get(qid)
    edits = question_services.QuestionEdits.of(loaded)
    for name, value in changes.items():
        setattr(edits, name, value)
    question_services.update_question(
        question_id=qid, loaded_version=loaded.version, actor="other", edits=edits
    )


@pytest.fixture
def question(game_tables):
    seed(make_question("m1", ["science"], 2, title="Old title"))
    return "m1"


def test_their_title_is_kept_and_my_difficulty_applied(question, editor_client):
    page = form_values(editor_client.get("/questions/m1/").content.decode())
    assert page["base"]
    assert page["title"] == "Old title"
    someone_else_saves("m1", title="Their title")

    conflict = editor_client.post("/questions/m1/", {**page, "difficulty": "4", "action": "save"})
    assert conflict.status_code == 409
    html = conflict.content.decode()
    assert 'data-testid="kept-theirs"' in html
    # "The other save": it may have been the same editor's, in another tab.
    assert "Kept the other save&#x27;s change to:" in html or "Kept the other save's change" in html
    assert "Other save kept" in html
    assert 'data-testid="applied-yours"' in html
    assert 'data-testid="merge-choices"' not in html  # nothing both changed
    merged = form_values(html)
    assert merged["title"] == "Their title"
    assert merged["difficulty"] == "4"
    preview = html.split('data-testid="preview"', 1)[1].split("</section>", 1)[0]
    assert "Their title" in preview
    assert "Difficulty 4" in preview
    assert "Not saved" in preview
    assert raw_question("m1")["difficulty"] == 2  # nothing written yet

    saved = editor_client.post("/questions/m1/", {**merged, "action": "save"})
    assert saved.status_code == 302
    stored = raw_question("m1")
    assert stored["title"] == "Their title"
    assert stored["difficulty"] == 4
    assert stored["version"] == 3
    assert_invariants()


def test_a_change_written_without_a_new_version_is_kept_not_undone(question, editor_client):
    # The game's own writes carry no version: saving a form loaded before one silently put the
    # old title back, and the audit log credited the editor with a change they never made.
    page = form_values(editor_client.get("/questions/m1/").content.decode())
    stored = raw_question("m1")
    client.call(
        "put_item",
        TableName=tables.name(tables.QUESTIONS),
        Item=to_item({**stored, "title": "Game wrote this"}),
    )

    conflict = editor_client.post("/questions/m1/", {**page, "passage": "Mine.", "action": "save"})
    assert conflict.status_code == 409
    merged = form_values(conflict.content.decode())
    assert merged["title"] == "Game wrote this"
    assert merged["passage"] == "Mine."
    assert raw_question("m1")["passage"] != "Mine."  # nothing written yet

    saved = editor_client.post("/questions/m1/", {**merged, "action": "save"})
    assert saved.status_code == 302
    stored = raw_question("m1")
    assert (stored["title"], stored["passage"]) == ("Game wrote this", "Mine.")
    assert_invariants()


def test_a_field_both_changed_needs_a_choice_before_saving(question, editor_client):
    page = form_values(editor_client.get("/questions/m1/").content.decode())
    someone_else_saves("m1", title="Their title", passage="Their passage.")
    conflict = editor_client.post(
        "/questions/m1/", {**page, "title": "My title", "difficulty": "5", "action": "save"}
    )
    assert conflict.status_code == 409
    html = conflict.content.decode()
    assert 'data-testid="choose-title"' in html
    assert "Their title" in html
    assert "versions changed the title: choose" not in html  # offered, not reported missing
    merged = form_values(html)
    assert merged["title"] == "My title"
    assert merged["passage"] == "Their passage."

    unchosen = editor_client.post("/questions/m1/", {**merged, "action": "save"})
    assert unchosen.status_code == 422
    assert "Both versions changed the title: choose which to keep" in unchosen.content.decode()
    assert raw_question("m1")["title"] == "Their title"

    chosen = editor_client.post(
        "/questions/m1/", {**merged, "choose_title": "theirs", "action": "save"}
    )
    assert chosen.status_code == 302
    stored = raw_question("m1")
    assert (stored["title"], stored["passage"], stored["difficulty"]) == (
        "Their title",
        "Their passage.",
        5,
    )


def test_choosing_mine_applies_my_value(question, editor_client):
    page = form_values(editor_client.get("/questions/m1/").content.decode())
    someone_else_saves("m1", title="Their title")
    conflict = editor_client.post("/questions/m1/", {**page, "title": "Mine", "action": "save"})
    merged = form_values(conflict.content.decode())
    saved = editor_client.post(
        "/questions/m1/", {**merged, "choose_title": "yours", "action": "save"}
    )
    assert saved.status_code == 302
    assert raw_question("m1")["title"] == "Mine"


def test_a_second_conflict_merges_again_from_the_newer_version(question, editor_client):
    page = form_values(editor_client.get("/questions/m1/").content.decode())
    someone_else_saves("m1", title="Their title")
    merged = form_values(
        editor_client.post(
            "/questions/m1/", {**page, "difficulty": "4", "action": "save"}
        ).content.decode()
    )
    someone_else_saves("m1", passage="A third person's passage.")
    again = editor_client.post("/questions/m1/", {**merged, "action": "save"})
    assert again.status_code == 409
    remerged = form_values(again.content.decode())
    saved = editor_client.post("/questions/m1/", {**remerged, "action": "save"})
    assert saved.status_code == 302
    stored = raw_question("m1")
    assert (stored["title"], stored["passage"], stored["difficulty"]) == (
        "Their title",
        "A third person's passage.",
        4,
    )


def test_an_altered_base_is_never_trusted_every_difference_becomes_a_choice(
    question, editor_client
):
    page = form_values(editor_client.get("/questions/m1/").content.decode())
    someone_else_saves("m1", title="Their title")
    conflict = editor_client.post(
        "/questions/m1/", {**page, "base": page["base"] + "x", "difficulty": "4", "action": "save"}
    )
    assert conflict.status_code == 409
    html = conflict.content.decode()
    assert 'data-testid="choose-title"' in html
    assert 'data-testid="choose-difficulty"' in html
    assert raw_question("m1")["title"] == "Their title"
