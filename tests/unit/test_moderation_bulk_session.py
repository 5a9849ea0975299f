"""What a bulk review keeps in the session between its pages: JSON only, and only the last few."""

from __future__ import annotations

import json

from truthbyte_admin.moderation import bulk_session
from truthbyte_admin.moderation.services import BulkItemResult, BulkResult


def _start(session: dict, ids: list[str]) -> str:
    return bulk_session.start(
        session,
        action="reject",
        ids=ids,
        reason_key="spam",
        reason_text="",
        reason="Spam or nonsense",
        next="/queue/?page=2",
    ).token


def test_results_come_back_as_they_were_kept_through_json():
    session: dict = {}
    token = _start(session, ["q_1", "q_2"])
    result = BulkResult(
        "reject",
        [
            BulkItemResult("q_1", True, "Rejected: Spam or nonsense."),
            BulkItemResult("q_2", True, "already rejected", None, already=True, reviewed_at=100),
        ],
    )
    bulk_session.keep_result(session, token, result)
    session = json.loads(json.dumps(session))  # what a JSON session store gives back

    kept = bulk_session.get(session, token)
    assert kept.ids == ["q_1", "q_2"]
    assert (kept.reason_key, kept.reason, kept.next) == (
        "spam",
        "Spam or nonsense",
        "/queue/?page=2",
    )
    assert kept.result.items == result.items
    assert kept.result.summary == result.summary
    assert kept.undo_until is not None


def test_undone_rows_are_remembered_once_and_only_for_rows_of_the_results():
    session: dict = {}
    token = _start(session, ["q_1"])
    bulk_session.mark_undone(session, token, "q_1")  # no results yet: nothing to mark
    assert bulk_session.get(session, token).undone == []
    bulk_session.keep_result(
        session, token, BulkResult("reject", [BulkItemResult("q_1", True, "")])
    )
    for submission_id in ("q_1", "q_1", "q_other"):
        bulk_session.mark_undone(session, token, submission_id)
    assert bulk_session.get(session, token).undone == ["q_1"]
    bulk_session.mark_undone(session, "no-such-token", "q_1")  # ignored


def test_only_the_last_few_are_kept():
    session: dict = {}
    tokens = [_start(session, [f"q_{n}"]) for n in range(bulk_session.KEPT + 1)]
    assert bulk_session.get(session, tokens[0]) is None
    assert all(bulk_session.get(session, t) is not None for t in tokens[1:])
    assert bulk_session.get(session, "") is None


def _sent(session: dict, token: str, *, ids: list[str], confirmed: bool, reason: str = "Spam"):
    return bulk_session.step(
        session,
        token,
        action="reject",
        ids=ids,
        reason_key="spam",
        reason_text="",
        reason=reason,
        next="/queue/",
        confirmed=confirmed,
    )


def test_a_form_from_the_queue_is_kept_and_asked_before_it_is_sent():
    session: dict = {}
    first = _sent(session, "", ids=["q_1", "q_2"], confirmed=False)
    assert (first.send, first.sent_before, first.instead_of) == (False, False, "")
    confirmed = _sent(session, first.review.token, ids=["q_2", "q_1"], confirmed=True)
    assert confirmed.send
    assert confirmed.review.token == first.review.token


def test_a_confirmation_sent_again_shows_its_results_and_sends_nothing():
    session: dict = {}
    token = _sent(session, "", ids=["q_1"], confirmed=False).review.token
    bulk_session.keep_result(
        session, token, BulkResult("reject", [BulkItemResult("q_1", True, "")])
    )
    again = _sent(session, token, ids=["q_1"], confirmed=True)
    assert (again.sent_before, again.send) == (True, False)
    assert again.review.token == token


def test_a_form_asking_other_than_its_page_showed_is_asked_again_as_a_new_review():
    session: dict = {}
    token = _sent(session, "", ids=["q_1", "q_2"], confirmed=False).review.token
    for changed in [
        dict(ids=["q_1", "q_3"]),  # another selection
        dict(ids=["q_1", "q_2"], reason="Duplicate"),  # another reason
    ]:
        other = _sent(session, token, confirmed=True, **changed)
        assert (other.send, other.instead_of) == (False, "reject 2 submissions")
        assert other.review.token != token


def test_likely_duplicates_left_pending_are_not_counted_as_failures():
    items = [
        BulkItemResult("q_1", True, "Approved as question q_a."),
        BulkItemResult("q_2", False, "Likely duplicate", duplicate_of="q_x", as_asked=True),
        BulkItemResult("q_3", False, "Likely duplicate", duplicate_of="q_y", as_asked=True),
    ]
    result = BulkResult("approve", items)
    assert result.summary == "1 of 3 approved; 2 likely duplicates left pending, as asked."
    assert result.refused == 0
    result.items.append(BulkItemResult("q_4", False, "needs editing before approval"))
    # A duplicate the confirmation did not flag (of a question made by this very review) was
    # not asked for: not changed.
    result.items.append(BulkItemResult("q_5", False, "Likely duplicate", duplicate_of="q_a"))
    assert result.summary == (
        "1 of 5 approved; 2 likely duplicates left pending, as asked; 2 not changed."
    )


def test_results_kept_before_as_asked_still_say_their_duplicates_were_left_as_asked():
    session: dict = {}
    token = _start(session, ["q_1", "q_2"])
    session[bulk_session.SESSION_KEY][token]["action"] = "approve"
    session[bulk_session.SESSION_KEY][token]["items"] = [
        ["q_1", True, "Approved as question q_a.", "q_a", False, None, None],
        ["q_2", False, "Likely duplicate", None, False, None, "q_x"],  # seven fields: before
    ]
    kept = bulk_session.get(json.loads(json.dumps(session)), token)
    assert kept.result.summary == "1 of 2 approved; 1 likely duplicate left pending, as asked."
