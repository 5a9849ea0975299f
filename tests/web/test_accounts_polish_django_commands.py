"""Django's createsuperuser and changepassword are refused (they skip the audit log, and
createsuperuser took the reserved username "manage.py"): each says the create_staff command that
does it instead, and exits 1, whatever its arguments."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from truthbyte_admin.accounts.management.commands import changepassword, createsuperuser

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("command", "instead"),
    [
        (createsuperuser.Command, "`manage.py create_staff USERNAME --role admin`"),
        (changepassword.Command, "`manage.py create_staff USERNAME` (it asks for the new"),
    ],
)
def test_from_the_command_line_it_is_refused_pointing_to_create_staff(capsys, command, instead):
    name = command.__module__.rsplit(".", 1)[-1]

    with pytest.raises(SystemExit) as exited:
        command().run_from_argv(["manage.py", name, "--username", "manage.py", "--noinput"])

    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert f"`manage.py {name}` is not used here: it would skip the audit log." in err
    assert f"Instead run {instead}" in err
    assert "See `manage.py create_staff --help`. Nothing changed." in err
    assert not User.objects.exists()


def test_called_from_code_it_is_refused_too():
    with pytest.raises(CommandError, match="skip the audit log") as refused:
        call_command(createsuperuser.Command(), "manage.py")

    assert refused.value.returncode == 1
    assert not User.objects.exists()


def test_manage_py_runs_these_not_djangos():
    from django.core.management import get_commands

    commands = get_commands()
    assert commands["createsuperuser"] == "truthbyte_admin.accounts"
    assert commands["changepassword"] == "truthbyte_admin.accounts"
