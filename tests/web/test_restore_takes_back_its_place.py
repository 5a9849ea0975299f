"""A restored question takes back its place in the game's order (DynamoDB's scan order depends
on the key, though it is not key order), so the daily sets its retirement reshuffled go back
to what they were: the Restore dialog says so beside "no day's set is certain to change" (a
newcomer had found the sets changed back, and the dialog silent about it)."""

from __future__ import annotations

import re

import pytest

from tests.support.daily import reference_client, reference_pool
from tests.support.questions import make_question, retire, seed
from truthbyte_admin.retired import services as retired_services


@pytest.fixture
def pool(game_tables):
    seed(*[make_question(f"q{n:02d}", ["science"], 1 + n % 4) for n in range(1, 61)])
    return game_tables


def test_a_restored_question_is_back_in_its_place_among_the_others(pool):
    before = reference_pool(reference_client())
    copy = retire("q06")
    seed(make_question("q99", ["science"], 2))  # the bank changes meanwhile
    retired_services.restore_question(question_id="q06", retired_key=copy.retired_key, actor="ana")
    after = reference_pool(reference_client())
    assert [qid for qid in after if qid != "q99"] == before


def test_the_restore_dialog_says_the_days_go_back(pool, editor_client):
    copy = retire("q06")
    page = editor_client.get(
        "/questions/retired/q06/restore/",
        {"retired_key": copy.retired_key},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert 'data-impact-kind="joins"' in page
    said = re.search(r'data-testid="restore-same-place">(.*?)</p>', page).group(1)
    assert "takes back the place it had before it was retired" in said
    assert "go back to the sets they had then" in said
    # Why some days are "maybe" although the place is its own (editor probe: it read as a
    # contradiction), and no word of a "new" question.
    assert "can only be read once it is back" in said
    assert "a new question may land" not in page
    # Read next to the summary, before the list of days marked "maybe".
    summary, same_place = page.index('data-testid="impact-summary"'), page.index(said)
    assert summary < same_place < page.index('data-testid="impact-days"')
    # "No day's set is certain to change; 30 more change …" had read as a contradiction.
    text = re.search(r'data-testid="impact-summary">(.*?)</p>', page, re.S).group(1)
    assert re.search(
        r"; \d+ more may, if it lands early in that order \(known once it is back\):$", text
    )


def test_with_no_day_certain_the_maybe_days_are_not_called_more():
    import datetime as dt
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    days = [dt.date(2026, 12, 7), dt.date(2026, 12, 8)]
    impact = SimpleNamespace(
        kind="joins", changed_days=[], maybe_days=days, days=30, changed_rows=[], start=days[0]
    )
    change = SimpleNamespace(
        impact=impact, pool_full=False, read_at=dt.datetime(2026, 12, 7, 9, 30), pool_size=900
    )
    html = render_to_string("daily/_change_impact.html", {"change": change, "restoring": True})
    text = re.search(r'data-testid="impact-summary">(.*?)</p>', html, re.S).group(1)
    assert text == (
        "No day’s set is certain to change; 2 may, if it lands early in that order (known once "
        "it is back):"
    )
