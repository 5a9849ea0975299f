"""A write applied but its answer lost (issue 11): what the page says, and what follows it.

- When the re-read that would settle it fails too, the page says the change may have been
  saved, never "nothing was changed".
- When the re-read finds it applied, the change is followed by what a confirmed commit is
  followed by: the staff index (lists, search, the duplicate guard) and the caches learn it.
"""

from __future__ import annotations

import uuid

from django.core.management import call_command

from tests.support.fault_proxy import Direct, messages_and_page
from tests.support.moderation import seed_categories
from tests.support.questions import form_data, make_question, seed
from truthbyte_admin.data import categories as categories_repo
from truthbyte_admin.data import questions
from truthbyte_admin.staffindex.models import IndexedQuestion


def _edit(admin_client, question, text: str):
    data = form_data(question, form_nonce=uuid.uuid4().hex, question=text)
    return admin_client.post(f"/questions/{question.id}/", data)


def _reads_before_the_commit(faults, admin_client, question) -> int:
    """How many GetItems an edit makes before its transaction (learnt from a fault-free one)."""
    faults.record_requests()
    _edit(admin_client, question, "Is this a warm-up edit of the question?")
    targets = [target for target, _ in faults.log.requests]
    faults.clear()
    return targets[: targets.index("TransactWriteItems")].count("GetItem")


def test_an_applied_edit_whose_confirming_read_fails_says_it_may_be_saved(
    game_tables, faults, settings, admin_client
):
    direct = Direct(settings, game_tables.url)
    with direct:
        seed_categories("general", "science")
        seed(make_question("u1", ["science"], 2), make_question("u2", ["science"], 2))
    with direct:
        warm_up = questions.get("u2")
    reads = _reads_before_the_commit(faults, admin_client, warm_up)
    with direct:
        loaded = questions.get("u1")
    faults.fail_after_next("TransactWriteItems", times=10)  # applied; every answer a 500
    faults.fail_next("GetItem", times=100, after=reads)  # and every read after it throttled
    response = _edit(admin_client, loaded, "Is this the edited text of the question?")
    faults.clear()
    assert response.status_code == 503
    shown = messages_and_page(response)
    assert "may have been saved" in shown
    assert "nothing was changed" not in shown.lower()
    with direct:
        assert questions.get("u1").version == loaded.version + 1  # it was


def test_a_create_whose_answer_was_lost_reaches_the_staff_index(
    game_tables, faults, settings, admin_client
):
    with Direct(settings, game_tables.url):
        seed_categories("general", "history")
    text = "Is a lost answer still a created question?"
    data = form_data(
        make_question("new", ["history"], 3, question=text), form_nonce=uuid.uuid4().hex
    )
    data.pop("version")
    faults.drop_next("TransactWriteItems", times=10)  # applied, never answered
    response = admin_client.post("/questions/new/", data)
    faults.clear()
    assert "Created question" in messages_and_page(response)
    # Lists, search and the duplicate guard read the staff index: it has the question.
    assert IndexedQuestion.objects.filter(question=text).count() == 1


def test_a_rename_whose_answer_was_lost_is_what_the_dashboard_shows_next(
    game_tables, faults, settings, admin_client
):
    with Direct(settings, game_tables.url):
        seed_categories("general", "biology")
        seed(make_question("b1", ["biology"], 2))
        old = categories_repo.get("biology").display_name
        call_command("rebuild_index")  # the dashboard is served from the staff index
    faults.drop_next("TransactWriteItems", times=10)
    response = admin_client.post(
        "/categories/biology/rename/",
        {"old_name": old, "display_name": "Life Sciences", "form_nonce": uuid.uuid4().hex},
    )
    faults.clear()
    assert "Renamed" in messages_and_page(response)
    page = admin_client.get("/categories/").content.decode()
    assert 'value="Life Sciences"' in page  # the next rename's expected name: no false conflict
