"""A category created by a staff write (a name given under "Names for new categories", on
approving or in the question editor) is recorded under the category, in the same transaction
as its item: the category's audit link shows who created it, when, and with which question."""

from __future__ import annotations

import html
import re
import uuid

import pytest
from django.contrib.messages import get_messages

from tests.support.invariants import assert_index_and_counts_exact
from tests.support.moderation import game_submission, put_game_item, seed_categories
from tests.support.questions import form_data, make_question, question_form, seed
from truthbyte_admin.auditlog.models import AuditRecord
from truthbyte_admin.data import audit, categories, client, questions, submissions, tables

pytestmark = pytest.mark.django_db

ASTRO = "astro_bodies: Astronomical bodies"


@pytest.fixture
def world(game_tables):
    seed_categories("general", "geography", "science", "history")
    seed(make_question("q01", ["science"], 2))
    put_game_item(tables.SUBMISSIONS, game_submission("q_a5700001"))
    return game_tables


@pytest.fixture
def transactions_sent(monkeypatch) -> list[list[dict]]:
    """The TransactItems of every TransactWriteItems the app sends."""
    sent: list[list[dict]] = []
    call = client.call

    def recording(operation, **kwargs):
        if operation == "transact_write_items":
            sent.append(kwargs["TransactItems"])
        return call(operation, **kwargs)

    monkeypatch.setattr(client, "call", recording)
    return sent


def _approval_form(**changes) -> dict:
    form = {
        "with_edits": "True",
        "question": "Is Jupiter the largest planet in the Solar System?",
        "title": "Jupiter",
        "passage": "",
        "answer": "true",
        "categories": "science, astro_bodies",
        "new_category_names": ASTRO,
        "difficulty": "2",
        "form_nonce": uuid.uuid4().hex,
    }
    return {**form, **changes}


def _shown(response) -> str:
    messages = " ".join(str(m.message) for m in get_messages(response.wsgi_request))
    body = response.content.decode() if response.status_code != 302 else ""
    return html.unescape(messages + " " + body)


def _creations(slug: str) -> list[audit.AuditEntry]:
    return [e for e in audit.history(audit.category_entity(slug)) if e.action == "create_category"]


def _writes_to(transaction: list[dict], table_kind: str) -> list[dict]:
    table = tables.name(table_kind)
    bodies = [body for action in transaction for body in action.values()]
    return [body for body in bodies if body["TableName"] == table]


def test_approving_with_a_new_category_records_who_created_it_in_the_same_transaction(
    world, moderator_client, transactions_sent
):
    form = _approval_form()
    response = moderator_client.post("/queue/q_a5700001/approve/", form)
    assert response.status_code == 302, _shown(response)
    question_id = submissions.get("q_a5700001").approved_question_id
    assert (
        f"it is now question {question_id}, and the approval created the category "
        "“Astronomical bodies” (astro_bodies)."
    ) in re.sub(r"<[^>]+>", "", _shown(response))
    [entry] = _creations("astro_bodies")
    assert entry.actor == "mona"
    assert entry.after == {"display_name": "Astronomical bodies", "question": question_id}
    assert "q_a5700001" in entry.note
    assert categories.get("astro_bodies").display_name == "Astronomical bodies"
    # The category's item and its entry were one transaction, with the approval.
    [transaction] = transactions_sent
    counted = [
        body["Key"]["category_id"]["S"] for body in _writes_to(transaction, tables.CATEGORIES)
    ]
    assert sorted(counted) == ["astro_bodies", "science"]
    entities = [body["Item"]["entity"]["S"] for body in _writes_to(transaction, tables.AUDIT)]
    assert "category#astro_bodies" in entities
    assert_index_and_counts_exact()

    # The same form sent again (a browser retry) records nothing more.
    again = moderator_client.post("/queue/q_a5700001/approve/", form)
    assert "same request" in _shown(again)
    assert len(_creations("astro_bodies")) == 1


def test_the_category_rows_audit_link_shows_its_creation(world, moderator_client):
    moderator_client.post("/queue/q_a5700001/approve/", _approval_form())
    dashboard = moderator_client.get("/categories/").content.decode()
    link = "/audit/?item=Category+astro_bodies"
    assert f'href="{link}"' in dashboard
    page = html.unescape(moderator_client.get(link).content.decode())
    assert "Created the category" in page
    assert "Named “Astronomical bodies” on approving submission q_a5700001" in page
    assert page.count('data-testid="audit-row"') == 1
    # The staff copy files it under the category, naming the question it came with.
    [record] = AuditRecord.objects.filter(entity="category#astro_bodies")
    assert record.question_id == submissions.get("q_a5700001").approved_question_id
    by_action = moderator_client.get("/audit/?action=create_category")
    assert by_action.status_code == 200


def test_a_category_created_by_someone_else_meanwhile_cancels_the_approval_whole(
    world, moderator_client, monkeypatch
):
    read_first = categories.not_created

    def then_another_worker_creates_it(slugs):
        missing = read_first(slugs)
        seed_categories("astro_bodies")  # after this write's read, before its commit
        return missing

    monkeypatch.setattr(categories, "not_created", then_another_worker_creates_it)
    response = moderator_client.post("/queue/q_a5700001/approve/", _approval_form())
    shown = _shown(response)
    # The review page again with the edits, out of date as the editor's page would be.
    assert response.status_code == 409
    assert "Is Jupiter the largest planet in the Solar System?" in shown
    assert (
        "Not applied: someone else created the category “astro_bodies” (named “Astro Bodies”) a "
        "moment ago; nothing was changed. Send the form again to use the name it has now."
    ) in shown
    assert submissions.get("q_a5700001").status == "pending"
    assert audit.history(audit.category_entity("astro_bodies")) == []
    assert audit.history(audit.submission_entity("q_a5700001")) == []
    assert categories.get("astro_bodies").display_name == "Astro Bodies"  # theirs, kept

    # Sent again, it is approved into the category as it exists: no creation recorded.
    monkeypatch.setattr(categories, "not_created", read_first)
    response = moderator_client.post("/queue/q_a5700001/approve/", _approval_form())
    assert submissions.get("q_a5700001").status == "approved"
    assert _creations("astro_bodies") == []
    assert categories.get("astro_bodies").display_name == "Astro Bodies"
    assert_index_and_counts_exact()


def test_a_category_created_by_someone_else_meanwhile_cancels_the_edit_saying_so_alike(
    world, editor_client, monkeypatch
):
    read_first = categories.not_created

    def then_another_worker_creates_it(slugs):
        missing = read_first(slugs)
        seed_categories("astro_bodies")
        return missing

    monkeypatch.setattr(categories, "not_created", then_another_worker_creates_it)
    loaded = questions.get("q01")
    response = editor_client.post(
        "/questions/q01/",
        form_data(loaded, categories="science, astro_bodies", new_category_names=ASTRO),
    )
    assert response.status_code == 409
    assert (
        "Not saved: someone else created the category “astro_bodies” (named “Astro Bodies”) a "
        "moment ago; nothing was changed. Save again to use the name it has now."
    ) in _shown(response)
    assert questions.get("q01") == loaded
    assert audit.history(audit.category_entity("astro_bodies")) == []
    assert_index_and_counts_exact()


def test_creating_a_question_in_a_new_category_records_it_once(
    world, editor_client, transactions_sent
):
    form = question_form(
        "Is the Moon a natural satellite of the Earth?",
        categories="astro_bodies",
        new_category_names=ASTRO,
        form_nonce=uuid.uuid4().hex,
    )
    response = editor_client.post("/questions/new/", form)
    assert response.status_code == 302, _shown(response)
    question_id = response["Location"].strip("/").split("/")[-1]
    assert _shown(response).strip() == (
        f"Created question {question_id} and the category “Astronomical bodies” (astro_bodies)."
    )
    [entry] = _creations("astro_bodies")
    assert (entry.actor, entry.after["question"]) == ("eddie", question_id)
    assert "creating question" in entry.note
    [transaction] = transactions_sent
    [created] = _writes_to(transaction, tables.CATEGORIES)
    assert created["Key"]["category_id"]["S"] == "astro_bodies"
    # The same form sent again: the question it created is the answer, nothing more recorded.
    editor_client.post("/questions/new/", form)
    assert len(_creations("astro_bodies")) == 1
    assert_index_and_counts_exact()


def test_an_edit_adding_a_new_category_records_it(world, editor_client):
    loaded = questions.get("q01")
    response = editor_client.post(
        "/questions/q01/",
        form_data(loaded, categories="science, astro_bodies", new_category_names=ASTRO),
    )
    assert _shown(response).strip() == (
        "Saved question q01 (version 2) and created the category "
        "“Astronomical bodies” (astro_bodies)."
    )
    [entry] = _creations("astro_bodies")
    assert entry.after == {"display_name": "Astronomical bodies", "question": "q01"}
    assert "editing question q01" in entry.note
    assert categories.get("astro_bodies").count == 1


def test_naming_a_category_that_exists_creates_and_records_nothing(world, editor_client):
    loaded = questions.get("q01")
    response = editor_client.post(
        "/questions/q01/",
        form_data(loaded, categories="science, history", new_category_names="history: Old times"),
    )
    assert _shown(response).strip() == (  # nothing created, and the editor is told why
        "Saved question q01 (version 2). The name given for history was not used: that category "
        "exists already and keeps its name (rename it on the Categories page)."
    )
    assert audit.history(audit.category_entity("history")) == []
    assert categories.get("history").display_name == "History"
    assert categories.get("history").count == 1
    assert_index_and_counts_exact()


def test_an_approval_naming_a_category_it_left_out_says_the_name_was_not_used(
    world, moderator_client
):
    # The moderator named astro_bodies, then took it out of the Categories box.
    response = moderator_client.post(
        "/queue/q_a5700001/approve/", _approval_form(categories="science")
    )
    assert response.status_code == 302, _shown(response)
    said = {m.level_tag: str(m.message) for m in get_messages(response.wsgi_request)}
    # A warning of its own, not inside the green "Approved" (as the editor says it).
    assert said["warning"] == (
        "The name given for astro_bodies was not used: the question is not in astro_bodies "
        "(add it in the Categories box to create it)."
    )
    assert "astro_bodies" not in said["success"]
    assert "astro_bodies" in categories.not_created(["astro_bodies"])
    assert _creations("astro_bodies") == []
    assert_index_and_counts_exact()


REFUSED_AS_HISTORY = (
    "“old_times: history”: history is already called “History”, and two categories with one "
    "name can't be told apart in the lists: choose history in the Categories box, or give this one "
    "another name."
)


def test_a_new_category_named_as_one_that_exists_is_refused_and_nothing_is_stored(
    world, editor_client
):
    loaded = questions.get("q01")
    response = editor_client.post(
        "/questions/q01/",
        form_data(loaded, categories="science, old_times", new_category_names="old_times: history"),
    )
    assert response.status_code == 422
    assert REFUSED_AS_HISTORY in _shown(response)
    assert "old_times" not in categories.known_names(fresh=True)
    assert questions.get("q01").version == loaded.version
    assert _creations("old_times") == []


def test_an_approval_naming_a_new_category_as_one_that_exists_is_refused(world, moderator_client):
    response = moderator_client.post(
        "/queue/q_a5700001/approve/",
        _approval_form(categories="science, old_times", new_category_names="old_times: history"),
    )
    assert response.status_code == 400
    assert REFUSED_AS_HISTORY in _shown(response)
    assert submissions.get("q_a5700001").status == "pending"
    assert "old_times" not in categories.known_names(fresh=True)
    assert_index_and_counts_exact()


def _renamed_elsewhere(slug: str, name: str) -> None:
    """Another worker's rename (or the game's): straight to DynamoDB, so this process's cached
    names (a minute) don't know it."""
    put_game_item(tables.CATEGORIES, {"category_id": slug, "name": name, "question_count": 0})


def test_a_name_another_worker_gave_meanwhile_is_refused_at_the_write(world, editor_client):
    """The form is checked against this process's cached names; the write reads them afresh,
    so two categories never end up with one name (concurrency probe: three workers, one cache
    each)."""
    loaded = questions.get("q01")
    editor_client.get("/questions/q01/")  # the names read and cached here
    _renamed_elsewhere("history", "Chemical Arts")
    response = editor_client.post(
        "/questions/q01/",
        form_data(
            loaded, categories="science, chem_arts", new_category_names="chem_arts: Chemical arts"
        ),
    )
    shown = _shown(response)
    assert (
        "Not saved: history is called “Chemical Arts” now, and two categories with one name "
        "can't be told apart in the lists; nothing was changed. Give chem_arts another name "
        "than “Chemical arts”, or choose history."
    ) in shown
    assert "chem_arts" not in categories.known_names(fresh=True)
    assert questions.get("q01").version == loaded.version


def test_an_approval_giving_a_name_taken_meanwhile_is_refused_at_the_write(world, moderator_client):
    moderator_client.get("/queue/q_a5700001/")
    _renamed_elsewhere("history", "Astronomical Bodies")
    response = moderator_client.post("/queue/q_a5700001/approve/", _approval_form())
    assert (
        "Not approved: history is called “Astronomical Bodies” now, and two categories with "
        "one name can't be told apart in the lists; nothing was changed."
    ) in _shown(response)
    assert submissions.get("q_a5700001").status == "pending"
    assert "astro_bodies" not in categories.known_names(fresh=True)
    assert_index_and_counts_exact()


def test_an_unconfirmed_creation_found_applied_is_recorded_once(world, faults, editor_client):
    faults.drop_next("TransactWriteItems", times=3)  # every attempt applied, no answer seen
    form = question_form(
        "Is the Sun a star?",
        categories="astro_bodies",
        new_category_names=ASTRO,
        form_nonce=uuid.uuid4().hex,
    )
    response = editor_client.post("/questions/new/", form)
    faults.clear()
    assert response.status_code == 302, _shown(response)
    assert len(_creations("astro_bodies")) == 1
    assert AuditRecord.objects.filter(entity="category#astro_bodies").count() == 1
    assert_index_and_counts_exact()


def test_undoing_an_approval_says_the_category_it_created_stays_without_questions(
    world, moderator_client
):
    """The category the approval created is not deleted by the undo (another question may have
    taken it up meanwhile): the undo says it stays, with no questions, which the game doesn't
    list for players (its list counts the index)."""
    moderator_client.post("/queue/q_a5700001/approve/", _approval_form())
    response = moderator_client.post(
        "/queue/q_a5700001/undo/", {"form_nonce": uuid.uuid4().hex}, follow=True
    )
    assert submissions.get("q_a5700001").status == "pending"
    shown = re.sub(r"\s+", " ", _shown(response))
    assert (
        "The category “Astronomical bodies” (astro_bodies) now has no questions: kept for "
        "staff, and not listed for players until a question is tagged with it."
    ) in shown
    assert "“Science”" not in shown  # q01 is still in science
    assert categories.get("astro_bodies").count == 0
    assert_index_and_counts_exact()


def test_undoing_an_approval_into_categories_that_keep_questions_says_nothing_more(
    world, moderator_client
):
    moderator_client.post(
        "/queue/q_a5700001/approve/",
        _approval_form(categories="science", new_category_names=""),
    )
    response = moderator_client.post(
        "/queue/q_a5700001/undo/", {"form_nonce": uuid.uuid4().hex}, follow=True
    )
    shown = _shown(response)
    assert "count changes were removed." in shown
    assert "no questions" not in shown


def test_an_undo_whose_category_check_fails_is_still_said_done(world, moderator_client, faults):
    """The undo is stored before the categories are checked: a failing check leaves only the
    note unsaid, never an error page over a change that happened."""
    moderator_client.post("/queue/q_a5700001/approve/", _approval_form())
    faults.fail_next("Query", times=20, error="InternalServerError", status=500)
    response = moderator_client.post("/queue/q_a5700001/undo/", {"form_nonce": uuid.uuid4().hex})
    assert response.status_code == 302
    assert submissions.get("q_a5700001").status == "pending"
    shown = _shown(response)
    assert "Undone: q_a5700001 is pending again" in shown
    assert "no questions" not in shown
