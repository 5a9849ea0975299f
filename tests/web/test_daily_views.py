"""Daily set pages through Django's test client: parameters, content, request counts, caching."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from datetime import time as dt_time

import pytest
from django.template.loader import render_to_string

from tests.support import game_writes
from tests.support.cache_clock import cache_clock
from tests.support.daily import (
    game_question,
    ids_on_page,
    range_rows,
    reference_client,
    reference_pool,
    reference_set,
    seed_questions,
)
from tests.support.requests import assert_dynamodb_requests
from truthbyte_admin.core import clock, served_days
from truthbyte_admin.daily import selectors
from truthbyte_admin.daily.queries import CandidateChange
from truthbyte_admin.data import questions as questions_repo
from truthbyte_admin.data import tables
from truthbyte_admin.data.models import Question
from truthbyte_admin.data.questions import add_question_change
from truthbyte_admin.data.transactions import Transaction
from truthbyte_admin.questions.selectors import question_detail


@pytest.fixture
def small_pool(game_tables):
    seed_questions(40, every_hard=4)  # 30 eligible: one scan page
    return reference_pool(reference_client())


# --- parameters --------------------------------------------------------------------------------


def test_default_date_is_today_utc(small_pool, support_client):
    today = datetime.now(UTC).date()
    response = support_client.get("/daily/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-day="{today.isoformat()}"' in html
    assert ids_on_page(html) == reference_set(small_pool, today)
    assert "Today" in html


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("2025-02-30", "is not a real date"),
        ("2025-13-01", "is not a real date"),
        ("2025-1-1", "must be a date written YYYY-MM-DD"),
        ("yesterday", "must be a date written YYYY-MM-DD"),
        ("2025-01-01T00:00", "must be a date written YYYY-MM-DD"),
        ("<script>", "must be a date written YYYY-MM-DD"),
    ],
)
def test_bad_date_is_a_400_page_with_the_reason(game_tables, support_client, raw, reason):
    with assert_dynamodb_requests(0):
        response = support_client.get("/daily/", {"date": raw})
    assert response.status_code == 400
    html = response.content.decode()
    assert reason in html
    assert "<script>" not in html.split("<main", 1)[1]
    # A page that only reads: nothing could have been changed, so the page doesn't say it.
    assert "Something in the address wasn't valid." in html
    assert "nothing was changed" not in html


def test_a_day_typed_into_the_address_opens_that_day(small_pool, support_client):
    """/daily/2024-02-29/ is what staff guess; the day's page is /daily/?date=2024-02-29."""
    with assert_dynamodb_requests(0):
        response = support_client.get("/daily/2024-02-29/")
    assert response.status_code == 302
    assert response["Location"] == "/daily/?date=2024-02-29"
    page = support_client.get("/daily/2024-02-29/", follow=True).content.decode()
    assert ids_on_page(page) == reference_set(small_pool, date(2024, 2, 29))
    # Not a date: the day page says why, quoting what was typed (escaped).
    refused = support_client.get("/daily/<b>abc&x=1/", follow=True)
    assert refused.redirect_chain == [("/daily/?date=%3Cb%3Eabc%26x%3D1", 302)]
    assert refused.status_code == 400
    assert "must be a date written YYYY-MM-DD" in refused.content.decode()
    assert "<b>abc" not in refused.content.decode().split("<main", 1)[1]


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"days": "7"}, "“Days” must be 14 or 30"),
        ({"days": "many"}, "“Days” must be 14 or 30"),
        ({"start": "2024-02-30", "days": "14"}, "is not a real date"),
        ({"start": "9999-12-19", "days": "14"}, "runs past the last date"),
    ],
)
def test_bad_range_params_are_a_400_page(game_tables, support_client, params, reason):
    response = support_client.get("/daily/range/", params)
    assert response.status_code == 400
    assert reason in response.content.decode()


def test_leap_day_and_neighbours(small_pool, support_client):
    html = support_client.get("/daily/", {"date": "2024-02-29"}).content.decode()
    assert 'href="?date=2024-02-28"' in html
    assert 'href="?date=2024-03-01"' in html
    assert ids_on_page(html) == reference_set(small_pool, date(2024, 2, 29))


def test_first_and_last_calendar_days_have_no_impossible_links(small_pool, support_client):
    # The first day the pages show (GAME_FIRST_DAY) offers no day before it, nor a range.
    first = support_client.get("/daily/", {"date": "2000-01-01"}).content.decode()
    assert 'rel="prev"' not in first
    assert 'href="?date=2000-01-02"' in first
    fortnight = support_client.get("/daily/range/", {"start": "2000-01-05", "days": "14"})
    assert 'href="?start=2000-01-01&amp;days=14"' in fortnight.content.decode()  # not 1999
    first_range = support_client.get("/daily/range/", {"start": "2000-01-01", "days": "14"})
    assert 'rel="prev"' not in first_range.content.decode()
    last = support_client.get("/daily/", {"date": "9999-12-31"}).content.decode()
    assert 'rel="next"' not in last
    assert 'href="?date=9999-12-30"' in last
    assert "Next 14 days from here" not in last  # they aren't all on the calendar
    # The calendar's last 14 days are a range like any other, with no "next" range.
    fortnight = support_client.get("/daily/range/", {"start": "9999-12-18", "days": "14"})
    assert fortnight.status_code == 200
    assert 'rel="next"' not in fortnight.content.decode()
    # Its date box names the day as UTC, as the set's own page does.
    assert '<label for="range-start">From (UTC day)</label>' in fortnight.content.decode()
    earlier = support_client.get("/daily/range/", {"start": "9999-12-04", "days": "14"})
    assert 'href="?start=9999-12-18&amp;days=14"' in earlier.content.decode()
    month = support_client.get("/daily/range/", {"start": "9999-12-04", "days": "30"})
    assert month.status_code == 400


def test_jump_form_and_navigation(small_pool, support_client):
    html = support_client.get("/daily/", {"date": "2025-12-31"}).content.decode()
    assert re.search(r'<form class="inline-form daily-jump" method="get" action="/daily/"', html)
    assert (
        '<input type="date" id="daily-date" name="date" value="2025-12-31" required '
        'min="2000-01-01">'
    ) in html
    assert 'href="?date=2026-01-01"' in html
    assert 'href="?date=2025-12-30"' in html
    assert '<label for="daily-date">Jump to date (UTC day)</label>' in html


# --- content -----------------------------------------------------------------------------------


def test_preview_shows_every_field_and_links_to_the_editor(small_pool, support_client):
    day = date(2026, 11, 25)
    html = support_client.get("/daily/", {"date": day.isoformat()}).content.decode()
    expected = reference_set(small_pool, day)
    assert ids_on_page(html) == expected
    n = int(expected[0][1:])
    item = game_question(n, 1 + n % 4)
    assert item["question"] in html
    assert f'href="/questions/{expected[0]}/"' in html
    for category in item["categories"]:
        assert f">{category}</span>" in html
    assert ("True" if item["answer"] else "False") in html
    assert 'data-testid="pool-size">30<' in html
    assert "current contents and reading order" in html
    assert "The reading reached the end of the question bank." in html


def test_past_date_says_it_is_recomputed_from_todays_table(small_pool, support_client):
    html = support_client.get("/daily/", {"date": "2020-01-01"}).content.decode()
    assert "recomputed from today’s questions" in html
    assert 'data-testid="past-note"' in html
    future = support_client.get("/daily/", {"date": "2099-01-01"}).content.decode()
    assert 'data-testid="past-note"' not in future


def test_htmx_request_gets_only_the_day_panel_and_its_title(small_pool, support_client):
    response = support_client.get("/daily/", {"date": "2025-01-02"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    title, panel = html.strip().split("\n", 1)
    assert title == "<title>Daily set 2025-01-02 · TruthByte Admin</title>"
    assert panel.lstrip().startswith('<section id="day-panel"')
    assert "<html" not in html
    assert ids_on_page(html) == reference_set(small_pool, date(2025, 1, 2))


def test_htmx_history_restore_gets_the_whole_page(small_pool, support_client):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    html = support_client.get("/daily/", {"date": "2025-01-02"}, headers=headers).content.decode()
    assert "<html" in html
    assert 'id="day-panel"' in html


def test_range_flags_repeats_and_lists_them(small_pool, support_client):
    start = date(2025, 12, 20)
    html = support_client.get("/daily/range/", {"start": start.isoformat(), "days": 30}).content
    html = html.decode()
    rows = range_rows(html)
    assert len(rows) == 30
    counts: dict[str, int] = {}
    for ids in rows.values():
        for qid in ids:
            counts[qid] = counts.get(qid, 0) + 1
    repeated = {qid for qid, n in counts.items() if n > 1}
    assert repeated  # 30 days x 10 from 30 questions must repeat
    assert set(re.findall(r'<tr data-repeat-id="([^"]+)"', html)) == repeated
    assert html.count('class="daily-repeat"') == sum(counts[q] for q in repeated)
    assert "one read of the pool" in html


def test_empty_table_is_refused_with_the_games_message(game_tables, support_client):
    html = support_client.get("/daily/").content.decode()
    assert "Not enough questions available for daily challenge" in html
    assert 'data-testid="pool-size">0<' in html


# --- request counts ------------------------------------------------------------------------


def test_one_day_and_thirty_days_make_the_same_requests(game_tables, support_client):
    seed_questions(1300, every_hard=4)  # 975 eligible: 3 scan pages, the last one ends the table
    with assert_dynamodb_requests() as one_day:
        assert support_client.get("/daily/", {"date": "2025-06-01"}).status_code == 200
    with assert_dynamodb_requests() as fourteen:
        support_client.get("/daily/range/", {"start": "2025-06-01", "days": 14})
    with assert_dynamodb_requests() as thirty:
        support_client.get("/daily/range/", {"start": "2025-06-01", "days": 30})
    assert one_day.requests == fourteen.requests == thirty.requests == 3
    assert one_day.operations == thirty.operations == ["scan"] * 3


def test_pages_are_bounded_by_the_pool_target_not_the_table(game_tables, support_client):
    seed_questions(2200, every_hard=0)  # everything eligible: the game stops after 2 pages
    with assert_dynamodb_requests(2) as stats:
        html = support_client.get("/daily/range/", {"days": 30}).content.decode()
    assert stats.items_read == 1000
    assert "Questions later in the reading order are not in the pool" in html


# --- the editor's daily-set panel: the cached pool ----------------------------------------------
# What the editor shows beside a question (questions.selectors.question_detail), computed over the
# data layer's cached pool by core/served_days.py, like the retire, restore and impact panels.

DAY = date(2025, 3, 1)


@pytest.fixture
def on_day(monkeypatch):
    """The app's clock (core/clock.py) at noon UTC on ``DAY``."""
    monkeypatch.setattr(clock, "utc_now", lambda: datetime.combine(DAY, dt_time(12), tzinfo=UTC))
    return DAY


@pytest.fixture
def later(monkeypatch):
    return cache_clock(monkeypatch)


def _days(question_id: str):
    return question_detail(question_id).daily_days


def test_the_editor_reads_the_pool_once_then_uses_the_cache(small_pool, on_day):
    with assert_dynamodb_requests() as cold:
        first = _days(small_pool[0])
    assert "scan" in cold.operations
    with assert_dynamodb_requests(2) as warm:  # the question and its history; no pool read
        again = _days(small_pool[1])
    assert warm.operations == ["get_item", "query"]
    assert first.cached_at == again.cached_at
    assert first.pool_size == 30
    assert first.in_pool
    window = [on_day + timedelta(days=n) for n in range(30)]
    assert first.dates == [d for d in window if small_pool[0] in reference_set(small_pool, d)]


def test_the_window_is_thirty_days_from_today_utc(small_pool, on_day):
    result = _days(small_pool[0])
    assert result.start == on_day
    assert result.days == 30
    assert all(on_day <= d < on_day + timedelta(days=30) for d in result.dates)


def test_an_edit_made_here_makes_the_editor_read_the_pool_again(small_pool, on_day):
    hard = Question.from_item(game_question(4, 5))  # difficulty 5: not in the pool
    before = _days(hard.id)
    assert not before.in_pool
    assert before.dates == []
    tx = Transaction()
    add_question_change(
        tx,
        before=None,
        after=Question(
            id="q_new", question="Is this brand new?", categories=["general"], difficulty=2
        ),
    )
    tx.execute()
    with assert_dynamodb_requests(1):  # one fresh pool read (what the editor's panel calls)
        after = served_days.days_served("q_new")
    assert after.in_pool
    assert after.pool_size == 31
    assert after.pool_size == len(reference_pool(reference_client()))


def test_preview_reads_fresh_while_the_editor_panel_may_lag(small_pool, support_client, on_day):
    warm = _days(small_pool[0])
    # The game writes a question (no generation bump in this process): the preview must see it
    # at once; the editor panel keeps its cached pool until the TTL runs out.
    game_writes.put(tables.QUESTIONS, game_question(9999, 1))  # straight to DynamoDB
    fresh_pool = reference_pool(reference_client())
    assert len(fresh_pool) == len(small_pool) + 1
    with assert_dynamodb_requests(1):
        html = support_client.get("/daily/", {"date": on_day.isoformat()}).content.decode()
    assert ids_on_page(html) == reference_set(fresh_pool, on_day)
    assert 'data-testid="pool-size">31<' in html
    with assert_dynamodb_requests(2):  # the question and its history
        lagging = _days(small_pool[0])
    assert lagging.pool_size == warm.pool_size == 30


def test_the_editor_sees_the_games_writes_once_the_pool_is_a_minute_old(small_pool, on_day, later):
    assert _days(small_pool[0]).pool_size == 30
    game_writes.put(tables.QUESTIONS, game_question(9999, 1))  # straight to DynamoDB
    later(59)
    with assert_dynamodb_requests(2):
        assert _days(small_pool[0]).pool_size == 30
    later(2)
    assert _days(small_pool[0]).pool_size == 31


def test_the_retire_dialog_and_check_impact_agree_on_a_question_leaving(small_pool, on_day):
    qid = small_pool[0]
    retiring = question_detail(qid).retire_impact
    with assert_dynamodb_requests(1):  # the stored question; the pool is the editor's, cached
        to_five = selectors.candidate_impact(CandidateChange(qid, difficulty=5, fields={}))
    assert retiring.impact.kind == to_five.impact.kind == "leaves"
    assert retiring.impact.changed_days == to_five.impact.changed_days
    assert retiring.impact.changed_days  # 30 questions: leaving moves the picks behind it
    assert retiring.read_at == to_five.read_at


def test_question_days_partial_renders_dates_and_read_time(small_pool, on_day):
    result = _days(small_pool[0])
    html = render_to_string("daily/_question_days.html", {"question_days": result})
    assert f"based on the pool as read at {result.cached_at:%H:%M} UTC".lower() in html.lower()
    assert "Changing this question’s difficulty to one outside 1–4, or adding" in html
    for day in result.dates:
        assert f'href="/daily/?date={day.isoformat()}"' in html
    missing = _days("q4")  # difficulty 5
    html = render_to_string(
        "daily/_question_days.html",
        {"question_days": missing, "question": questions_repo.get("q4")},
    )
    # The reason that applies to this question, not every reason there is.
    assert "Not in the daily pool" in html
    assert "picks only questions of difficulty 1–4, and this one has 5." in html
    assert "comes after that point" not in html
    assert "Changing this question’s difficulty to one of 1–4, or adding" in html
    # A difficulty the game never wrote (7) gets the same true sentence, not "to or from 5".
    html = render_to_string(
        "daily/_question_days.html",
        {"question_days": missing, "question": replace(questions_repo.get("q4"), difficulty=7)},
    )
    assert "this one has 7." in html
    assert "to one of 1–4" in html
    assert "from 5" not in html
    unread = replace(missing, pool_size=1000)  # a difficulty 2 question past the part read
    html = render_to_string(
        "daily/_question_days.html",
        {"question_days": unread, "question": replace(questions_repo.get("q4"), difficulty=2)},
    )
    assert "this one comes after that point. Its place in that order comes from its id" in html
    assert "stops once it has at least 1,000 questions of difficulty 1–4" in html  # POOL_TARGET
    assert "difficulty 1–4, and this one has" not in html
    assert "Changing this question’s difficulty" not in html


def test_question_days_partial_when_the_game_refuses(game_tables, on_day):
    seed_questions(3, every_hard=0)
    result = _days("q0")
    assert result.in_pool
    assert result.dates == []
    assert result.refused
    html = render_to_string("daily/_question_days.html", {"question_days": result})
    assert "Not enough questions available for daily challenge" in html


def test_pool_wording_says_the_scan_stops_after_a_page_not_at_the_target(
    game_tables, support_client
):
    seed_questions(2200, every_hard=0)
    html = support_client.get("/daily/").content.decode()
    assert "stops after the first batch that brings it to at least 1,000 questions" in html
    assert "stops scanning once it has" not in html
    # Counts of a thousand or more are grouped, as staff read them.
    assert re.search(r'data-testid="pool-size">\d,\d{3}<', html)


def test_range_shows_each_days_mix_and_texts(small_pool, support_client):
    html = support_client.get("/daily/range/", {"start": "2025-12-20", "days": 14}).content.decode()
    mixes = re.findall(r'data-testid="day-mix">(.*?)</td>', html, re.S)
    assert len(mixes) == 14
    for mix in mixes:
        true, false = map(int, re.search(r"True (\d+) / False (\d+)", mix).groups())
        assert true + false == 10
        levels = re.search(r"Difficulty 1:(\d+) · 2:(\d+) · 3:(\d+) · 4:(\d+)", mix).groups()
        assert sum(map(int, levels)) == 10
        assert len(re.findall(r"<li>", mix)) == 10  # the texts, on expansion
