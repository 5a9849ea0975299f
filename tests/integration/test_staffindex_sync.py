"""Keeping the index fresh: the admin's own writes at once, the game's through the sync
(DynamoDB Streams when on, full scans otherwise)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.support import game_writes as game
from tests.support.questions import form_data, make_question, seed
from tests.support.requests import assert_dynamodb_requests
from truthbyte_admin.data import questions as questions_repo
from truthbyte_admin.data import tables
from truthbyte_admin.staffindex import sync
from truthbyte_admin.staffindex.build import rebuild
from truthbyte_admin.staffindex.models import (
    IndexedPlayer,
    IndexedQuestion,
    IndexedSubmission,
    IndexState,
)

pytestmark = pytest.mark.django_db


def qids(**filters) -> set[str]:
    return set(IndexedQuestion.objects.filter(**filters).values_list("qid", flat=True))


def test_admin_writes_update_the_index_in_the_same_request(game_tables, editor_client):
    rebuild()
    seed(make_question("q01", ["science"], 2))  # an import: batch writes
    assert qids() == {"q01"}
    loaded = questions_repo.get("q01")
    with assert_dynamodb_requests() as stats:
        response = editor_client.post(
            "/questions/q01/", form_data(loaded, question="Is Paris in France, really?")
        )
    assert response.status_code in (200, 302)
    assert stats.operations[-1] == "transact_write_items"  # applied from the write: no re-read
    row = IndexedQuestion.objects.get(qid="q01")
    assert row.question == "Is Paris in France, really?"
    assert qids(category_rows__category="science") == {"q01"}


def test_scan_mode_sync_picks_up_game_writes_and_deletes(game_tables):
    game.question("q1", "Is Paris big?")
    rebuild()
    game.question("q2", "Is Rome old?")
    game.delete(tables.QUESTIONS, {"id": "q1"})
    game.game_submission("q_aaaa0001", "Is Oslo cold?", author="u1", at=10)
    report = sync.sync_once()
    assert set(report.mode.values()) == {"scan"}
    assert qids() == {"q2"}
    assert IndexedSubmission.objects.get(sid="q_aaaa0001").status == "pending"
    assert IndexState.objects.get(name="sync").data["mode"] == "scans"


def test_a_sync_for_an_environment_without_the_tables_leaves_the_index_as_it_is(
    game_tables, settings
):
    game.question("q1", "Is Paris big?")
    rebuild()
    settings.TRUTHBYTE_ENV = "prdo"  # a typo: no such tables at this endpoint
    report = sync.sync_once()
    assert report.mode[tables.QUESTIONS] == "missing"
    assert qids() == {"q1"}


def test_stream_mode_sync_follows_the_game(game_tables, capsys):
    call_command("enable_streams")
    assert "turned on" in capsys.readouterr().out
    call_command("enable_streams")
    assert "already on" in capsys.readouterr().out  # non-destructive
    rebuild()
    game.question("q1", "Is Paris big?", categories=("general", "capitals"))
    game.game_submission("q_aaaa0001", "Is Oslo cold?", author="u1", at=10)
    report = sync.sync_once()
    assert report.mode[tables.QUESTIONS] == "stream"
    assert report.records >= 2
    assert qids() == {"q1"}
    game.review("q_aaaa0001", "approved", at=20)
    game.delete(tables.QUESTIONS, {"id": "q1"})
    with assert_dynamodb_requests() as stats:
        sync.sync_once()
    assert "scan" not in stats.operations  # streams only, no table read
    assert qids() == set()
    assert IndexedSubmission.objects.get(sid="q_aaaa0001").status == "approved"
    assert IndexState.objects.get(name="sync").data["mode"] == "streams"


def test_drift_is_computed_by_the_sync(game_tables):
    game.question("q1", "Is Paris big?", categories=("general", "capitals"))
    game.put(
        tables.CATEGORIES, {"category_id": "capitals", "name": "Capitals", "question_count": 3}
    )
    rebuild()
    sync.sync_once()
    drift = IndexState.objects.get(name="drift").data["categories"]
    # general has questions and no stored count: it drifts too (the repair creates its count).
    assert drift == {
        "capitals": {"stored": 3, "indexed": 1},
        "general": {"stored": None, "indexed": 1},
    }


def test_stream_sync_goes_on_from_where_it_stopped_without_asking_again(game_tables):
    """Within one sync process each shard is read on from the iterator the last pass ended at:
    no GetShardIterator (DynamoDB Local, once restarted on its data, accepts no stored
    position at all)."""
    call_command("enable_streams")
    rebuild()
    game.question("q1", "Is Paris big?")
    sync.sync_once()
    game.question("q2", "Is Rome old?")
    with assert_dynamodb_requests() as stats:
        report = sync.sync_once()
    assert "streams.get_shard_iterator" not in stats.operations
    assert report.records == 1
    assert qids() == {"q1", "q2"}


def test_a_position_the_stream_no_longer_holds_means_a_full_read(game_tables, faults):
    """A restarted sync whose stored position the stream refuses (trimmed after 24 h on AWS;
    any position on a restarted DynamoDB Local) starts at the newest record and re-reads the
    table, so what it missed is indexed; the pass after follows the stream only."""
    call_command("enable_streams")
    rebuild()
    game.question("q1", "Is Paris big?")
    sync.sync_once()
    sync._open_iterators.clear()  # as after a restart of the sync
    game.question("q2", "Is Rome old?")
    game.delete(tables.QUESTIONS, {"id": "q1"})
    faults.fail_next(  # the questions' stream is read first, and only it has a position
        "GetShardIterator",
        error="ValidationException",
        message="Invalid SequenceNumber for the shard",
    )
    report = sync.sync_once()
    assert report.mode[tables.QUESTIONS] == "stream"
    assert report.items_read > 0  # the table was re-read
    assert qids() == {"q2"}
    game.question("q3", "Is Oslo cold?")
    with assert_dynamodb_requests() as stats:
        sync.sync_once()
    assert "scan" not in stats.operations
    assert qids() == {"q2", "q3"}


def test_a_stream_record_no_reader_takes_does_not_stop_the_sync(game_tables, capsys):
    # DynamoDB Local streams an empty map as {} (not {"M": {}}): boto3 refuses it, and the
    # sync retried that record every 5 s for ever, the players and categories left behind.
    call_command("enable_streams")
    rebuild()
    game.put(tables.USERS, {"user_id": "legacy.user", "daily_progress": {}, "last_active": "x"})
    game.question("q1", "Is Paris big?", categories=("general", "capitals"))
    report = sync.sync_once()
    assert report.mode[tables.USERS] == "stream"
    assert qids() == {"q1"}
    assert IndexedPlayer.objects.filter(user_id="legacy.user").exists()
