"""``sync_index --follow``'s log over a long run (operator probe: an idle pass was said every
second, and a DynamoDB outage logged a 100-line traceback every 5 seconds). The passes here are
stand-ins: what is tested is what ``follow`` says of them, not the sync."""

from __future__ import annotations

import itertools
import logging

from truthbyte_admin.staffindex import sync
from truthbyte_admin.staffindex.sync import SyncReport


def _follow(monkeypatch, outcomes: list) -> list[str]:
    passes = iter(outcomes)
    left = len(outcomes)

    def one_pass(segments):
        nonlocal left
        left -= 1
        outcome = next(passes)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    clock = itertools.count(step=1.0)  # a second each time it is read; no real waiting
    monkeypatch.setattr(sync, "sync_once", one_pass)
    monkeypatch.setattr(sync.time, "monotonic", lambda: next(clock))
    monkeypatch.setattr(sync.time, "sleep", lambda seconds: None)
    said: list[str] = []
    sync.follow(stop=lambda: left == 0, say=said.append)
    return said


def _idle() -> SyncReport:
    return SyncReport(mode={"questions": "stream"})


def test_passes_that_change_nothing_are_said_once(monkeypatch):
    busy = SyncReport(mode={"questions": "stream"}, records=3)
    said = _follow(monkeypatch, [_idle(), _idle(), _idle(), busy, _idle()])
    assert said == [
        "synced (questions: stream; 0 stream records, 0 items scanned)",
        "synced (questions: stream; 3 stream records, 0 items scanned)",
    ]


def test_an_outage_logs_one_traceback_then_a_line_a_minute_then_its_end(monkeypatch, caplog):
    caplog.set_level(logging.WARNING, logger=sync.log.name)
    down = [ConnectionError("nothing answered")] * 25  # each try and pause: about 6 s
    _follow(monkeypatch, [_idle(), *down, _idle()])
    logged = [(r.getMessage(), bool(r.exc_info)) for r in caplog.records]
    assert logged[0] == ("index sync failed; retrying every 5 s", True)
    minutes = logged[1:-1]
    assert 1 <= len(minutes) <= 3  # 25 tries of ~6 s: one line a minute
    assert all(not traced and "still failing" in said for said, traced in minutes)
    assert logged[-1] == ("index sync works again after 25 failed tries", False)


def test_a_failure_of_another_kind_logs_its_own_traceback(monkeypatch, caplog):
    caplog.set_level(logging.WARNING, logger=sync.log.name)
    _follow(monkeypatch, [ConnectionError("down"), ConnectionError("down"), KeyError("bug")])
    traced = [r.exc_info[0] for r in caplog.records if r.exc_info]
    assert traced == [ConnectionError, KeyError]
