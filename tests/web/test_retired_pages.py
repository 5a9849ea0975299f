"""Retire → retired page → restore through the pages; the daily-set impact shown before acting."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from tests.support import game_writes
from tests.support.invariants import assert_index_and_counts_exact
from tests.support.questions import form_data, make_question, seed
from tests.support.requests import assert_dynamodb_requests
from tests.support.snapshots import game_question_tables
from truthbyte_admin.core.clock import utc_today
from truthbyte_admin.data import questions as questions_repo
from truthbyte_admin.data import retired as retired_repo
from truthbyte_admin.data import tables
from truthbyte_admin.domain.daily_set import days_featuring
from truthbyte_admin.questions import services as question_services
from truthbyte_admin.staffindex.build import rebuild
from truthbyte_admin.staffindex.models import IndexedQuestion


@pytest.fixture
def pool(game_tables):
    seed(
        *[
            make_question(f"q{n:02d}", ["science"] if n % 2 else ["history", "sports"], 1 + n % 4)
            for n in range(1, 31)
        ]
    )
    return game_tables


def _a_question_in_todays_set() -> str:
    ids, _ = questions_repo.cached_daily_pool_ids()
    today = utc_today()
    return next(q for q in ids if today in days_featuring(ids, q, today, 1, key=str))


def _retire(client, qid: str):
    q = questions_repo.get(qid)
    return client.post(f"/questions/{qid}/retire/", {"version": q.version, "confirmed": "yes"})


def test_retire_then_restore_through_the_pages_leaves_the_tables_exactly_as_before(
    pool, editor_client
):
    rebuild()
    before = game_question_tables()
    done = _retire(editor_client, "q04")
    assert done.status_code == 302
    assert not IndexedQuestion.objects.filter(qid="q04").exists()  # the staff index followed

    page = editor_client.get("/questions/q04/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "is retired" in html
    assert "UTC" in html
    assert "Restore question" in html

    listing = editor_client.get("/questions/retired/").content.decode()
    assert 'data-question-id="q04"' in listing

    copy = retired_repo.latest_unrestored("q04")
    restored = editor_client.post(
        "/questions/retired/q04/restore/",
        {"retired_key": copy.retired_key, "confirmed": "yes"},
        follow=True,
    )
    assert "Restored question q04 exactly as it was stored" in restored.content.decode()
    assert game_question_tables() == before
    assert_index_and_counts_exact()
    assert IndexedQuestion.objects.get(qid="q04").categories == ["history", "sports", "general"]
    history = editor_client.get("/questions/q04/").content.decode()
    assert "Restored</strong>" in history
    assert "Retired</strong>" in history


def test_restore_without_javascript_asks_first(pool, editor_client):
    _retire(editor_client, "q05")
    copy = retired_repo.latest_unrestored("q05")
    confirm = editor_client.post(
        "/questions/retired/q05/restore/", {"retired_key": copy.retired_key, "confirmed": ""}
    )
    assert confirm.status_code == 200
    assert "Yes, restore it" in confirm.content.decode()
    assert 'data-impact-kind="joins"' in confirm.content.decode()  # q05 has difficulty 2
    page = editor_client.get("/questions/q05/").content.decode()
    assert '<template id="restore-impact">' in page
    assert 'data-impact-kind="joins"' in page
    assert retired_repo.stored_question_wire("q05") is None


def test_the_retire_message_offers_to_restore_what_was_just_retired(pool, editor_client):
    landed = _retire_and_follow(editor_client, "q06")
    said = landed.content.decode()
    assert "Retired question q06" in said
    link = re.search(r'<a href="([^"]+)" data-testid="restore-just-retired">restore it</a>', said)
    confirm = editor_client.get(html_lib.unescape(link.group(1)))
    assert confirm.status_code == 200
    assert "Yes, restore it" in confirm.content.decode()  # asked first, nothing restored yet
    assert retired_repo.stored_question_wire("q06") is None


def _retire_and_follow(client, qid: str):
    q = questions_repo.get(qid)
    return client.post(
        f"/questions/{qid}/retire/", {"version": q.version, "confirmed": "yes"}, follow=True
    )


def test_restore_refused_when_the_id_was_reused_says_so_and_changes_nothing(pool, editor_client):
    _retire(editor_client, "q06")
    copy = retired_repo.latest_unrestored("q06")
    from tests.support.questions import put_game_question

    put_game_question({"id": "q06", "question": "A new question on an old id?"})
    before = game_question_tables()
    confirm = editor_client.get(
        "/questions/retired/q06/restore/", {"retired_key": copy.retired_key}
    ).content.decode()
    assert "used by another question now" in confirm
    response = editor_client.post(
        "/questions/retired/q06/restore/",
        {"retired_key": copy.retired_key, "confirmed": "yes"},
        follow=True,
    )
    assert "used by another question now" in response.content.decode()
    assert game_question_tables() == before


def test_support_sees_a_retired_question_but_cannot_restore_it(pool, support_client):
    q = questions_repo.get("q07")
    question_services.retire_question(question_id="q07", loaded_version=q.version, actor="eddie")
    html = support_client.get("/questions/q07/").content.decode()
    assert "is retired" in html
    assert "Restore question" not in html
    # Its audit entries are a link away, as from a live question's page (create/search probe).
    assert '<a href="/audit/?item=Question+q07" data-testid="history-link">' in html
    copy = retired_repo.latest_unrestored("q07")
    response = support_client.post(
        "/questions/retired/q07/restore/", {"retired_key": copy.retired_key, "confirmed": "yes"}
    )
    assert response.status_code == 403
    assert retired_repo.stored_question_wire("q07") is None


def test_a_never_retired_missing_id_is_still_a_404(pool, editor_client):
    assert editor_client.get("/questions/nope1/").status_code == 404


def test_an_edit_saved_after_a_colleague_retired_the_question_says_it_was_not_saved(
    pool, editor_client
):
    """Two tabs: one retires, the other then saves an edit. The save is refused (409) with
    who retired it and when, and the typed values are on the page, not thrown away."""
    loaded = questions_repo.get("q05")
    assert _retire(editor_client, "q05").status_code == 302
    before = game_question_tables()
    late = editor_client.post(
        "/questions/q05/", form_data(loaded, title="A title typed too late <b>")
    )
    html = late.content.decode()
    assert late.status_code == 409
    assert "Your changes were not saved" in html
    # The same editor's other tab: "you", as a save conflict says it (probe: their own name).
    assert re.search(
        r"retired by <strong>you \(earlier from this page, or in another tab or window\)</strong> "
        r"at [0-9-]+ [0-9:]+ UTC",
        html,
    )
    assert "A title typed too late &lt;b&gt;" in html  # shown, escaped
    assert game_question_tables() == before  # nothing written
    assert retired_repo.stored_question_wire("q05") is None


def test_an_edit_of_a_question_removed_altogether_is_a_404_saying_not_saved(pool, editor_client):
    loaded = questions_repo.get("q06")
    game_writes.delete(tables.QUESTIONS, {"id": "q06"})  # the game removed it, not a retire
    late = editor_client.post("/questions/q06/", form_data(loaded, title="Too late"))
    assert late.status_code == 404
    assert "Not saved: There is no question with id" in late.content.decode()


def test_the_retired_list_is_one_request_a_page_and_rejects_bad_links(pool, editor_client):
    _retire(editor_client, "q08")
    with assert_dynamodb_requests(1):
        response = editor_client.get("/questions/retired/?q=q08")
    assert 'data-question-id="q08"' in response.content.decode()
    assert editor_client.get("/questions/retired/?cursor=forged").status_code == 400
    assert editor_client.get("/questions/retired/?q=" + "x" * 201).status_code == 400
    empty = editor_client.get("/questions/retired/?q=zzzz").content.decode()
    assert "No retired question" in empty


def test_the_retire_confirmation_names_the_daily_days_it_changes(pool, editor_client):
    qid = _a_question_in_todays_set()
    html = editor_client.get(f"/questions/{qid}/retire/").content.decode()
    assert "In today’s set and on" in html
    assert "every player’s set for" in html
    assert utc_today().strftime("%Y-%m-%d") in html
    detail = editor_client.get(f"/questions/{qid}/").content.decode()
    assert '<template id="retire-impact">' in detail
    assert "In today’s set" in detail


def test_check_daily_set_impact_for_an_edit_and_a_create(pool, editor_client):
    qid = _a_question_in_todays_set()
    q = questions_repo.get(qid)
    data = {"question_id": qid, "question": q.question, "difficulty": "5"}
    editor_client.get(f"/questions/{qid}/")  # the editor page has read the pool already
    with assert_dynamodb_requests(at_most=1):  # the stored question; the pool is cached
        html = editor_client.post("/daily/impact/", data, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-impact-kind="leaves"' in html
    assert "In today’s set" in html
    same = editor_client.post(
        "/daily/impact/", {**data, "difficulty": str(q.difficulty)}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'data-impact-kind="none"' in same
    edited = editor_client.post(
        "/daily/impact/",
        {**data, "difficulty": str(q.difficulty), "question": q.question + " Really?"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert 'data-impact-kind="edited"' in edited
    assert "players see the edited version" in edited
    created = editor_client.post(
        "/daily/impact/", {"question_id": "new", "difficulty": "2"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'data-impact-kind="joins"' in created
    bad = editor_client.post("/daily/impact/", {"question_id": "new", "difficulty": "9"})
    assert bad.status_code == 400
    no_js = editor_client.post("/daily/impact/", {"question_id": "new", "difficulty": "2"})
    assert no_js.status_code == 200
    assert "Nothing has been saved" in no_js.content.decode()


def test_opening_a_retired_id_goes_to_its_retired_page(pool, editor_client):
    _retire(editor_client, "q09")
    response = editor_client.get("/questions/open/", {"id": "q09"}, follow=True)
    assert "is retired" in response.content.decode()
    missing = editor_client.get("/questions/open/", {"id": "zz9"}, follow=True)
    assert "No question has the id" in missing.content.decode()


def test_the_older_copy_of_a_reused_id_can_be_restored_from_the_list(pool, editor_client):
    from tests.support.questions import put_game_question

    _retire(editor_client, "q10")
    older = retired_repo.latest_unrestored("q10")
    put_game_question({"id": "q10", "question": "A second question on this id?"})
    question_services.retire_question(question_id="q10", loaded_version=0, actor="eddie")
    response = editor_client.post(
        "/questions/retired/q10/restore/",
        {"retired_key": older.retired_key, "confirmed": "yes"},
        follow=True,
    )
    assert "Restored question q10" in response.content.decode()
    assert questions_repo.get("q10").question == older.question.question
    assert_index_and_counts_exact()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_restore_link_naming_no_kept_copy_says_so_and_restores_nothing(
    pool, editor_client, method
):
    assert _retire(editor_client, "q07").status_code == 302
    before = game_question_tables()
    send = getattr(editor_client, method)
    response = send(
        "/questions/retired/q07/restore/", {"retired_key": "zzz", "confirmed": "yes"}, follow=True
    )
    html = response.content.decode()
    assert "That restore link doesn&#x27;t name a kept copy of question q07" in html
    assert "has no retired copy waiting" not in html
    assert game_question_tables() == before
