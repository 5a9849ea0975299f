"""The standing fault suite: the real pages, through the fault-injecting proxy.

Each scenario runs the same burst of staff actions (approve, reject, edit, create, retire,
rename, delete an empty category and undo it, reconcile) under one kind of seeded fault. After
every action: no traceback (the test client re-raises any), no bare 500, and the message shown
is checked against what is stored (read directly, past the proxy). After the burst: every
index/count invariant exact.
"""

from __future__ import annotations

import uuid

import pytest

from tests.support.fault_proxy import Direct, Fault, messages_and_page
from tests.support.invariants import index_and_count_problems
from tests.support.moderation import (
    game_submission,
    put_game_item,
    seed_categories,
)
from tests.support.questions import form_data, make_question, seed
from truthbyte_admin.data import categories as categories_repo
from truthbyte_admin.data import questions, submissions, tables

THROTTLE = Fault("fail")
BEFORE_500 = Fault("fail", status=500, error="InternalServerError", message="Internal error")
AFTER_500 = Fault("fail_after", status=500, error="InternalServerError", message="Internal error")
LOST = Fault("drop")

SCENARIOS = {
    "throttle-20%-transactions": (0.2, [THROTTLE], ["TransactWriteItems"]),
    "throttle-20%-everything": (0.2, [THROTTLE], None),
    "500-5%-before-and-after-apply": (0.1, [BEFORE_500, AFTER_500], None),
    "lost-answers-5%": (0.05, [LOST], None),
}


def _nonce() -> str:
    return uuid.uuid4().hex


def _form(question, **changes) -> dict:
    return form_data(question, form_nonce=_nonce(), **changes)


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_pages_under_faults_never_misinform(scenario, game_tables, faults, settings, admin_client):
    direct = Direct(settings, game_tables.url)
    with direct:
        seed_categories("general", "geography", "science", "history", "mistake")
        seed(
            *[
                make_question(f"f{n}", ["science"] if n % 2 else ["history"], 1 + n % 4)
                for n in range(6)
            ]
        )
        pending = [f"q_{n:08x}" for n in range(8)]
        for n, submission_id in enumerate(pending):
            put_game_item(
                tables.SUBMISSIONS,
                game_submission(
                    submission_id, question=f"Is fault-suite submission {n} a fine question?"
                ),
            )
        from truthbyte_admin.data.bulk import recount_categories

        recount_categories(["general", "geography", "science", "history"])
    rate, kinds, targets = SCENARIOS[scenario]
    faults.random_faults(rate, kinds, targets=targets, seed=11)
    checked = 0

    def no_bare_500(response):
        assert response.status_code != 500, response.content[:500]
        assert response.status_code in (200, 302, 404, 409, 422, 503), response.status_code

    # approve five, reject three
    for n, submission_id in enumerate(pending):
        action = "approve" if n < 5 else "reject"
        # The texts are alike on purpose; the duplicate guard is not what this suite tests.
        data = {"form_nonce": _nonce(), "approve_anyway": "on"}
        if action == "reject":
            data.update(reason="unclear")
        response = admin_client.post(f"/queue/{submission_id}/{action}/", data)
        no_bare_500(response)
        shown = messages_and_page(response)
        with direct:
            status = submissions.get(submission_id).status
        if f"Approved {submission_id}" in shown or f"Rejected {submission_id}" in shown:
            assert status == ("approved" if action == "approve" else "rejected"), shown
        else:
            assert status == "pending", (shown, status)  # every refusal said nothing changed
            assert (
                "throttl" in shown.lower()
                or "not applied" in shown.lower()
                or "internal error" in shown.lower()
                or "did not answer" in shown.lower()
                or "confirm" in shown.lower()
            ), shown
        checked += 1

    # edit three questions
    for n in range(3):
        with direct:
            loaded = questions.get(f"f{n}")
        response = admin_client.post(
            f"/questions/f{n}/", _form(loaded, difficulty=str(5 - n % 2), categories="geography")
        )
        no_bare_500(response)
        shown = messages_and_page(response)
        with direct:
            now = questions.get(f"f{n}")
        if "Saved question" in shown:
            assert now.version == loaded.version + 1
            assert now.categories == ["geography", "general"]
        else:
            assert now.version == loaded.version, shown
        checked += 1

    # create two
    for n in range(2):
        data = _form(make_question("new", ["history"], 3, question=f"Is new question {n} ok?"))
        data.pop("version")
        data["action"] = "save_anyway"  # alike on purpose; the duplicate guard is tested elsewhere
        response = admin_client.post("/questions/new/", data)
        no_bare_500(response)
        shown = messages_and_page(response)
        with direct:
            created = [q for q in questions.scan_all() if q.question == f"Is new question {n} ok?"]
        assert len(created) == (1 if "Created question" in shown else 0), shown
        checked += 1

    # retire one
    with direct:
        victim = questions.get("f5")
    response = admin_client.post(
        "/questions/f5/retire/",
        {"confirmed": "yes", "version": str(victim.version), "form_nonce": _nonce()},
    )
    no_bare_500(response)
    shown = messages_and_page(response)
    with direct:
        gone = questions.get_many(["f5"]) == {}
    assert gone == ("Retired question f5" in shown), shown
    checked += 1

    # rename, and a rename of a category that does not exist
    with direct:
        old = categories_repo.get("history").display_name
    response = admin_client.post(
        "/categories/history/rename/",
        {"old_name": old, "display_name": "World History", "form_nonce": _nonce()},
    )
    no_bare_500(response)
    shown = messages_and_page(response)
    with direct:
        renamed = categories_repo.get("history").display_name == "World History"
    assert renamed == ("Renamed" in shown), shown
    checked += 1
    response = admin_client.post(
        "/categories/no-such-thing/rename/",
        {"old_name": "", "display_name": "Ghost", "form_nonce": _nonce()},
    )
    assert response.status_code in (404, 503)

    # delete an empty category, then put it back with the message's Undo
    response = admin_client.post("/categories/mistake/delete/", {"form_nonce": _nonce()})
    no_bare_500(response)
    shown = messages_and_page(response)
    with direct:
        deleted = categories_repo.stored_category("mistake") is None
    assert deleted == ("Deleted the empty category" in shown), shown
    checked += 1
    if deleted:
        response = admin_client.post("/categories/mistake/put-back/", {"form_nonce": _nonce()})
        no_bare_500(response)
        shown = messages_and_page(response)
        with direct:
            back = categories_repo.stored_category("mistake") is not None
        assert back == ("Put back the category" in shown), shown
    checked += 1

    # reconcile (there should be nothing to fix: every write kept the counts exact)
    response = admin_client.post("/categories/reconcile/", {"form_nonce": _nonce()})
    no_bare_500(response)
    checked += 1

    injected = len(faults.log.injected)
    faults.clear()
    assert injected >= 3, "the scenario injected too few faults to mean anything"
    with direct:
        problems = index_and_count_problems()
    assert not problems, problems[:10]
    assert checked == 18
