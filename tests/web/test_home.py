"""The home page per role: what needs attention now, each number linking to where to act,
with bounded DynamoDB requests (only the daily pool, at most one read a minute)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache

from tests.support import game_writes
from tests.support.index import synced
from tests.support.questions import make_question, seed, set_stored_count
from tests.support.requests import assert_dynamodb_requests
from truthbyte_admin.accounts import events as staff_events
from truthbyte_admin.data import audit
from truthbyte_admin.staffindex.build import rebuild

pytestmark = pytest.mark.django_db

NOW = int(dt.datetime.now(dt.UTC).timestamp())


def _stat(html: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}"[^>]*>([^<]*)<', html)
    assert match, f"no {testid} on the page"
    return match.group(1).strip()


def _home(client_, *, requests: int | None = None) -> str:
    with assert_dynamodb_requests(requests) as stats:
        response = client_.get("/")
    assert response.status_code == 200
    assert set(stats.operations) <= {"scan"}  # the daily pool, nothing else
    return response.content.decode()


@pytest.fixture
def world(game_tables):
    """13 questions the daily set can use (2 of the 15 are difficulty 5), 3 pending submissions
    (the oldest 3 days old), a category with too few questions."""
    seed(
        *[make_question(f"s{n}", ["science"], 1 + n % 5) for n in range(12)],
        *[make_question(f"h{n}", ["history"], 2) for n in range(3)],
    )
    for n, age_hours in enumerate((72, 5, 1), start=1):
        game_writes.game_submission(
            f"q_h0e{n:05}", f"Is home test {n} true?", author="p1", at=NOW - age_hours * 3600
        )
    rebuild()
    cache.clear()
    return game_tables


def test_moderator_sees_pending_and_oldest_and_the_count_drops_after_an_approval(
    moderator_client, world
):
    html = _home(moderator_client, requests=1)  # one pool read (cold cache)

    assert _stat(html, "home-pending") == "3"
    assert _stat(html, "home-oldest") == "3 days"
    assert 'href="/queue/" data-testid="home-pending"' in html
    assert 'data-testid="home-categories"' not in html  # not an editor
    assert _stat(html, "home-pool") == "13"
    assert _stat(html, "home-daily-status") == "Served"
    _home(moderator_client, requests=0)  # the pool is cached for a minute

    response = moderator_client.post("/queue/q_h0e00001/approve/", {"next": "/queue/"})
    assert response.status_code == 302

    html = _home(moderator_client, requests=1)  # our own write makes the pool read again
    assert _stat(html, "home-pending") == "2"
    assert _stat(html, "home-oldest") == "5 hours"
    assert _stat(html, "home-pool") == "14"
    recent = html[html.index('data-testid="home-recent"') :]
    assert "mona" in recent
    assert "approve" in recent
    assert 'href="/queue/q_h0e00001/"' in recent
    assert '<span class="subject" dir="auto">Is home test 1 true?</span>' in recent


def test_editor_sees_drift_and_small_categories_and_the_drift_goes_after_a_repair(
    editor_client, world
):
    set_stored_count("science", 20)
    synced()  # the index sync's pass that compares the counts

    html = _home(editor_client, requests=1)

    assert _stat(html, "home-drift") == "1"
    assert 'href="/categories/#cat-science"' in html
    assert "stored 20, 12 questions" in html
    assert _stat(html, "home-low") == "1"
    assert 'href="/categories/#cat-history"' in html
    assert 'data-testid="home-moderation"' not in html  # not a moderator

    assert editor_client.post("/categories/reconcile/").status_code == 302

    html = _home(editor_client, requests=0)
    assert _stat(html, "home-drift") == "0"
    recent = html[html.index('data-testid="home-recent"') :]
    assert "eddie" in recent
    assert "Repaired the count" in recent


def _dashboard_drift(client_) -> str:
    return _stat(client_.get("/categories/").content.decode(), "drift-count")


def test_home_and_the_dashboard_say_the_same_about_drift(editor_client, world):
    set_stored_count("science", 20)  # the index has the new count; no sync pass compared yet
    assert _stat(_home(editor_client), "home-drift") == _dashboard_drift(editor_client) == "0"

    synced()
    html = _home(editor_client)
    assert _stat(html, "home-drift") == _dashboard_drift(editor_client) == "1"
    assert "stored 20, 12 questions" in html

    assert editor_client.post("/categories/reconcile/").status_code == 302
    assert _stat(_home(editor_client), "home-drift") == _dashboard_drift(editor_client) == "0"


def test_small_categories_are_counted_as_the_dashboard_counts_them(editor_client, game_tables):
    seed(*[make_question(f"s{n}", ["science"], 2) for n in range(4)])  # general: 4 too
    rebuild()

    html = _home(editor_client)

    assert _stat(html, "home-low") == "2"
    assert 'href="/categories/#cat-general"' in html
    board = editor_client.get("/categories/").content.decode()
    assert re.search(r'<span class="stat low">2</span><br>under 10 questions', board)


def test_support_sees_the_daily_set_and_recent_actions_only(support_client, game_tables):
    seed(*[make_question(f"s{n}", ["science"], 2) for n in range(4)])
    audit.record(audit.new_entry("question#s1", actor="eddie", action="edit"))
    cache.clear()

    html = _home(support_client, requests=1)

    assert 'data-testid="home-moderation"' not in html
    assert 'data-testid="home-categories"' not in html
    assert _stat(html, "home-daily-status") == "Not served"  # 4 < the game's minimum of 10
    assert _stat(html, "home-pool") == "4"
    assert "the game needs at least 10 questions" in html
    assert 'href="/daily/?date=' in html
    recent = html[html.index('data-testid="home-recent"') :]
    assert "eddie" in recent
    assert 'href="/questions/s1/"' in recent


def test_recent_changes_name_who_acted_as_the_audit_log_does(support_client, game_tables):
    # The same cells as the audit log: a change made from the command line is not credited to
    # a staff member called "manage.py".
    audit.record(audit.new_entry("question#s1", actor="manage.py", action="edit"))
    cache.clear()

    recent = _home(support_client)
    recent = recent[recent.index('data-testid="home-recent"') :]

    assert "command line (manage.py)" in recent
    assert ">manage.py</a>" not in recent


def test_admin_sees_every_section_and_recent_work_not_sign_ins(admin_client, world):
    staff_events.record("mona", "sign_in", address="10.1.2.3")

    html = _home(admin_client, requests=1)

    for section in ("home-moderation", "home-categories", "home-daily", "home-recent"):
        assert f'data-testid="{section}"' in html
    # Every sign-in would push the actions on content off the list: they are in the audit log.
    recent = html[html.index('data-testid="home-recent"') :]
    assert "<td>Signed in</td>" not in recent


def test_others_do_not_see_staff_sign_ins_on_the_home(support_client, game_tables):
    staff_events.record("mona", "sign_in", address="10.1.2.3")

    html = _home(support_client)

    assert "<td>Signed in</td>" not in html
    # Not "no staff action": the sign-in happened, it just isn't listed here.
    assert _stat(html, "home-recent-empty") == (
        "No change to questions, submissions, categories or players recorded yet."
    )
    assert (
        "Sign-ins and account security (two-factor, unlocks) are not listed here: admins see "
        "them in the audit log."
    ) in html
    assert 'data-testid="home-sign-ins"' not in html  # the audit log wouldn't show them


def test_security_events_left_out_are_not_said_not_to_have_happened(admin_client, game_tables):
    staff_events.record("mona", "second_factor_reset", address="10.1.2.3")
    staff_events.record("mona", "sign_in_unlocked", address="10.1.2.3")

    html = _home(admin_client)

    assert "No staff action recorded yet" not in html
    assert "Recent changes to questions, submissions, categories and players" in html
    assert _stat(html, "home-recent-empty").startswith("No change to questions")
    link = re.search(r'<a href="([^"]*)" data-testid="home-sign-ins">in the audit log</a>', html)
    entries = admin_client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert "Reset two-factor sign-in" in entries
    assert "Unlocked sign-in" in entries


def test_a_stored_count_that_is_not_a_number_is_said_as_stored(editor_client, world):
    set_stored_count("science", "many")
    synced()

    html = _home(editor_client)

    assert (
        'stored “<bdi>many</bdi>” <span class="help">(text, not a number)</span>, 12 questions'
    ) in html
    assert "stored none" not in html


def test_an_empty_queue_says_so(moderator_client, game_tables):
    html = _home(moderator_client)

    assert _stat(html, "home-pending") == "0"
    assert "nothing to review" in html


def test_home_opens_during_a_dynamodb_outage_and_says_what_it_cannot_check(
    moderator_client, world, faults, settings
):
    settings.DYNAMODB_MAX_ATTEMPTS = 1
    cache.clear()
    faults.fail_next("Scan", times=100)

    response = moderator_client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert _stat(html, "home-pending") == "3"  # from the staff database
    assert "Can't be checked right now" in html
    assert (
        "database is busy: too many requests at once." in html
    )  # staff words, not the data layer's
    assert "DynamoDB" not in html
    assert 'data-testid="home-pool"' not in html
