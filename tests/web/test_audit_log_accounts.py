"""The audit log says who acted and which staff account an entry is about as what they are: a
username typed at a failed sign-in that is nobody's account, the command line, nobody signed in;
never as a staff member by those names. Accounts are looked up once per page, not per row."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from truthbyte_admin.data import audit

pytestmark = pytest.mark.django_db

DAY = dt.datetime(2025, 3, 10, 12, 0, tzinfo=dt.UTC)


def _record(entity, actor, action, *, minutes=0, after=None):
    audit.record(
        audit.new_entry(
            entity,
            actor=actor,
            action=action,
            at=DAY + dt.timedelta(minutes=minutes),
            after=after,
        )
    )


@pytest.fixture
def sign_in_events(game_tables, make_staff):
    make_staff("mona", "moderator")
    _record("staff#yy5", "anonymous", "sign_in_failed", after={"address": "10.0.0.5"})
    _record("staff#mona", "anonymous", "sign_in_failed", minutes=1, after={"address": "10.0.0.6"})
    _record("staff#gone", "gone", "sign_out", minutes=2, after={"address": "10.0.0.7"})
    _record(
        "staff#mona", "manage.py", "second_factor_reset", minutes=3, after={"address": "manage.py"}
    )
    _record("question#q_1", "mona", "edit", minutes=4)


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr data-testid="audit-row">(.*?)</tr>', html, re.S)


def _row(html: str, action: str, concerning: str) -> str:
    [row] = [r for r in _rows(html) if f"<td>{action}</td>" in r and concerning in r]
    return re.sub(r"\s+", " ", row)


def _text(response) -> str:
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def test_a_failed_sign_in_naming_no_account_says_what_was_typed(admin_client, sign_in_events):
    html = _text(admin_client.get("/audit/"))

    row = _row(html, "Sign-in failed", "yy5")
    assert 'Username typed:</span> <code dir="auto">yy5</code> (no such account)' in row
    assert "Staff account" not in row
    assert "nobody signed in</a>" in row  # not "anonymous"
    # An account that exists is named as one, even when the sign-in failed.
    row = _row(html, "Sign-in failed", ">mona<")
    assert 'Staff account <code dir="auto">mona</code>' in row
    assert "no such account" not in row
    # Not typed, and no account by that name now (removed or renamed since).
    row = _row(html, "Signed out", "gone")
    assert 'Staff account <code dir="auto">gone</code> (no account by this name now)' in row
    row = _row(html, "Reset two-factor sign-in", "mona")
    assert "command line (manage.py)</a>" in row


def test_accounts_are_looked_up_once_per_page_not_per_row(admin_client, sign_in_events):
    for n in range(20):
        _record(f"staff#guess{n}", "anonymous", "sign_in_failed", minutes=10 + n)

    with CaptureQueriesContext(connection) as queries:
        html = _text(admin_client.get("/audit/"))

    assert html.count("(no such account)") == 21
    user_lookups = [q["sql"] for q in queries.captured_queries if "auth_user" in q["sql"]]
    # The session's user, the rows' staff accounts, the filter's staff members.
    assert len(user_lookups) <= 3, user_lookups


def _options(html: str) -> str:
    select = html[html.index('<select id="audit-actor"') :]
    return select[: select.index("</select>")]


def test_the_staff_member_filter_lists_staff_and_names_the_rest_for_what_they_are(
    admin_client, sign_in_events
):
    select = _options(_text(admin_client.get("/audit/")))

    staff = select[select.index('<optgroup label="Staff members">') :]
    staff = staff[: staff.index("</optgroup>")]
    assert re.findall(r">([^<]+)</option>", staff) == [
        "gone (no account now)",
        "mona",
    ]
    others = select[select.index('<optgroup label="Not a staff member">') :]
    assert re.findall(r'value="([^"]+)"[^>]*>([^<]+)</option>', others) == [
        ("anonymous", "nobody signed in"),
        ("manage.py", "command line (manage.py)"),
    ]
    # Choosing one still filters by what is stored.
    html = _text(admin_client.get("/audit/", {"actor": "manage.py"}))
    assert len(_rows(html)) == 1
    assert '<option value="manage.py" selected>command line (manage.py)</option>' in html


def test_without_sign_in_events_the_filter_is_one_plain_list(support_client, sign_in_events):
    select = _options(_text(support_client.get("/audit/")))

    assert "optgroup" not in select
    assert "anonymous" not in select
    assert re.findall(r">([^<]+)</option>", select) == ["Anyone", "mona"]


def test_a_text_direction_control_typed_as_a_username_is_written_out(admin_client, game_tables):
    # Anyone can type this at the sign-in page; shown as is, it would read "okexe.png".
    _record("staff#ok\u202egnp.exe", "anonymous", "sign_in_failed", after={"address": "10.0.0.9"})
    html = _text(admin_client.get("/audit/"))
    row = _row(html, "Sign-in failed", "gnp.exe")
    assert '<code dir="auto">ok⟨U+202E⟩gnp.exe</code> (no such account)' in row
    assert "\u202e" not in html
    response = admin_client.get("/audit/export.csv")
    csv = b"".join(response.streaming_content).decode()
    assert "ok⟨U+202E⟩gnp.exe" in csv
    assert "\u202e" not in csv
