"""manage.py create_staff USERNAME --role moderator|editor|support|admin [--noinput]"""

from __future__ import annotations

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ...roles import ALL_GROUPS, ROLE_GROUPS


class Command(BaseCommand):
    help = "Create (or update the role and password of) a staff account."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=[*ROLE_GROUPS, "admin"])
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_true",
            help="Take the password from DJANGO_STAFF_PASSWORD instead of prompting.",
        )

    def handle(self, *args, username: str, role: str, noinput: bool, **options):
        if noinput:
            password = os.environ.get("DJANGO_STAFF_PASSWORD", "")
            if not password:
                raise CommandError("--noinput needs the password in DJANGO_STAFF_PASSWORD.")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords don't match.")
        User = get_user_model()
        user = User.objects.filter(username=username).first() or User(username=username)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        for name in ALL_GROUPS:
            Group.objects.get_or_create(name=name)
        user.is_staff = True
        user.is_superuser = role == "admin"
        user.set_password(password)
        user.save()
        user.groups.set([] if role == "admin" else [Group.objects.get(name=ROLE_GROUPS[role])])
        self.stdout.write(self.style.SUCCESS(f"Staff account {username!r} ready, role {role}."))
