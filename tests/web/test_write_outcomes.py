"""What the pages say after a write whose answer was lost or late: what is stored, re-read."""

from __future__ import annotations

import datetime as dt
import html
import re
import sys
import time
import uuid

import pytest
from django.contrib.messages import get_messages

from tests.support.invariants import assert_index_and_counts_exact
from tests.support.moderation import (
    game_submission,
    put_game_item,
    seed_categories,
)
from tests.support.questions import form_data, make_question, seed, set_stored_count
from truthbyte_admin.auditlog.models import AuditRecord
from truthbyte_admin.core.errors import CONFIRMATION_LOST
from truthbyte_admin.core.undo import undo_deadline, undo_until
from truthbyte_admin.data import audit, questions, submissions, tables
from truthbyte_admin.data import categories as categories_repo

# Table sets are reused between tests: a nonce must be unique per test run, as a real one is.
NONCE = uuid.uuid4().hex


@pytest.fixture(autouse=True)
def _fresh_nonce(monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "NONCE", uuid.uuid4().hex)


@pytest.fixture
def world(game_tables, settings):
    seed_categories("general", "geography", "science", "history")
    seed(make_question("e1", ["science"], 2))
    for n in range(3):
        put_game_item(tables.SUBMISSIONS, game_submission(f"q_0000000{n}"))
    settings.DYNAMODB_TIMEOUT_SECONDS = 1
    return game_tables


def _create_form(question: str, *, title: str, nonce: str) -> dict:
    """The new-question form's POST (science, difficulty 3), sent under ``NONCE + nonce``."""
    data = form_data(make_question("new", ["science"], 3, question=question, title=title))
    del data["version"]
    return {**data, "passage": "", "answer": "true", "form_nonce": NONCE + nonce}


def _shown(response) -> str:
    return " ".join(str(m.message) for m in get_messages(response.wsgi_request)) + (
        response.content.decode() if response.status_code != 302 else ""
    )


@pytest.mark.parametrize("fault", ["500-after-apply", "lost-answer", "late-answer"])
def test_approval_applied_but_unconfirmed_says_it_went_through(world, faults, admin_client, fault):
    if fault == "500-after-apply":
        faults.fail_after_next("TransactWriteItems", times=3)  # every attempt: unknown outcome
    elif fault == "lost-answer":
        faults.drop_next("TransactWriteItems", times=3)
    else:
        faults.delay_next("TransactWriteItems", seconds=1.5, times=3)
    response = admin_client.post("/queue/q_00000000/approve/", {"form_nonce": NONCE + "n-approve"})
    shown = _shown(response)
    assert response.status_code == 302
    assert "it did go through" in shown
    assert "nothing was changed" not in shown.lower()
    stored = submissions.get("q_00000000")
    assert stored.status == "approved"
    # Its Undo runs from the review time stored (an earlier send of the same form, racing
    # this one, may have set it), not from this request's clock.
    (said,) = [m for m in get_messages(response.wsgi_request) if "did go through" in m.message]
    assert undo_until(said) == undo_deadline(dt.datetime.fromtimestamp(stored.reviewed_at, dt.UTC))
    faults.clear()
    assert_index_and_counts_exact()
    # The same form sent again (a browser retry) creates nothing more.
    response = admin_client.post("/queue/q_00000000/approve/", {"form_nonce": NONCE + "n-approve"})
    assert "same request" in _shown(response)
    assert len([q for q in questions.scan_all() if q.source == "user_submission"]) == 1


def test_a_500_before_apply_is_not_confirmed_and_not_called_throttling(world, faults, admin_client):
    faults.fail_next(
        "TransactWriteItems", times=3, status=500, error="InternalServerError", message="boom"
    )
    response = admin_client.post("/queue/q_00000001/approve/", {"form_nonce": NONCE + "n1"})
    shown = _shown(response)
    assert "Not confirmed" in shown
    assert "still pending as of now" in shown
    assert "Not applied" not in shown  # a 500 can't prove that: the next test
    assert "throttl" not in shown.lower()
    assert submissions.get("q_00000001").status == "pending"


def test_an_approval_that_arrives_after_the_re_read_was_never_called_not_applied(
    world, faults, admin_client
):
    # The first attempt is still on its way when the client gives up on it (1 s); the retries
    # are throttled; the re-read finds the submission pending. Then the first attempt lands.
    faults.hold_next("TransactWriteItems", seconds=2.5)
    faults.fail_next("TransactWriteItems", times=2)
    response = admin_client.post(
        "/queue/q_00000002/approve/", {"form_nonce": NONCE + "n-held", "approve_anyway": "on"}
    )
    shown = html.unescape(_shown(response))
    assert "Not confirmed" in shown
    assert "still pending as of now" in shown
    assert "could still go through" in shown
    assert "nothing was changed" not in shown.lower()
    for _ in range(50):
        if submissions.get("q_00000002").status == "approved":
            break
        time.sleep(0.1)
    assert submissions.get("q_00000002").status == "approved"  # what the message allowed for
    faults.clear()
    # The same form sent again is that approval, not a second one.
    again = admin_client.post(
        "/queue/q_00000002/approve/", {"form_nonce": NONCE + "n-held", "approve_anyway": "on"}
    )
    assert "already approved by this same request" in html.unescape(_shown(again))
    assert len([q for q in questions.scan_all() if q.source == "user_submission"]) == 1
    # The late commit's general count is put right by the next write that recounts it.
    admin_client.post(
        "/queue/q_00000001/approve/", {"form_nonce": NONCE + "n-next", "approve_anyway": "on"}
    )
    assert_index_and_counts_exact()


def test_throttling_says_throttling(world, faults, admin_client):
    faults.fail_next("TransactWriteItems", times=3)
    shown = _shown(
        admin_client.post(
            "/queue/q_00000001/reject/", {"reason": "unclear", "form_nonce": NONCE + "n2"}
        )
    )
    assert "throttling" in shown
    assert "nothing was changed" in shown
    assert submissions.get("q_00000001").status == "pending"


def test_a_conflict_says_conflict(world, faults, admin_client):
    faults.fail_next(
        "TransactWriteItems",
        error="TransactionCanceledException",
        message="Transaction cancelled",
        reasons=[{"Code": "None"}, {"Code": "TransactionConflict"}],
    )
    shown = _shown(admin_client.post("/queue/q_00000001/approve/", {"form_nonce": NONCE + "n3"}))
    assert "another change to the same submission or question was being saved" in shown
    assert "nothing was changed" in shown


def _edit_form(question, **changes):
    data = {
        "question": question.question,
        "title": question.title,
        "passage": question.passage,
        "answer": "true",
        "categories": "history",
        "difficulty": "4",
        "version": str(question.version),
        "new_category_names": "",
        "action": "save",
        "form_nonce": NONCE + "n-edit",
    }
    data.update(changes)
    return data


def test_an_edit_whose_answer_was_lost_is_reported_saved_not_as_someone_elses(
    world, faults, admin_client
):
    loaded = questions.get("e1")
    faults.drop_next("TransactWriteItems", times=1)  # the SDK retry meets its own write
    response = admin_client.post("/questions/e1/", _edit_form(loaded))
    shown = _shown(response)
    # The SDK's retry carried the same request token: DynamoDB confirmed it that time.
    assert f"Saved question e1 (version {loaded.version + 1})." in shown
    assert "Someone else" not in shown
    assert questions.get("e1").version == loaded.version + 1
    faults.fail_after_next("TransactWriteItems", times=3)
    again = questions.get("e1")
    response = admin_client.post(
        "/questions/e1/", _edit_form(again, difficulty="1", form_nonce=NONCE + "n-edit-2")
    )
    assert f"Saved question e1 (version {again.version + 1}).{CONFIRMATION_LOST}" in _shown(
        response
    )
    assert questions.get("e1").difficulty == 1
    faults.clear()
    assert_index_and_counts_exact()


def test_create_sent_twice_makes_one_question(world, faults, admin_client):
    data = _create_form("Is a created question created once?", title="Once", nonce="n-create")
    faults.fail_after_next("TransactWriteItems", times=3)
    first = admin_client.post("/questions/new/", data)
    assert re.search(r"Created question q_\w+\." + re.escape(CONFIRMATION_LOST), _shown(first))
    admin_client.get("/questions/")  # the first send's message, shown
    second = admin_client.post("/questions/new/", data)  # the browser sends it again
    assert "Created question" in _shown(second)
    assert CONFIRMATION_LOST not in _shown(second)  # this send found the first one's question
    assert len([q for q in questions.scan_all() if q.title == "Once"]) == 1
    faults.clear()
    assert_index_and_counts_exact()


def test_a_create_form_sent_twice_says_created_not_unconfirmed(world, admin_client):
    # A double click: DynamoDB confirmed the first send; the second finds its question (review).
    data = _create_form("Is a double click one question?", title="Twice", nonce="n-twice")
    first = admin_client.post("/questions/new/", data)
    admin_client.get("/questions/")  # its message, shown
    second = admin_client.post("/questions/new/", data)
    assert re.search(r"Created question q_\w+\.", _shown(first))
    assert CONFIRMATION_LOST not in _shown(first) + _shown(second)
    assert len([q for q in questions.scan_all() if q.title == "Twice"]) == 1


def test_retire_whose_answer_was_lost_says_retired(world, faults, admin_client):
    faults.drop_next("TransactWriteItems", times=3)
    response = admin_client.post(
        "/questions/e1/retire/", {"confirmed": "yes", "version": "1", "form_nonce": NONCE + "n-r"}
    )
    assert "Retired question e1" in _shown(response)
    assert re.search(
        r"its (1 category listing|[02-9]\d* category listings) and counts", _shown(response)
    )
    assert questions.get_many(["e1"]) == {}
    faults.clear()
    assert_index_and_counts_exact()


@pytest.mark.parametrize("fault", ["500-after-apply", "lost-answer", "500-before-apply"])
def test_restore_whose_answer_was_lost_says_what_is_stored(world, faults, admin_client, fault):
    from truthbyte_admin.data import retired

    admin_client.post(
        "/questions/e1/retire/", {"confirmed": "yes", "version": "1", "form_nonce": NONCE + "r"}
    )
    copy = retired.latest_unrestored("e1")
    if fault == "500-after-apply":
        faults.fail_after_next("TransactWriteItems", times=3)
    elif fault == "lost-answer":
        faults.drop_next("TransactWriteItems", times=3)
    else:
        faults.fail_next(
            "TransactWriteItems", status=500, error="InternalServerError", message="x", times=3
        )
    response = admin_client.post(
        "/questions/retired/e1/restore/",
        {"confirmed": "yes", "retired_key": copy.retired_key, "form_nonce": NONCE + "n-rs"},
    )
    shown = _shown(response)
    faults.clear()
    if fault == "500-before-apply":
        assert "The question is not restored as of now" in shown
        assert questions.get_many(["e1"]) == {}
    else:
        assert "Restored question e1" in shown
        assert questions.get("e1").id == "e1"
    assert_index_and_counts_exact()


def test_renaming_a_category_that_does_not_exist_is_a_404_and_creates_nothing(world, admin_client):
    from truthbyte_admin.data import categories as categories_repo

    before = {c.slug for c in categories_repo.list_all()}
    response = admin_client.post(
        "/categories/phantom/rename/", {"old_name": "", "display_name": "Phantom"}
    )
    assert response.status_code == 404
    assert {c.slug for c in categories_repo.list_all()} == before


def test_a_create_form_sent_again_after_it_landed_is_not_warned_about_its_own_question(
    world, admin_client
):
    data = _create_form(
        "Is a question resent by its own form its own duplicate?", title="Resent", nonce="n-resend"
    )
    first = admin_client.post("/questions/new/", data)
    assert first.status_code == 302
    again = admin_client.post("/questions/new/", data)  # back button, then "Resend"
    assert again.status_code == 302, _shown(again)
    assert again["Location"] == first["Location"]
    assert "similar" not in _shown(again).lower()
    assert len([q for q in questions.scan_all() if q.title == "Resent"]) == 1


def test_a_form_sent_three_times_is_one_entry_in_the_audit_log_page(world, admin_client):
    # Each resend is refused by DynamoDB (same request token, other audit entry): only the
    # first send's entry is stored, and the staff copy behind /audit/ must say the same.
    data = _create_form("Is an action sent thrice audited once?", title="Thrice", nonce="n-thrice")
    for _ in range(3):
        assert admin_client.post("/questions/new/", data).status_code == 302
    (created,) = [q for q in questions.scan_all() if q.title == "Thrice"]
    rename = {"old_name": "Science", "display_name": "Natural science", "form_nonce": NONCE + "r"}
    for _ in range(2):
        admin_client.post("/categories/science/rename/", rename)
    for entity in (f"question#{created.id}", "category#science"):
        stored = [e for e in audit.history(entity) if e.action in ("create", "rename")]
        assert len(stored) == 1, entity
        assert AuditRecord.objects.filter(entity=entity).count() == 1, entity


def test_an_absurd_version_in_the_edit_form_is_refused_not_a_server_error(world, admin_client):
    loaded = questions.get("e1")
    response = admin_client.post("/questions/e1/", form_data(loaded, version="9" * 41))
    assert 400 <= response.status_code < 500
    assert questions.get("e1").version == loaded.version


def test_a_create_form_changed_and_sent_again_names_the_question_it_made(world, admin_client):
    data = _create_form(
        "Is a changed resend a second question?", title="Changed", nonce="n-changed"
    )
    first = admin_client.post("/questions/new/", data)
    created = first["Location"].rstrip("/").rsplit("/", 1)[1]
    again = admin_client.post("/questions/new/", {**data, "question": data["question"] + " Yes"})
    shown = _shown(again)
    assert f"This form already created question {created}" in shown
    assert "did not confirm" not in shown
    assert [q.question for q in questions.scan_all() if q.title == "Changed"] == [data["question"]]


# --- a cancellation the database gives its own reasons for: said in staff words ----------------

ODD_CANCELLATION = {
    "error": "TransactionCanceledException",
    "message": "Transaction cancelled, please refer cancellation reasons for specific reasons",
    "reasons": [{"Code": "ValidationError", "Message": "Item size has exceeded the limit"}],
}


def test_an_edit_the_database_refuses_says_so_in_staff_words(world, faults, admin_client, caplog):
    loaded = questions.get("e1")
    faults.fail_next("TransactWriteItems", **ODD_CANCELLATION)
    response = admin_client.post("/questions/e1/", _edit_form(loaded, difficulty="1"))
    shown = html.unescape(_shown(response))
    assert "Not saved: the game's database refused it. Nothing changed; try again." in shown
    assert "ValidationError" not in shown
    assert "Transaction" not in shown
    assert "ValidationError" in caplog.text  # the database's own reason is for the log
    assert questions.get("e1").difficulty == loaded.difficulty


def test_a_review_the_database_refuses_says_so_in_staff_words(world, faults, admin_client):
    faults.fail_next("TransactWriteItems", **ODD_CANCELLATION)
    shown = _shown(admin_client.post("/queue/q_00000001/approve/", {"form_nonce": NONCE + "n-odd"}))
    assert "Not applied: the game's database refused it; nothing was changed." in shown
    assert "ValidationError" not in shown
    assert "cancelled" not in shown
    assert submissions.get("q_00000001").status == "pending"


def test_a_throttled_edit_keeps_the_typing_on_the_editor(world, faults, admin_client):
    # An error page would lose what was typed (pages are no-store: Back reloads the editor).
    loaded = questions.get("e1")
    edit = form_data(loaded, question="Is this edit kept while the database is busy?")
    faults.fail_next("TransactWriteItems", times=3)
    response = admin_client.post("/questions/e1/", {**edit, "form_nonce": NONCE + "n-busy"})
    faults.clear()
    page = html.unescape(response.content.decode())
    assert response.status_code == 503
    assert "Nothing was saved: the game's database is busy" in page
    assert "What you typed is kept below." in page
    assert "Is this edit kept while the database is busy?</textarea>" in page
    assert questions.get("e1").version == loaded.version


def test_a_throttled_create_keeps_the_typing_and_a_throttled_retire_says_not_retired(
    world, faults, admin_client
):
    form = _create_form("Is this new question kept while busy?", title="Busy", nonce="n-busy-c")
    faults.fail_next("TransactWriteItems", times=3)
    response = admin_client.post("/questions/new/", form)
    page = html.unescape(response.content.decode())
    assert response.status_code == 503
    assert "Nothing was saved: the game's database is busy" in page
    assert "Is this new question kept while busy?</textarea>" in page
    assert not [q for q in questions.scan_all() if q.title == "Busy"]

    loaded = questions.get("e1")
    faults.fail_next("TransactWriteItems", times=3)
    retire = {"version": loaded.version, "confirmed": "yes", "form_nonce": NONCE + "n-busy-r"}
    shown = html.unescape(_shown(admin_client.post("/questions/e1/retire/", retire)))
    faults.clear()
    assert "Nothing was retired: the game's database is busy" in shown
    assert questions.get("e1").version == loaded.version


def _until(check, *, seconds: float = 5.0) -> None:
    for _ in range(int(seconds * 10)):
        if check():
            return
        time.sleep(0.1)
    raise AssertionError("not within the time")


def test_a_rename_that_lands_after_the_re_read_was_never_called_not_renamed(
    world, faults, admin_client
):
    faults.hold_next("TransactWriteItems", seconds=2.5)
    faults.fail_next("TransactWriteItems", times=2)
    rename = {"old_name": "Science", "display_name": "Natural science", "form_nonce": NONCE + "h"}
    shown = html.unescape(_shown(admin_client.post("/categories/science/rename/", rename)))
    assert "Not confirmed: the game's database did not confirm the rename" in shown
    assert "as of now, but an attempt that got no answer could still go through" in shown
    assert "Not renamed" not in shown
    _until(lambda: categories_repo.get("science").display_name == "Natural science")
    faults.clear()


def test_an_edit_that_lands_late_reaches_the_audit_log_once_its_question_is_opened(
    world, faults, admin_client
):
    # The copy behind /audit/ follows confirmed commits; this one was never confirmed.
    loaded = questions.get("e1")
    edit = form_data(loaded, title="Landed late", form_nonce=NONCE + "late")
    faults.hold_next("TransactWriteItems", seconds=2.5)
    faults.fail_next("TransactWriteItems", times=2)
    shown = html.unescape(_shown(admin_client.post("/questions/e1/", edit)))
    assert "Not confirmed" in shown
    _until(lambda: questions.get("e1").title == "Landed late")
    faults.clear()
    assert not AuditRecord.objects.filter(entity="question#e1", action="edit").exists()

    admin_client.get("/questions/e1/")  # "reload in a moment to see"

    (record,) = AuditRecord.objects.filter(entity="question#e1", action="edit")
    assert record.after["title"] == "Landed late"
    log = html.unescape(admin_client.get("/audit/", {"item": "Question e1"}).content.decode())
    assert "Landed late" in log


def test_a_count_repair_that_lands_after_the_re_read_was_never_called_not_stored(
    world, faults, admin_client
):
    set_stored_count("science", 99)
    faults.hold_next("TransactWriteItems", seconds=2.5)
    faults.fail_next("TransactWriteItems", times=2)
    response = admin_client.post("/categories/reconcile/", {"form_nonce": NONCE + "rc"})
    shown = html.unescape(_shown(response))
    assert "Not confirmed: the game's database did not confirm the repair of 1 count " in shown
    assert "It is not stored as of now, but an attempt that got no answer could still" in shown
    assert "nothing in it was changed" not in shown
    _until(lambda: categories_repo.get("science").count == 1)
    faults.clear()


def test_create_sent_again_after_not_confirmed_is_the_same_create(world, faults, admin_client):
    # The page says sending the same form again can't do it twice: for a create, that holds
    # only if the form shown again keeps its nonce (the new question's id comes from it).
    form = _create_form("Is a late create made only once?", title="Once", nonce="n-once")
    faults.hold_next("TransactWriteItems", seconds=2.5)
    faults.fail_next("TransactWriteItems", times=2)
    response = admin_client.post("/questions/new/", form)
    page = html.unescape(response.content.decode())
    assert "Not confirmed" in page
    kept = re.search(r'name="form_nonce" value="([^"]+)"', page).group(1)
    assert kept == form["form_nonce"]
    _until(lambda: any(q.title == "Once" for q in questions.scan_all()))
    faults.clear()

    again = admin_client.post("/questions/new/", {**form, "form_nonce": kept}, follow=True)

    assert again.status_code == 200
    assert len([q for q in questions.scan_all() if q.title == "Once"]) == 1
