"""Deleting a category no question is in (one Enter in the picker makes a real "hist"), and
putting it back with Undo, through Django's test client on DynamoDB Local."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.messages import get_messages

from tests.support import game_writes as game
from tests.support.moderation import game_submission, put_game_item
from tests.support.questions import form_data, make_question, seed, set_stored_count
from tests.support.requests import assert_dynamodb_requests
from truthbyte_admin.categories import services
from truthbyte_admin.data import audit, client, tables
from truthbyte_admin.data import categories as categories_repo
from truthbyte_admin.data import questions as questions_repo
from truthbyte_admin.data import submissions as submissions_repo
from truthbyte_admin.data.errors import Conflict
from truthbyte_admin.data.transactions import Transaction, form_request_token
from truthbyte_admin.staffindex.build import rebuild

# A mistaken category as the editor's save makes it, with the fields the game's uploader adds.
HIST = {
    "name": "Hist",
    "question_count": 0,
    "description": "made by mistake",
    "avg_difficulty": Decimal("2.5"),
    "sample_questions": ["one", "two"],
}


@pytest.fixture
def with_hist(game_tables, db):
    seed(*[make_question(f"h{n}", ["history"], 2) for n in range(3)])
    game.put(tables.CATEGORIES, {categories_repo.schema(): "hist", **_in_schema(HIST)})
    rebuild()
    return game_tables


def _in_schema(fields: dict) -> dict:
    """HIST's fields under the names the test tables' schema uses (GAME.md: two shapes)."""
    if categories_repo.schema() == "category_id":
        return dict(fields)
    renamed = {"name": "display_name", "question_count": "count"}
    return {renamed.get(k, k): v for k, v in fields.items()}


def _token() -> str:
    """A transaction's token of its own, as from no form."""
    return form_request_token("", "delete")


def _nonce() -> str:
    """A form's nonce of its own: DynamoDB Local keeps a transaction's token for 10 minutes,
    across the tests' fresh tables."""
    return uuid.uuid4().hex


def _raw(slug: str) -> dict | None:
    """The category's item as DynamoDB answers it (wire form), past the data layer."""
    key = {categories_repo.schema(): {"S": slug}}
    response = client.call(
        "get_item", TableName=tables.name(tables.CATEGORIES), Key=key, ConsistentRead=True
    )
    return response.get("Item")


def _row(html: str, slug: str) -> str:
    row = html[html.index(f'id="cat-{slug}"') :]
    return row[: row.index("</tr>")]


def _messages(html: str) -> str:
    return html[html.index('id="messages"') : html.index('<main id="main"')]


def test_an_empty_category_offers_delete_to_editors_only(with_hist, editor_client, client):
    html = editor_client.get("/categories/").content.decode()
    hist = _row(html, "hist")
    assert 'action="/categories/hist/delete/"' in hist
    assert 'data-confirm="Delete the category “hist”? No question is in it. You can undo ' in hist
    assert "for 10 minutes." in hist
    # A category with questions, and general, have none.
    assert "delete-category" not in _row(html, "history")
    assert "delete-category" not in _row(html, "general")


def test_support_sees_no_delete_and_may_not_post_one(with_hist, support_client):
    assert "delete-category" not in support_client.get("/categories/").content.decode()
    assert support_client.post("/categories/hist/delete/").status_code == 403
    assert categories_repo.stored_category("hist") is not None


def test_delete_then_undo_puts_the_category_back_exactly(with_hist, editor_client):
    before = _raw("hist")
    with assert_dynamodb_requests(at_most=6):  # read, index check, schema, the transaction
        response = editor_client.post("/categories/hist/delete/", {"form_nonce": _nonce()})
    assert response["Location"] == "/categories/"  # the message, at the top, takes the focus
    html = editor_client.get(response["Location"]).content.decode()
    said = _messages(html)
    assert "Deleted the empty category “<bdi>hist</bdi>” (“<bdi>Hist</bdi>”)." in said
    assert 'action="/categories/hist/put-back/"' in said
    assert re.search(r"within 10 minutes \(until \d\d:\d\d UTC\)", said)
    assert categories_repo.stored_category("hist") is None
    assert 'id="cat-hist"' not in html  # the list learnt of it
    entry = audit.history(audit.category_entity("hist"), limit=1)[0]
    assert (entry.actor, entry.action) == ("eddie", "delete_category")
    assert entry.before[_in_schema({"description": 0}).popitem()[0]] == {"S": "made by mistake"}

    response = editor_client.post("/categories/hist/put-back/", {"form_nonce": _nonce()})
    assert response["Location"] == "/categories/"
    html = editor_client.get(response["Location"]).content.decode()
    assert "Put back the category “<bdi>hist</bdi>” (“<bdi>Hist</bdi>”)" in _messages(html)
    assert _raw("hist") == before  # every attribute, byte for byte
    assert 'id="cat-hist"' in html
    assert audit.history(audit.category_entity("hist"), limit=1)[0].action == (
        "undo-delete_category"
    )


def test_a_delete_from_another_tab_says_who_deleted_it_when(with_hist, editor_client):
    editor_client.post("/categories/hist/delete/", {"form_nonce": _nonce()})
    html = editor_client.get(
        editor_client.post("/categories/hist/delete/", {"form_nonce": _nonce()})["Location"]
    ).content.decode()
    assert re.search(
        r"Nothing to delete: eddie deleted “<bdi>hist</bdi>” at \d\d:\d\d UTC \(\d{4}-\d\d-\d\d\)",
        _messages(html),
    )


@pytest.mark.parametrize(
    ("slug", "said"),
    [
        ("history", "Not deleted: “<bdi>history</bdi>” has questions now"),
        ("general", "general is never deleted: every question is in it"),
        ("nothing_here", "Nothing to delete: there is no category “<bdi>nothing_here</bdi>” now."),
    ],
)
def test_what_cant_be_deleted_is_said_and_nothing_changes(with_hist, editor_client, slug, said):
    counts = {c.slug: c.count for c in categories_repo.list_all()}
    response = editor_client.post(f"/categories/{slug}/delete/")
    html = editor_client.get(response["Location"]).content.decode()
    assert said in _messages(html)
    assert {c.slug: c.count for c in categories_repo.list_all()} == counts


def test_a_question_put_in_it_after_the_page_was_read_stops_the_delete(with_hist, editor_client):
    # The staff index still says "empty"; the game's data has a question there now.
    seed(make_question("h9", ["hist"], 2))
    response = editor_client.post("/categories/hist/delete/")
    html = editor_client.get(response["Location"]).content.decode()
    assert "Not deleted: “<bdi>hist</bdi>” has questions now" in _messages(html)
    assert categories_repo.stored_category("hist") is not None


def test_a_count_moved_meanwhile_refuses_the_delete(with_hist):
    stored = categories_repo.stored_category("hist")
    set_stored_count("hist", 1)  # between the read and the write: another save's count
    tx = Transaction()
    categories_repo.add_deletion(tx, "hist", stored)
    with pytest.raises(Conflict) as raised:
        categories_repo.commit_deletion_or_put_back(
            tx, "hist", token=form_request_token("", "delete")
        )
    assert raised.value.current.count == 1
    assert categories_repo.stored_category("hist") is not None


def test_undo_is_refused_once_a_question_recreated_it_or_its_time_is_over(with_hist):
    services.delete_empty_category(slug="hist", actor="eddie")
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=11)
    with pytest.raises(services.CategoryServiceError, match="can be undone for 10 minutes"):
        services.put_back_category(slug="hist", actor="eddie", now=later)
    seed(make_question("h9", ["hist"], 2))  # a question put there recreates it, counted
    with pytest.raises(services.CategoryServiceError, match="exists again"):
        services.put_back_category(slug="hist", actor="eddie")
    assert categories_repo.get("hist").count == 1


@pytest.mark.parametrize("fault", ["500-after-apply", "lost-answer"])
def test_a_delete_whose_answer_was_lost_says_it_went_through(
    with_hist, faults, editor_client, settings, fault
):
    settings.DYNAMODB_TIMEOUT_SECONDS = 1
    if fault == "500-after-apply":
        faults.fail_after_next("TransactWriteItems", times=3)  # every attempt: outcome unknown
    else:
        faults.drop_next("TransactWriteItems", times=3)
    response = editor_client.post("/categories/hist/delete/", {"form_nonce": _nonce()})
    faults.clear()
    said = unescape(_messages(editor_client.get(response["Location"]).content.decode()))
    assert "Deleted the empty category “<bdi>hist</bdi>”" in said
    assert "didn't confirm it, but it did go through" in said
    assert categories_repo.stored_category("hist") is None


def test_a_500_before_the_delete_is_not_confirmed_and_says_what_is_stored(
    with_hist, faults, editor_client
):
    faults.fail_next(
        "TransactWriteItems", times=3, status=500, error="InternalServerError", message="boom"
    )
    response = editor_client.post("/categories/hist/delete/", {"form_nonce": _nonce()})
    faults.clear()
    said = unescape(_messages(editor_client.get(response["Location"]).content.decode()))
    assert "Not confirmed: the game's database did not confirm the deletion" in said
    assert "“<bdi>hist</bdi>” is still there as of now" in said
    assert categories_repo.stored_category("hist") is not None


def test_put_back_writes_back_every_kind_of_value_exactly(with_hist, editor_client):
    # What a JSON round trip of plain values would change: long numbers, binary, sets, NULL,
    # nested maps. The game's uploader or a later tool may have written any of them.
    key = categories_repo.schema()
    item = {
        key: {"S": "odd"},
        "avg_difficulty": {"N": "2.3333333333333333333"},
        "huge": {"N": "123456789012345678901234567890.5"},
        "blob": {"B": b"\xff\x00"},
        "tags": {"SS": ["a", "b"]},
        "sizes": {"NS": ["1", "2.50"]},
        "nothing": {"NULL": True},
        "nested": {"M": {"inner": {"BS": [b"\x01"]}, "n": {"N": "0.10"}}},
    }
    client.call("put_item", TableName=tables.name(tables.CATEGORIES), Item=item)
    rebuild()
    before = _raw("odd")
    editor_client.post("/categories/odd/delete/", {"form_nonce": _nonce()})
    assert _raw("odd") is None
    editor_client.post("/categories/odd/put-back/", {"form_nonce": _nonce()})
    assert _raw("odd") == before


def test_a_rename_meanwhile_refuses_the_delete(with_hist):
    stored = categories_repo.stored_category("hist")
    tx = Transaction()
    categories_repo.add_display_name_change(tx, "hist", old="Hist", new="History (old)")
    tx.execute()  # between the read and the write: a colleague's rename
    tx = Transaction()
    categories_repo.add_deletion(tx, "hist", stored)
    with pytest.raises(Conflict):
        categories_repo.commit_deletion_or_put_back(
            tx, "hist", token=form_request_token("", "delete")
        )
    assert categories_repo.get("hist").display_name == "History (old)"


def test_a_second_undo_says_who_put_it_back(with_hist):
    services.delete_empty_category(slug="hist", actor="eddie")
    services.put_back_category(slug="hist", actor="mona")
    with pytest.raises(services.CategoryServiceError) as raised:
        services.put_back_category(slug="hist", actor="eddie")
    assert re.match(r"Nothing to undo: mona put “hist” back at \d\d:\d\d UTC", str(raised.value))


def test_keys_no_link_can_carry_get_no_form(game_tables, db, editor_client):
    # "a/../b" would be sent to b's address by the browser; a key over 100 characters is one
    # staff can't act on.
    for slug in ("a/../b", "x" * 101):
        game.put(tables.CATEGORIES, {categories_repo.schema(): slug, **_in_schema(HIST)})
    rebuild()
    html = editor_client.get("/categories/").content.decode()
    assert "/categories/a/../b/" not in html
    assert html.count('data-testid="delete-category"') == 0
    assert html.count("(can't be renamed here: its key can't be part of a link)") == 1


def test_the_dashboard_keeps_the_undo_after_the_message_is_gone(with_hist, editor_client):
    editor_client.post("/categories/hist/delete/", {"form_nonce": _nonce()})
    editor_client.get("/categories/")  # the message, shown once
    with assert_dynamodb_requests(0):  # from the staff copy of the log
        html = editor_client.get("/categories/").content.decode()
    kept = html[html.index('data-testid="recently-deleted"') :]
    kept = kept[: kept.index("</div>")]
    assert "Deleted in the last 10 minutes" in kept
    assert '<code dir="auto">hist</code> (<bdi>Hist</bdi>), by eddie at' in kept
    assert 'action="/categories/hist/put-back/"' in kept
    assert 'aria-label="Undo: put back hist"' in kept
    assert re.search(r"within 10 minutes \(until \d\d:\d\d UTC\)", kept)
    editor_client.post("/categories/hist/put-back/", {"form_nonce": _nonce()})
    assert "recently-deleted" not in editor_client.get("/categories/").content.decode()


def test_an_undo_after_another_change_names_that_change(with_hist):
    services.delete_empty_category(slug="hist", actor="eddie")
    audit.record(  # a save that named "hist" as a new category made it again
        audit.category_creation("hist", "Hist", actor="mona", question_id="q1", where="here")
    )
    with pytest.raises(services.CategoryServiceError) as raised:
        services.put_back_category(slug="hist", actor="eddie")
    assert re.match(
        r"Nothing to undo: the latest change to “hist” is not its deletion \(created the "
        r"category by mona at \d\d:\d\d UTC",
        str(raised.value),
    )


def _says_hist_was_deleted(said: str) -> None:
    """What a form naming "hist" without a display name says once eddie deleted it."""
    assert re.search(
        r"hist was deleted by eddie at \d\d:\d\d UTC: to use it again, give it a display name "
        r"here \(it is created again\), or take it out of Categories\.",
        said,
    )
    assert "New category needs a display name" not in said


def test_saving_a_question_into_a_category_deleted_meanwhile_says_so(with_hist, editor_client):
    # The editor chose "hist" before a colleague deleted it: the save had said only "New
    # category needs a display name: hist", as if it had never been one.
    loaded = questions_repo.get("h0")
    editor_client.post("/categories/hist/delete/", {"form_nonce": _nonce()})
    response = editor_client.post("/questions/h0/", form_data(loaded, categories="history, hist"))
    assert response.status_code == 422
    _says_hist_was_deleted(unescape(response.content.decode()))
    assert questions_repo.get("h0").categories == loaded.categories  # nothing saved


def test_approving_into_a_category_deleted_meanwhile_says_so(with_hist, moderator_client):
    # The review page's edits named "hist" before an editor deleted it: approval had said only
    # "New category needs a display name: hist", where the editor says what happened.
    put_game_item(tables.SUBMISSIONS, game_submission("q_0000d31e"))
    services.delete_empty_category(slug="hist", actor="eddie")
    response = moderator_client.post(
        "/queue/q_0000d31e/approve/",
        {
            "with_edits": "on",
            "question": "Is the Pacific the largest ocean on Earth today?",
            "title": "Pacific Ocean",
            "passage": "",
            "answer": "true",
            "categories": "history, hist",
            "new_category_names": "",
            "difficulty": "2",
            "form_nonce": _nonce(),
        },
    )
    _says_hist_was_deleted(unescape(response.content.decode()))
    assert submissions_repo.get("q_0000d31e").status == "pending"  # nothing approved


def test_approving_a_submission_that_names_a_deleted_category_says_so(with_hist, moderator_client):
    put_game_item(tables.SUBMISSIONS, game_submission("q_0000d31f", categories=["hist"]))
    services.delete_empty_category(slug="hist", actor="eddie")
    response = moderator_client.post("/queue/q_0000d31f/approve/", {"form_nonce": _nonce()})
    said = " ".join(str(m.message) for m in get_messages(response.wsgi_request))
    assert re.search(r"hist was deleted by eddie at \d\d:\d\d UTC", said)
    assert submissions_repo.get("q_0000d31f").status == "pending"


def test_a_throttled_rename_or_delete_says_so_on_the_dashboard(with_hist, faults, editor_client):
    # An error page ("The game's database is unavailable") had lost the name typed.
    rename = {"old_name": "Hist", "display_name": "Historical", "form_nonce": _nonce()}
    faults.fail_next("TransactWriteItems", times=3)
    response = editor_client.post("/categories/hist/rename/", rename, follow=True)
    faults.clear()
    page = unescape(response.content.decode())
    assert response.status_code == 200
    assert (
        "“hist” was not renamed: the game's database is busy: too many requests at once; "
        "nothing was changed. Try again in a moment."
    ) in re.sub(r"<[^>]+>", "", page)
    assert 'value="Historical"' in _row(page, "hist")
    assert categories_repo.get("hist").display_name == "Hist"

    faults.fail_next("TransactWriteItems", times=3)
    response = editor_client.post("/categories/hist/delete/", {"form_nonce": _nonce()}, follow=True)
    faults.clear()
    shown = re.sub(r"<[^>]+>", "", unescape(response.content.decode()))
    assert "“hist” was not deleted: the game's database is busy" in shown
    assert categories_repo.get("hist").display_name == "Hist"
