"""A bulk review's results page through Django's test client: its summary agrees with its rows,
and it is a page of its own (reloading or going back to it sends nothing)."""

from __future__ import annotations

import re

import pytest

from tests.support.index import synced
from tests.support.moderation import game_submission, put_game_item, seed_categories
from tests.support.requests import assert_dynamodb_requests
from truthbyte_admin.data import audit, submissions, tables
from truthbyte_admin.moderation import services

IDS = ["q_b01c0001", "q_b01c0002"]
QUESTIONS = ["Is Canberra the capital of Australia?", "Does a spider have eight legs?"]


@pytest.fixture
def two_pending(game_tables):
    seed_categories("general", "geography", "science")
    for n, (submission_id, question) in enumerate(zip(IDS, QUESTIONS, strict=True)):
        put_game_item(
            tables.SUBMISSIONS,
            game_submission(submission_id, submitted_at=1_764_000_000 + n, question=question),
        )
    synced()


def _confirmed(**extra) -> dict:
    return {"action": "approve", "ids": IDS, "confirmed": "1", "next": "/queue/", **extra}


def _summary(html: str) -> str:
    return re.search(r'data-testid="bulk-summary">([^<]*)<', html).group(1)


def _badges(html: str) -> list[str]:
    rows = re.search(r'data-testid="bulk-results">(.*?)</table>', html, re.S).group(1)
    return re.findall(r'<span class="badge[^"]*">([^<]+)</span>', rows)


def test_the_same_confirmation_sent_twice_says_nothing_more_was_done(moderator_client, two_pending):
    first = moderator_client.post("/queue/bulk/", _confirmed(form_nonce="n1"), follow=True)
    html = first.content.decode()
    assert _summary(html).startswith("2 of 2 approved; 0 not changed.")
    assert _badges(html) == ["done", "done"]

    # The very same form again (a double click, a resubmission): each row says it was already
    # done by this request, and so does the summary above them.
    again = moderator_client.post("/queue/bulk/", _confirmed(form_nonce="n1"), follow=True)
    html = again.content.decode()
    assert _summary(html) == (
        "0 of 2 approved now; 2 had already been approved by this same request (the form was "
        "sent twice), so nothing more was changed for them; 0 not changed. Each submission was "
        "reviewed on its own."
    )
    assert _badges(html) == ["already done", "already done"]
    assert html.count("already approved by this same request") == 2
    assert "2 of 2 approved" not in html
    # The message region says the same as the summary.
    messages = html.split('id="messages"')[1].split("</div>")[0]
    assert "0 of 2 approved now; 2 had already been approved by this same request" in messages
    for submission_id in IDS:
        assert submissions.get(submission_id).status == "approved"
        assert [e.action for e in audit.history(f"submission#{submission_id}")] == ["approve"]


def _hidden_fields(html: str, form_class: str) -> dict:
    form = re.search(rf'<form [^>]*class="{form_class}".*?</form>', html, re.S).group(0)
    fields: dict = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form):
        fields.setdefault(name, []).append(value)
    return {k: v if len(v) > 1 else v[0] for k, v in fields.items()}


def test_confirmation_and_results_are_pages_of_their_own(moderator_client, two_pending):
    """Post/Redirect/Get: each step's form redirects to a page that reloading, or going back to,
    shows again without sending anything."""
    selected = moderator_client.post(
        "/queue/bulk/", {"action": "approve", "ids": IDS, "next": "/queue/"}
    )
    assert selected.status_code == 302
    confirm_url = selected["Location"]
    assert re.fullmatch(r"/queue/bulk/[\w-]+/", confirm_url)
    confirm = moderator_client.get(confirm_url).content.decode()
    assert "Approve 2 submissions?" in confirm
    assert moderator_client.get(confirm_url).content.decode().count("<tr><td><code>") == 2
    assert all(submissions.get(i).status == "pending" for i in IDS)  # nothing done yet

    fields = _hidden_fields(confirm, "confirm-form")
    done = moderator_client.post("/queue/bulk/", fields)
    assert done.status_code == 302
    results_url = done["Location"]
    assert results_url == f"{confirm_url}results/"
    html = moderator_client.get(results_url).content.decode()
    assert _summary(html).startswith("2 of 2 approved; 0 not changed.")
    assert "2 of 2 approved; 0 not changed." in html.split('id="messages"')[1].split("</div>")[0]

    # A reload shows the same results and sends nothing: not one DynamoDB request.
    with assert_dynamodb_requests(0):
        again = moderator_client.get(results_url).content.decode()
    assert _summary(again) == _summary(html)
    assert _badges(again) == ["done", "done"]
    assert "Approved as question q_" in again
    assert len(re.findall(r'data-testid="bulk-undo"', again)) == 2
    # Each row names its question beside its id (from the staff index: still no request).
    assert re.findall(
        r'data-testid="bulk-question"><span class="clip" dir="auto">([^<]+)<', again
    ) == [
        "Is Canberra the capital of Australia?",
        "Does a spider have eight legs?",
    ]

    # Back to the confirmation: it says it went through, and offers the results, not a resend.
    back = moderator_client.get(confirm_url).content.decode()
    assert 'data-testid="bulk-already-confirmed"' in back
    # Its heading no longer asks (probe: "Reject 1 submission?" over "confirmed already").
    assert "Bulk approve: confirmed already</h1>" in back
    assert "?</h1>" not in back
    assert 'data-testid="bulk-reviewed-since"' not in back
    assert f'href="{results_url}"' in back
    assert 'class="confirm-form"' not in back

    # The same confirmation sent again (a double click): its results, nothing done twice.
    resent = moderator_client.post("/queue/bulk/", fields)
    assert resent["Location"] == results_url
    shown = moderator_client.get(results_url).content.decode()
    assert "This bulk review was already sent; nothing more was changed." in shown
    assert _summary(shown) == _summary(html)
    for submission_id in IDS:
        assert [e.action for e in audit.history(f"submission#{submission_id}")] == ["approve"]


def test_an_undo_in_place_stays_shown_on_the_results(moderator_client, two_pending):
    done = moderator_client.post("/queue/bulk/", _confirmed())
    results_url = done["Location"]
    html = moderator_client.get(results_url).content.decode()
    undo = _hidden_fields(html, "undo-form")  # the first row's
    assert undo["shown_in"] == "bulk"
    row = moderator_client.post(f"/queue/{IDS[0]}/undo/", undo, HTTP_HX_REQUEST="true")
    assert row.content.decode().startswith('<tr class="undone" data-testid="bulk-undone"')
    assert QUESTIONS[0] in row.content.decode()  # the row still names its question
    assert submissions.get(IDS[0]).status == "pending"

    reloaded = moderator_client.get(results_url).content.decode()
    rows = re.search(r'data-testid="bulk-results">(.*?)</table>', reloaded, re.S).group(1)
    undone = re.search(r'<tr class="undone"[^>]*>.*?</tr>', rows, re.S).group(0)
    assert f"<code>{IDS[0]}</code>" in undone
    assert "autofocus" not in undone  # the page keeps the focus where it lands
    assert f'aria-label="Undo for {IDS[0]}"' not in rows
    assert f'aria-label="Undo for {IDS[1]}"' in rows
    # Said as what happened here, not as its status now (it may have been reviewed since).
    assert "Undone here: it went back to pending." in undone
    assert (
        "1 undone from this page since; each went back to pending then (open one for its "
        "status now)."
    ) in reloaded


def test_an_undo_refused_for_good_is_not_offered_again_on_the_results(
    moderator_client, two_pending
):
    """Undone in another tab meanwhile, a row's Undo is refused; a reload of the results page
    says why instead of offering the same refusal again (moderation probe)."""
    from truthbyte_admin.moderation import services

    results_url = moderator_client.post("/queue/bulk/", _confirmed())["Location"]
    undo = _hidden_fields(moderator_client.get(results_url).content.decode(), "undo-form")
    services.undo_review(submission_id=IDS[0], actor="mona")  # another tab
    moderator_client.post(f"/queue/{IDS[0]}/undo/", undo, HTTP_HX_REQUEST="true")
    reloaded = moderator_client.get(results_url).content.decode()
    rows = re.search(r'data-testid="bulk-results">(.*?)</table>', reloaded, re.S).group(1)
    assert f'aria-label="Undo for {IDS[0]}"' not in rows
    assert f'aria-label="Undo for {IDS[1]}"' in rows
    said = re.search(r'data-testid="bulk-undo-refused">([^<]*)<', rows).group(1)
    assert said.startswith(f"Undo no longer possible: Submission {IDS[0]} is pending")


def test_a_results_page_no_longer_kept_changes_nothing_and_says_so(
    moderator_client, make_staff, two_pending
):
    from django.test import Client

    results_url = moderator_client.post("/queue/bulk/", _confirmed())["Location"]
    colleague = Client()
    colleague.force_login(make_staff("max", "moderator"))
    for url in (results_url, "/queue/bulk/not-a-kept-token/", "/queue/bulk/nope/results/"):
        with assert_dynamodb_requests(0):
            response = colleague.get(url, follow=True)
        html = response.content.decode()
        assert response.redirect_chain[-1][0] == "/queue/"
        assert "There is no bulk review page at that address now" in html
        assert "Opening it changed nothing" in html


def test_once_the_undo_period_is_over_the_results_offer_no_undo(moderator_client, two_pending):
    done = moderator_client.post("/queue/bulk/", _confirmed(form_nonce="n2"), follow=True)
    assert 'data-testid="bulk-undo"' in done.content.decode()
    results_url = done.request["PATH_INFO"]

    session = moderator_client.session  # as kept, with its undo deadline passed
    reviews = session["moderation:bulk-reviews"]
    for kept in reviews.values():
        kept["undo_until"] = 946_684_800.0  # 2000-01-01
    session["moderation:bulk-reviews"] = reviews
    session.save()
    html = moderator_client.get(results_url).content.decode()

    assert 'data-testid="bulk-undo"' not in html
    assert "Undo here ended at" in html


def test_cancel_on_the_confirmation_page_keeps_the_selection(moderator_client, two_pending):
    """Back on the queue with the same rows ticked: one unticked by mistake is put right without
    ticking them all again. The page opens on its question, for the keyboard."""
    asked = moderator_client.post(
        "/queue/bulk/", {"action": "approve", "ids": IDS, "next": "/queue/"}
    )
    confirm_url = asked["Location"]
    page = moderator_client.get(confirm_url).content.decode()
    assert '<h1 tabindex="-1" autofocus>Approve 2 submissions?</h1>' in page
    cancel = re.search(r'<a href="([^"]+)">Cancel</a>', page).group(1)
    assert cancel == confirm_url.rstrip("/") + "/cancel/"
    with assert_dynamodb_requests(0):
        back = moderator_client.get(cancel)
    assert back["Location"] == "/queue/"
    queue = moderator_client.get("/queue/").content.decode()
    assert "Cancelled: nothing was changed; your selection is kept." in queue
    for submission_id in IDS:
        box = re.search(rf'<input type="checkbox" name="ids" value="{submission_id}"[^>]*>', queue)
        assert " checked" in box.group(0)
    assert [submissions.get(i).status for i in IDS] == ["pending", "pending"]


def test_cancel_after_the_bulk_review_was_sent_says_so(moderator_client, two_pending):
    """A confirmation page left open in another tab: its Cancel can't claim nothing changed."""
    asked = moderator_client.post(
        "/queue/bulk/", {"action": "approve", "ids": IDS, "next": "/queue/"}
    )
    token = asked["Location"].rstrip("/").split("/")[-1]
    moderator_client.post("/queue/bulk/", _confirmed(bulk=token))
    assert [submissions.get(i).status for i in IDS] == ["approved", "approved"]
    response = moderator_client.get(f"/queue/bulk/{token}/cancel/", follow=True)
    html = response.content.decode()
    assert "This bulk review was already sent; nothing more was changed." in html
    assert "Cancelled" not in html
    assert response.redirect_chain[-1][0] == f"/queue/bulk/{token}/results/"


TWINS = ["q_b01c0011", "q_b01c0012"]


def test_a_duplicate_the_confirmation_did_not_flag_is_not_left_pending_as_asked(
    moderator_client, game_tables
):
    # Two identical submissions: the confirmation flags neither (no such question yet); the
    # first approved makes the second a likely duplicate. That is not what was asked: it is
    # "not changed", said as a warning (diff review: "left pending, as asked").
    seed_categories("general", "geography", "science")
    for n, sid in enumerate(TWINS):
        put_game_item(
            tables.SUBMISSIONS,
            game_submission(
                sid, submitted_at=1_764_000_000 + n, question="Is Canberra the capital city?"
            ),
        )
    synced()
    selection = {"action": "approve", "ids": TWINS, "next": "/queue/"}
    confirm = moderator_client.post("/queue/bulk/", selection, follow=True).content.decode()
    assert 'data-testid="duplicate-warning"' not in confirm
    token = re.search(r'name="bulk" value="([^"]+)"', confirm).group(1)
    sent = {**selection, "confirmed": "1", "bulk": token, "form_nonce": "twins-" + token}
    done = moderator_client.post("/queue/bulk/", sent, follow=True)
    html = done.content.decode()
    assert _summary(html).startswith("1 of 2 approved; 1 not changed.")
    assert "as asked" not in html
    (message,) = list(done.context["messages"])
    assert message.level_tag == "warning"
    assert [submissions.get(s).status for s in TWINS] == ["approved", "pending"]


def test_a_duplicate_the_confirmation_flagged_is_left_pending_as_asked(
    moderator_client, game_tables
):
    # What the confirmation page showed travels with its form: the duplicate it flagged is
    # "left pending, as asked", a success, where one it did not flag is "not changed" (above).
    seed_categories("general", "geography", "science")
    for sid in ("q_f1a90001", "q_f1a90002"):
        put_game_item(
            tables.SUBMISSIONS, game_submission(sid, question="Is Canberra the capital city?")
        )
    services.approve_submission(submission_id="q_f1a90002", reviewer="ana")  # its twin
    synced()
    selection = {"action": "approve", "ids": ["q_f1a90001"], "next": "/queue/"}
    confirm = moderator_client.post("/queue/bulk/", selection, follow=True).content.decode()
    assert '<input type="hidden" name="flagged" value="q_f1a90001">' in confirm
    token = re.search(r'name="bulk" value="([^"]+)"', confirm).group(1)
    sent = {**selection, "confirmed": "1", "bulk": token, "flagged": "q_f1a90001"}
    done = moderator_client.post("/queue/bulk/", {**sent, "form_nonce": "as-asked-" + token})
    results = moderator_client.get(done["Location"])
    html = results.content.decode()
    assert _summary(html).startswith("0 of 1 approved; 1 likely duplicate left pending, as asked.")
    assert _badges(html) == ["left pending"]
    assert [m.level_tag for m in results.context["messages"]] == ["success"]
