"""A form sent again with other contents (edited after the browser's Back; or what it did
undone or changed since, a tab left open): DynamoDB refuses its request token, already used with
other contents. The page says so, and that sending that form again won't help; never that the
game's database failed to confirm a change and to "try again"."""

from __future__ import annotations

import pytest

from tests.support.invariants import assert_index_and_counts_exact
from tests.support.moderation import game_submission, put_game_item, refused_in_place
from tests.support.questions import form_data, make_question, question_form, seed
from truthbyte_admin.auditlog.models import AuditRecord
from truthbyte_admin.data import audit, submissions, tables, transactions
from truthbyte_admin.data import categories as categories_repo
from truthbyte_admin.data import questions as questions_repo
from truthbyte_admin.staffindex.build import rebuild

RESENT = (
    "This form was already sent once; what that did may have been undone or changed since, or "
    "the form edited after going Back. Sending it again changed nothing"
)


@pytest.fixture
def capitals(game_tables, db):
    seed(*[make_question(f"c{n}", ["capitals"], 2) for n in range(3)])
    rebuild()
    return game_tables


def test_a_rename_sent_again_after_the_name_was_changed_back(capitals, editor_client):
    first = {"old_name": "Capitals", "display_name": "Capital cities", "form_nonce": "a" * 32}
    editor_client.post("/categories/capitals/rename/", first)
    back = {"old_name": "Capital cities", "display_name": "Capitals", "form_nonce": "b" * 32}
    editor_client.post("/categories/capitals/rename/", back)

    again = editor_client.post("/categories/capitals/rename/", first)

    html = editor_client.get(again["Location"]).content.decode()
    assert f"Not renamed. {RESENT}" in html
    assert "not confirmed" not in html
    assert categories_repo.get("capitals").display_name == "Capitals"


def test_a_retire_sent_again_after_the_question_was_restored(capitals, editor_client):
    loaded = questions_repo.get("c1")
    retire = {"version": loaded.version, "confirmed": "yes", "form_nonce": "c" * 32}
    assert editor_client.post("/questions/c1/retire/", retire).status_code == 302
    restored = editor_client.post(
        "/questions/retired/c1/restore/", {"confirmed": "yes", "form_nonce": "d" * 32}
    )
    assert restored.status_code == 302

    again = editor_client.post("/questions/c1/retire/", retire, follow=True)

    html = again.content.decode()
    assert f"Nothing was retired. {RESENT}" in html
    assert "did not confirm" not in html
    assert questions_repo.get("c1").version == loaded.version  # still in the pool, unchanged


def test_a_reject_sent_again_after_it_was_undone(capitals, moderator_client):
    put_game_item(tables.SUBMISSIONS, game_submission("q_5e4d0001"))
    reject = {"reason": "unclear", "form_nonce": "e" * 32}
    moderator_client.post("/queue/q_5e4d0001/reject/", reject)
    moderator_client.post("/queue/q_5e4d0001/undo/", {"form_nonce": "f" * 32})
    assert submissions.get("q_5e4d0001").status == "pending"

    again = moderator_client.post("/queue/q_5e4d0001/reject/", reject, HTTP_HX_REQUEST="true")

    said = refused_in_place(again)
    assert said == (
        f"Not applied. {RESENT}: reload the page to see what is stored now, and act again from "
        "there."
    )
    assert submissions.get("q_5e4d0001").status == "pending"


@pytest.fixture
def later_window(monkeypatch):
    """Past DynamoDB's memory of a token: the next token window. DynamoDB would take the form's
    request for a new one (DynamoDB Local answered it as done, without doing it); only the
    form's sent mark still knows it."""

    def move_on() -> None:
        now = transactions.token_window()
        monkeypatch.setattr(transactions, "token_window", lambda: now + 2)

    return move_on


def test_an_approval_resent_after_it_was_undone_and_dynamodb_forgot_its_token(
    capitals, moderator_client, later_window
):
    put_game_item(tables.SUBMISSIONS, game_submission("q_5e4d0002", categories=["capitals"]))
    approve = {"next": "/queue/", "form_nonce": "g" * 32}
    assert moderator_client.post("/queue/q_5e4d0002/approve/", approve).status_code == 302
    assert submissions.get("q_5e4d0002").status == "approved"
    moderator_client.post("/queue/q_5e4d0002/undo/", {"form_nonce": "h" * 32})
    assert submissions.get("q_5e4d0002").status == "pending"
    later_window()

    again = moderator_client.post("/queue/q_5e4d0002/approve/", approve, HTTP_HX_REQUEST="true")

    assert refused_in_place(again).startswith(f"Not applied. {RESENT}")
    assert submissions.get("q_5e4d0002").status == "pending"  # not approved again
    assert_index_and_counts_exact()


def test_a_create_resent_after_its_question_was_retired_and_dynamodb_forgot_its_token(
    capitals, editor_client, later_window
):
    create = {
        **question_form(question="Is Canberra the capital of Australia?", categories="capitals"),
        "form_nonce": "i" * 32,
    }
    created = editor_client.post("/questions/new/", create)
    assert created.status_code == 302, created.content.decode()[:2000]
    question_id = created["Location"].rstrip("/").rsplit("/", 1)[-1]
    loaded = questions_repo.get(question_id)
    retire = {"version": loaded.version, "confirmed": "yes", "form_nonce": "j" * 32}
    retired = editor_client.post(f"/questions/{question_id}/retire/", retire, follow=True)
    assert "Retired question" in retired.content.decode()  # the messages so far, read
    later_window()

    again = editor_client.post("/questions/new/", create)

    html = again.content.decode()
    assert f"Nothing was saved. {RESENT}" in " ".join(html.split())
    assert "Created question" not in html
    assert questions_repo.find(question_id) is None  # not brought back around its retirement
    assert_index_and_counts_exact()


def test_the_sent_marks_are_not_audit_log_entries(capitals, editor_client):
    loaded = questions_repo.get("c2")
    editor_client.post(
        "/questions/c2/", {**form_data(loaded, title="Marked"), "form_nonce": "k" * 32}
    )
    entries = audit.scan_all()
    assert [e.action for e in entries if e.entity == "question#c2"] == ["edit"]
    assert not [e for e in entries if e.entity.startswith("sent-form#")]
    # The staff copy of the log holds entries alone.
    assert AuditRecord.objects.count() == len(entries)
