"""The test rig: Amazon's DynamoDB Local (in memory, on a free loopback port) for the session,
and a fresh set of tables under a unique prefix for each test that asks for them.

Faults that no emulator produces (throttling, 500s, lost or late answers) come from a small
proxy in front of DynamoDB Local (``tests/support/fault_proxy.py``): a test that asks for
``faults`` talks to DynamoDB through it."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest

from scripts.dynamodb_local import DynamoDBLocal, DynamoDBLocalError
from tests.support import game_day, postgres
from tests.support.fault_proxy import FaultProxy
from tests.support.table_pool import CataloguePool

CURATED = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "truthbyte"
    / "data"
    / "curated_questions.jsonl"
)
_env_numbers = itertools.count(1)


def pytest_configure(config):
    game_day.start()  # before collection: module-level dates are on the session's day too


def pytest_unconfigure(config):
    game_day.stop()


@pytest.fixture(scope="session")
def dynamodb_server(tmp_path_factory):
    log_path = tmp_path_factory.mktemp("dynamodb-local") / "server.log"
    # A port found free can be taken before the JVM binds it (pytest-xdist workers start their
    # servers at the same moment): then another port.
    for attempt in range(3):
        try:
            server = DynamoDBLocal(in_memory=True, log_path=log_path).start()
            break
        except DynamoDBLocalError:
            if attempt == 2:
                raise
    proxy = FaultProxy(server.url).start()
    server.fault_proxy = proxy
    server.table_pool = CataloguePool(server.url)
    yield server
    proxy.stop()
    server.stop()


@pytest.fixture
def dynamodb(dynamodb_server, settings):
    """An empty DynamoDB: this test's own table prefix (no tables yet), dropped afterwards."""
    settings.DYNAMODB_ENDPOINT_URL = dynamodb_server.url
    settings.TRUTHBYTE_ENV = f"t{next(_env_numbers)}"
    from django.core.cache import cache

    cache.clear()
    yield dynamodb_server
    if not dynamodb_server.table_pool.holds(settings.TRUTHBYTE_ENV):
        dynamodb_server.table_pool.drop(settings.TRUTHBYTE_ENV)


@pytest.fixture
def game_tables(dynamodb, settings):
    """All tables of the catalogue, existing and empty (deployed categories schema).

    Creating nine tables takes DynamoDB Local ~0.4 s, most of a small test's time, so a
    catalogue left exactly as created (same tables, indexes and streams) is emptied after the
    test and handed to the next one; anything else is dropped.
    """
    from truthbyte_admin.data import tables

    pool = dynamodb.table_pool
    reused = pool.take()
    if reused:
        settings.TRUTHBYTE_ENV = reused
    else:
        tables.create_missing_tables("category_id", wait=False)
        pool.remember_pristine(settings.TRUTHBYTE_ENV)
    yield dynamodb
    pool.give_back(settings.TRUTHBYTE_ENV)


@pytest.fixture
def faults(dynamodb, settings):
    """The fault-injecting proxy; the app talks to DynamoDB through it for this test."""
    proxy = dynamodb.fault_proxy
    proxy.clear()
    settings.DYNAMODB_ENDPOINT_URL = proxy.url
    yield proxy
    proxy.clear()


@pytest.fixture
def curated_path():
    if not CURATED.exists():
        pytest.skip(f"real game data not present ({CURATED})")
    return CURATED


# --- the staff database: a real PostgreSQL server, as in production ---------------------------


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server for the session, or None when it can't be started here (then the
    staff database is SQLite in memory, and tests that need PostgreSQL skip saying why).
    TRUTHBYTE_TEST_DATABASE=sqlite chooses SQLite on purpose."""
    if os.environ.get("TRUTHBYTE_TEST_DATABASE") == "sqlite":
        yield None
        return
    if postgres.unavailable_reason():
        yield None
        return
    server = postgres.PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture
def postgres_only(postgres_server):
    if postgres_server is None:
        reason = postgres.unavailable_reason() or "TRUTHBYTE_TEST_DATABASE=sqlite"
        pytest.skip(f"needs PostgreSQL: {reason}")
    return postgres_server


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, postgres_server):
    """pytest-django's hook, before it creates the test database: point the staff database at
    the PostgreSQL server."""
    if postgres_server is None:
        return
    import dj_database_url
    from django.db import connections

    config = dj_database_url.parse(postgres_server.url("truthbyte"), conn_max_age=0)
    connections.databases["default"].clear()
    connections.databases["default"].update(config)
    connections.configure_settings(connections.databases)
    del connections["default"]


@pytest.fixture(scope="session", autouse=True)
def _staff_database_chosen_first(django_db_modify_db_settings):
    """Before any other fixture: pytest-django's live_server captures the database connection
    when it starts, so the switch to PostgreSQL must come before it."""


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, postgres_server):
    """pytest-django's, plus: before it drops the test database, end the sessions that threads
    of some tests left open (PostgreSQL won't drop a database in use)."""
    yield
    if postgres_server is not None:
        from django.db import connections

        name = connections["default"].settings_dict["NAME"]
        connections.close_all()
        postgres_server.disconnect_all(name)


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
    """An admin past both factors (with debug off admins must have one: TRUTHBYTE_REQUIRE_2FA)."""
    from tests.support.staff import force_login_verified

    force_login_verified(client, make_staff("ada", "admin"))
    return client


def pytest_collection_modifyitems(items):
    """Everything under tests/browser/ is a browser test (`make test-fast` leaves them out);
    a ``pytestmark`` in that folder's conftest would not reach its modules."""
    for item in items:
        if "browser" in item.path.parts[-2:-1]:
            item.add_marker(pytest.mark.browser)
