"""An htmx refresh of the profile's calendar or facts table reads only the player record: the
staff changes (one SQL query of the audit copy) are not on it, so they are not read."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.support.players_game import player_counted_whatever_the_score
from tests.support.requests import assert_dynamodb_requests
from truthbyte_admin.auditlog.models import AuditRecord

pytestmark = pytest.mark.django_db

AUDIT_TABLE = AuditRecord._meta.db_table


def _audit_queries(queries) -> int:
    return sum(AUDIT_TABLE in query["sql"] for query in queries.captured_queries)


@pytest.fixture
def player(game_tables):
    return player_counted_whatever_the_score([90, 50, 90], stored_streak=3)


@pytest.mark.parametrize("target", ["calendar-section", "facts-section"])
def test_a_refresh_reads_no_staff_changes(support_client, player, target):
    with assert_dynamodb_requests(1), CaptureQueriesContext(connection) as queries:
        response = support_client.get(
            f"/players/{player}/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET=target
        )
    assert response.status_code == 200
    assert _audit_queries(queries) == 0
    assert f'id="{target}"' in response.content.decode()


def test_the_whole_profile_reads_them_in_one_query(support_client, player):
    with CaptureQueriesContext(connection) as queries:
        response = support_client.get(f"/players/{player}/")
    assert _audit_queries(queries) == 1
    assert 'data-testid="staff-changes"' in response.content.decode()
