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

    clock = itertools.count(step=100.0)  # every pause is over at once
    monkeypatch.setattr(sync, "sync_once", one_pass)
    monkeypatch.setattr(sync.time, "monotonic", lambda: next(clock))
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
    down = [ConnectionError("nothing answered")] * 25
    _follow(monkeypatch, [_idle(), *down, _idle()])
    logged = [(r.getMessage(), bool(r.exc_info)) for r in caplog.records]
    assert logged == [
        ("index sync failed; retrying every 5 s", True),
        ("index sync still failing (12 tries in a row): ConnectionError: nothing answered", False),
        ("index sync still failing (24 tries in a row): ConnectionError: nothing answered", False),
        ("index sync works again after 25 failed tries", False),
    ]
