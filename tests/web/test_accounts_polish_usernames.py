"""create_staff refuses a new account whose username is an existing one but for capitals
("NEWBIE" beside "newbie"), naming the existing one, and a username holding invisible characters
(a text-direction control such as U+202E, a zero-width space, a control character), naming
them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from tests.conftest import STAFF_PASSWORD
from truthbyte_admin.accounts import staff
from truthbyte_admin.accounts.roles import role_label

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _password(game_tables, monkeypatch):
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", STAFF_PASSWORD)


@pytest.mark.parametrize("other", ["NEWBIE", "NewBie"])
def test_a_username_existing_but_for_capitals_is_refused_naming_it(capsys, other):
    call_command("create_staff", "newbie", "--role", "editor", "--noinput")

    with pytest.raises(CommandError) as refused:
        call_command("create_staff", other, "--role", "editor", "--noinput")

    message = str(refused.value)
    assert f"There is no account {other!r}, but there is 'newbie'" in message
    assert "differ only in capitals" in message
    assert "Nothing changed." in message
    assert list(User.objects.values_list("username", flat=True)) == ["newbie"]


def test_capitals_beyond_ascii_are_matched_too(capsys):
    call_command("create_staff", "émile", "--role", "editor", "--noinput")

    with pytest.raises(CommandError, match="but there is 'émile'"):
        call_command("create_staff", "ÉMILE", "--role", "editor", "--noinput")


def test_deactivating_by_the_wrong_capitals_names_the_account(capsys):
    call_command("create_staff", "newbie", "--role", "editor", "--noinput")

    with pytest.raises(CommandError) as refused:
        call_command("create_staff", "NEWBIE", "--deactivate")

    assert "run the command with 'newbie' to change that one" in str(refused.value)
    assert User.objects.get(username="newbie").is_active


def test_the_exact_username_still_changes_its_account(capsys):
    call_command("create_staff", "newbie", "--role", "editor", "--noinput")

    call_command("create_staff", "newbie", "--role", "moderator", "--keep-password")

    assert "Role of 'newbie': Editor → Moderator." in capsys.readouterr().out


@pytest.mark.parametrize(
    ("username", "named"),
    [
        ("ada\u202eevil", "U+202E right-to-left override"),
        ("a\u200bda", "U+200B zero width space"),
        ("\ufeffada", "U+FEFF zero width no-break space"),
        ("ad\x07a", "U+0007"),
    ],
)
def test_a_username_with_invisible_characters_is_refused_naming_them(username, named):
    with pytest.raises(CommandError) as refused:
        call_command("create_staff", username, "--role", "editor", "--noinput")

    message = str(refused.value)
    assert message.startswith("The username contains an invisible character (")
    assert named in message
    assert message.endswith("remove it. Nothing changed.")
    assert not User.objects.exists()


def test_the_check_names_each_kind_once():
    problem = staff.invisible_characters_problem("a\u202eb\u202ec\u200b")

    assert problem == (
        "The username contains invisible characters (U+202E right-to-left override, U+200B "
        "zero width space): remove them."
    )
    assert staff.invisible_characters_problem("ada") is None


def test_a_full_width_name_does_not_change_the_account_sign_in_reads_it_as(capsys):
    # "ａｄｍｉｎ" is sign-in's "admin" (NFKC): it had changed admin's role and password unasked.
    call_command("create_staff", "admin", "--role", "admin", "--noinput")

    with pytest.raises(CommandError) as refused:
        call_command("create_staff", "ａｄｍｉｎ", "--role", "support", "--noinput")

    assert (
        "'ａｄｍｉｎ' is written with characters that sign-in reads as 'admin', an existing account"
        in str(refused.value)
    )
    assert "Nothing changed." in str(refused.value)
    assert role_label(staff.find("admin")) == "Admin"


def test_a_name_mixing_look_alike_alphabets_is_refused_naming_the_odd_letter(capsys):
    call_command("create_staff", "admin", "--role", "admin", "--noinput")

    with pytest.raises(CommandError) as refused:
        call_command("create_staff", "\u0430dmin", "--role", "support", "--noinput")

    message = str(refused.value)
    assert "mixes alphabets (U+0430 cyrillic small letter a among Latin letters)" in message
    assert "Nothing changed." in message
    assert list(User.objects.values_list("username", flat=True)) == ["admin"]


@pytest.mark.parametrize("name", ["émile", "Ελένη", "аня", "jo_2"])
def test_names_of_one_alphabet_are_accepted(capsys, name):
    call_command("create_staff", name, "--role", "editor", "--noinput")

    assert staff.find(name) is not None


def test_an_accent_typed_as_two_characters_still_names_the_account(capsys):
    # "e" + a combining accent is how some keyboards send "é": the same name, not a look-alike.
    call_command("create_staff", "émile", "--role", "editor", "--noinput")

    call_command("create_staff", "e\u0301mile", "--role", "moderator", "--keep-password")

    assert "Role of 'émile': Editor → Moderator." in capsys.readouterr().out
