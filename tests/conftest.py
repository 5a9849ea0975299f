"""The test rig: a real DynamoDB wire-protocol server (moto, HTTP on loopback) for the session,
and a fresh set of tables under a unique prefix for each test that asks for them."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from tests.support.moto_server import MotoServer

CURATED = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "truthbyte"
    / "data"
    / "curated_questions.jsonl"
)
_env_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def moto_server():
    server = MotoServer().start()
    yield server
    server.stop()


@pytest.fixture
def dynamodb(moto_server, settings):
    """An empty DynamoDB (moto reset) with its own table prefix; no tables yet."""
    moto_server.reset()
    settings.DYNAMODB_ENDPOINT_URL = moto_server.url
    settings.TRUTHBYTE_ENV = f"t{next(_env_numbers)}"
    from django.core.cache import cache

    cache.clear()
    yield moto_server


@pytest.fixture
def game_tables(dynamodb):
    """All tables of the catalogue, created and empty (deployed categories schema)."""
    from truthbyte_admin.data import tables

    tables.create_missing_tables("category_id", wait=False)
    return dynamodb


@pytest.fixture
def faults(dynamodb):
    return dynamodb.injector


@pytest.fixture
def curated_path():
    if not CURATED.exists():
        pytest.skip(f"real game data not present ({CURATED})")
    return CURATED


# --- staff users -----------------------------------------------------------------------------

STAFF_PASSWORD = "correct-horse-battery-staple-42"


def _make_staff(username: str, role: str):
    from django.contrib.auth.models import Group, User

    from truthbyte_admin.accounts.roles import ALL_GROUPS, ROLE_GROUPS

    for name in ALL_GROUPS:
        Group.objects.get_or_create(name=name)
    user = User.objects.create_user(
        username, password=STAFF_PASSWORD, is_staff=True, is_superuser=(role == "admin")
    )
    if role != "admin":
        user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
    return user


@pytest.fixture
def make_staff(db):
    return _make_staff


@pytest.fixture
def moderator_client(client, make_staff):
    client.force_login(make_staff("mona", "moderator"))
    return client


@pytest.fixture
def editor_client(client, make_staff):
    client.force_login(make_staff("eddie", "editor"))
    return client


@pytest.fixture
def support_client(client, make_staff):
    client.force_login(make_staff("sam", "support"))
    return client


@pytest.fixture
def admin_client(client, make_staff):
    client.force_login(make_staff("ada", "admin"))
    return client
