"""The sign-in lockout (django-axes, counters in the staff database): keyed on username and
address so nobody can lock a real user out from elsewhere, look-alike usernames counted as the
account they sign in to, the configured duration honoured, proxies believed only when trusted,
and every failure and lockout in the audit log."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from axes.models import AccessAttempt

from tests.conftest import STAFF_PASSWORD
from tests.support.staff import LOCKOUT_LIMIT, sign_in_attempt, small_lockout_limits
from truthbyte_admin.accounts import events

ATTACKER = "203.0.113.9"
VICTIM_DESK = "198.51.100.7"
ELSEWHERE = "192.0.2.44"
LIMIT = LOCKOUT_LIMIT


@pytest.fixture(autouse=True)
def _limits(settings, game_tables):
    small_lockout_limits(settings)


def _login(client, username, password, address=ATTACKER, **headers):
    return sign_in_attempt(client, username, password, address, **headers)


def _fail(client, username, times, address=ATTACKER, **headers):
    return [_login(client, username, "wrong-password", address, **headers) for _ in range(times)]


def _signed_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


# --- the account + address lockout ---------------------------------------------------------------


def test_repeated_failures_lock_out_and_say_how_long(client, make_staff):
    make_staff("mona", "moderator")

    responses = _fail(client, "mona", LIMIT)

    assert [r.status_code for r in responses] == [200] * (LIMIT - 1) + [429]
    assert "match a staff account" in responses[0].content.decode()
    locked = _login(client, "mona", STAFF_PASSWORD)  # even the right password
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Too many failed sign-ins" in html
    assert "Try again in 15 minutes" in html
    assert 890 <= int(locked["Retry-After"]) <= 900
    assert client.get("/")["Location"].startswith("/login/")  # not signed in


@pytest.mark.parametrize("username", ["mona", "nobody-here"])
def test_the_last_two_tries_before_the_pause_are_announced(client, make_staff, username):
    # The same for a name that is no account: django-axes counts both alike.
    make_staff("mona", "moderator")

    said = [_said(r) for r in _fail(client, username, LIMIT - 1)]

    assert all("match a staff account" in text for text in said)
    assert not any("sign-in pauses" in text for text in said[: LIMIT - 3])
    assert said[LIMIT - 3].endswith(
        "After 2 more wrong passwords for this username from this address, sign-in pauses for "
        "15 minutes."
    )
    assert said[LIMIT - 2].endswith(
        "After 1 more wrong password for this username from this address, sign-in pauses for "
        "15 minutes."
    )


def _said(response) -> str:
    html = response.content.decode()
    start = html.index('id="sign-in-error">') + len('id="sign-in-error">')
    return re.sub(r"<[^>]+>", "", html[start : html.index("</p>", start)]).replace("&#x27;", "'")


def test_failures_below_the_limit_do_not_lock_out(client, make_staff):
    make_staff("mona", "moderator")
    _fail(client, "mona", LIMIT - 1)

    assert _signed_in(_login(client, "mona", STAFF_PASSWORD))


def test_a_successful_sign_in_resets_the_count(client, make_staff):
    make_staff("mona", "moderator")
    _fail(client, "mona", LIMIT - 1)
    assert _signed_in(_login(client, "mona", STAFF_PASSWORD))
    client.post("/logout/")

    _fail(client, "mona", LIMIT - 1)

    assert _signed_in(_login(client, "mona", STAFF_PASSWORD))


def test_an_attacker_elsewhere_cannot_lock_the_real_user_out(client, make_staff):
    make_staff("victim_mod", "moderator")
    _fail(client, "victim_mod", LIMIT * 3, address=ATTACKER)  # locked out, and keeps trying

    assert _login(client, "victim_mod", STAFF_PASSWORD, ATTACKER).status_code == 429
    assert _signed_in(_login(client, "victim_mod", STAFF_PASSWORD, VICTIM_DESK))


def test_one_locked_account_does_not_lock_out_colleagues(client, make_staff):
    make_staff("mona", "moderator")
    make_staff("eddie", "editor")
    _fail(client, "mona", LIMIT)

    assert _signed_in(_login(client, "eddie", STAFF_PASSWORD))


# --- usernames are counted exactly as authentication reads them -------------------------------


def test_a_fullwidth_look_alike_counts_against_the_account_it_signs_in_to(client, make_staff):
    make_staff("victim_mod", "moderator")
    lookalike = "\uff56ictim_mod"  # ｖictim_mod: NFKC makes it victim_mod, as the login form does
    _fail(client, "victim_mod", LIMIT)

    assert _login(client, lookalike, STAFF_PASSWORD).status_code == 429  # no bypass
    assert _login(client, "victim_mod", STAFF_PASSWORD).status_code == 429  # and no reset


def test_look_alike_failures_lock_the_real_name(client, make_staff):
    make_staff("victim_mod", "moderator")
    _fail(client, "\uff56ictim_mod", LIMIT - 1)
    _fail(client, " victim_mod ", 1)

    assert _login(client, "victim_mod", STAFF_PASSWORD).status_code == 429


def test_the_look_alike_really_signs_in_as_the_account(client, make_staff):
    # Why the lockout must count it: Django's login form normalises it to the real username.
    make_staff("victim_mod", "moderator")

    assert _signed_in(_login(client, "\uff56ictim_mod", STAFF_PASSWORD))


def test_other_case_is_another_account_as_it_is_for_authentication(client, make_staff):
    # Django's usernames are case-sensitive: "MONA" can't sign in as mona, so guesses at "MONA"
    # never test mona's password and don't count against her.
    make_staff("mona", "moderator")
    _fail(client, "MONA", LIMIT)

    assert _signed_in(_login(client, "mona", STAFF_PASSWORD))


def test_an_absurd_username_is_a_plain_form_error(client, make_staff):
    response = _login(client, "x" * 10_000, "whatever")

    assert response.status_code == 200
    assert "match a staff account" in response.content.decode()


# --- duration --------------------------------------------------------------------------------


def _age_failures(seconds: int) -> None:
    AccessAttempt.objects.update(
        attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=seconds)
    )


def test_the_lockout_lasts_the_configured_time(client, make_staff, settings):
    make_staff("mona", "moderator")
    _fail(client, "mona", LIMIT)

    _age_failures(890)
    still = _login(client, "mona", STAFF_PASSWORD)
    assert still.status_code == 429
    assert "Try again in 10 seconds" in still.content.decode()

    _age_failures(901)
    assert _signed_in(_login(client, "mona", STAFF_PASSWORD))


def test_a_shorter_configured_lockout_is_honoured(client, make_staff, settings):
    settings.LOGIN_LOCKOUT_SECONDS = 120
    make_staff("mona", "moderator")
    responses = _fail(client, "mona", LIMIT)
    assert "Try again in 2 minutes" in responses[-1].content.decode()

    _age_failures(121)

    assert _signed_in(_login(client, "mona", STAFF_PASSWORD))


def test_tries_during_a_lockout_do_not_extend_it(client, make_staff):
    make_staff("mona", "moderator")
    _fail(client, "mona", LIMIT)
    _age_failures(600)

    _fail(client, "mona", 5)  # refused, not counted

    attempt = AccessAttempt.objects.get()
    assert attempt.failures_since_start == LIMIT
    assert "Try again in 5 minutes" in _login(client, "mona", "x").content.decode()


# --- the address scope and the slower per-username throttle ------------------------------------


def test_guessing_many_usernames_from_one_address_locks_that_address(client, make_staff):
    make_staff("mona", "moderator")
    for n in range(LIMIT * 4):
        _login(client, f"guess{n}", "wrong-password")

    refused = _login(client, "mona", STAFF_PASSWORD)
    assert refused.status_code == 429
    assert "from this address" in refused.content.decode()
    assert _signed_in(_login(client, "mona", STAFF_PASSWORD, VICTIM_DESK))


def test_many_addresses_guessing_one_account_are_throttled(client, make_staff):
    make_staff("mona", "moderator")
    for n in range(10):  # ten addresses, LIMIT guesses each: LIMIT * 10 failures
        _fail(client, "mona", LIMIT, address=f"203.0.113.{n + 100}")

    refused = _login(client, "mona", STAFF_PASSWORD, ELSEWHERE)
    assert refused.status_code == 429
    assert "from different places" in refused.content.decode()


def test_the_per_username_throttle_spares_addresses_the_user_signed_in_from(client, make_staff):
    make_staff("mona", "moderator")
    assert _signed_in(_login(client, "mona", STAFF_PASSWORD, VICTIM_DESK))
    client.post("/logout/", REMOTE_ADDR=VICTIM_DESK)
    for n in range(10):
        _fail(client, "mona", LIMIT, address=f"203.0.113.{n + 100}")

    assert _login(client, "mona", STAFF_PASSWORD, ELSEWHERE).status_code == 429
    assert _signed_in(_login(client, "mona", STAFF_PASSWORD, VICTIM_DESK))


# --- the client's address: a proxy header only when trusted ------------------------------------


def test_x_forwarded_for_is_ignored_without_trusted_proxies(client, make_staff):
    make_staff("mona", "moderator")
    for n in range(LIMIT):  # a new forged address each time
        _login(client, "mona", "wrong", ATTACKER, HTTP_X_FORWARDED_FOR=f"10.9.9.{n}")

    assert _login(client, "mona", STAFF_PASSWORD, ATTACKER).status_code == 429


def test_behind_a_trusted_load_balancer_clients_are_told_apart(client, make_staff, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    balancer = "10.0.3.17"  # every request arrives from the load balancer
    make_staff("mona", "moderator")
    for _ in range(LIMIT):
        _login(client, "mona", "wrong", balancer, HTTP_X_FORWARDED_FOR=ATTACKER)

    assert (
        _login(client, "mona", STAFF_PASSWORD, balancer, HTTP_X_FORWARDED_FOR=ATTACKER).status_code
        == 429
    )
    assert _signed_in(
        _login(client, "mona", STAFF_PASSWORD, balancer, HTTP_X_FORWARDED_FOR=VICTIM_DESK)
    )


def test_behind_a_trusted_proxy_a_forged_leftmost_entry_is_ignored(client, make_staff, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    make_staff("mona", "moderator")
    for n in range(LIMIT):  # the attacker forges a new left-most entry; the balancer appends
        _login(
            client, "mona", "wrong", "10.0.3.17", HTTP_X_FORWARDED_FOR=f"198.18.0.{n}, {ATTACKER}"
        )

    assert (
        _login(
            client,
            "mona",
            STAFF_PASSWORD,
            "10.0.3.17",
            HTTP_X_FORWARDED_FOR=f"198.18.0.99, {ATTACKER}",
        ).status_code
        == 429
    )


# --- the audit log -----------------------------------------------------------------------------


def test_failures_lockouts_and_sign_ins_are_audited(client, make_staff):
    make_staff("mona", "moderator")
    _fail(client, "mona", LIMIT)
    assert _signed_in(_login(client, "mona", STAFF_PASSWORD, VICTIM_DESK))

    entries = events.history("mona")

    actions = [e.action for e in reversed(entries)]
    assert actions == ["sign_in_failed"] * LIMIT + ["locked_out", "sign_in"]
    assert entries[0].after["address"] == VICTIM_DESK
    assert entries[1].after["address"] == ATTACKER
    assert entries[1].after["scope"] == "account"
    assert entries[1].actor == "anonymous"


def test_refused_tries_during_a_lockout_do_not_flood_the_audit_log(client, make_staff):
    make_staff("mona", "moderator")
    _fail(client, "mona", LIMIT + 10)

    assert len(events.history("mona")) == LIMIT + 1  # the failures and one lockout


def test_sign_out_is_audited(client, make_staff):
    make_staff("mona", "moderator")
    _login(client, "mona", STAFF_PASSWORD, VICTIM_DESK)

    client.post("/logout/", REMOTE_ADDR=VICTIM_DESK)

    assert events.history("mona")[0].action == "sign_out"


def test_a_dynamodb_outage_does_not_stop_sign_in(client, make_staff, faults):
    make_staff("mona", "moderator")
    faults.fail_next("PutItem", times=10)

    assert _signed_in(_login(client, "mona", STAFF_PASSWORD))
