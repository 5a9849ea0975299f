"""The daily-set impact's summary line, as the retire dialog and the editor show it."""

from __future__ import annotations

import datetime as dt
import html
import re

from django.template.loader import render_to_string

from truthbyte_admin.domain.daily_impact import ChangeImpact, DayImpact, PoolImpact

START = dt.date(2026, 12, 6)


def _summary(kind: str, on_days: list[int]) -> str:
    rows = [
        DayImpact(START + dt.timedelta(days=n), ("a",), ("b",), question_on_day=n in on_days)
        for n in range(30)
    ]
    impact = PoolImpact("q1", START, 30, kind, rows)
    change = ChangeImpact(impact, pool_size=100, read_at=dt.datetime(2026, 12, 6, tzinfo=dt.UTC))
    page = render_to_string("daily/_change_impact.html", {"change": change})
    found = re.search(r'data-testid="impact-summary">(.*?)</p>', page, re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1)))


def test_a_question_only_in_todays_set_says_so_not_zero_more():
    # "In today’s set only, … also reshuffles 29 other days" read as a contradiction.
    assert _summary("leaves", [0]).startswith(
        "In today’s set, and in no other of the next 30 days’ sets; removing it also reshuffles "
        "29 other days"
    )
    assert _summary("edited", [0]).startswith(
        "In today’s set, and in no other of the next 30 days’ sets:"
    )


def test_today_and_more_days_and_later_days_only():
    assert _summary("leaves", [0, 3]).startswith("In today’s set and on 1 more of the next 30")
    assert _summary("leaves", [3, 4]).startswith("On 2 of the next 30 days;")
