"""The question list from the staff index: one search box with filters, sorts, totals and
full pages, and zero DynamoDB requests per page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.support import game_writes as game
from tests.support.requests import assert_dynamodb_requests
from truthbyte_admin.data import tables
from truthbyte_admin.data.models import Question
from truthbyte_admin.staffindex.build import rebuild
from truthbyte_admin.staffindex.models import IndexState


def ids(response) -> list[str]:
    return re.findall(r'<td><a href="/questions/([^/"]+)/"><code>', response.content.decode())


@pytest.fixture
def world(game_tables, db):
    for n in range(1, 31):
        game.question(
            f"q{n:02d}",
            f"Is question {n} about Rome?",
            title=f"Title {n}",
            categories=("general", "science" if n % 2 else "capitals"),
            difficulty=1 + n % 5,
        )
    game.question(
        "p1",
        "Is Paris the capital of France?",
        title="France",
        categories=("general", "capitals"),
        difficulty=1,
    )
    game.question("p2", "Is the Louvre in a city?", title="PARÍS museums", difficulty=2)
    game.question("p3", "Is this hard?", passage="The Seine crosses paris, France.", difficulty=5)
    game.put(
        tables.CATEGORIES,
        {"category_id": "capitals", "name": "Capital Cities", "question_count": 16},
    )
    rebuild()


def test_search_is_one_page_with_every_match_ranked_and_zero_dynamodb_requests(
    world, editor_client
):
    with assert_dynamodb_requests(0):
        response = editor_client.get("/questions/?q=paris")
    assert response.status_code == 200
    found = ids(response)
    assert set(found) == {"p1", "p2", "p3"}
    assert found[-1] == "p3"  # a passage-only match ranks below text and title matches
    html = response.content.decode()
    assert "3 questions matching “<bdi>paris</bdi>”" in html  # isolated: RTL text stays put
    assert "List brought up to date with the game" in html
    assert 'data-stale="0"' in html


def test_words_beyond_those_searched_are_named_not_claimed_to_match(world, editor_client):
    """13 different words: the 13th was not searched, and the page said the question matched
    it (create/search probe). It now names the words left out."""
    typed = "is paris the capital of france i pa ca fr th o xyzzy"  # each word starts p1's
    response = editor_client.get("/questions/", {"q": typed})
    html = response.content.decode()
    assert ids(response) == ["p1"]
    said = re.search(r'data-testid="words-left-out">(.*?)</p>', html).group(1)
    assert said == (
        "Only the first 12 different words are searched; these were left out: “<bdi>xyzzy</bdi>”."
    )
    short = editor_client.get("/questions/", {"q": "paris france"}).content.decode()
    assert 'data-testid="words-left-out"' not in short


def test_search_combines_with_category_by_display_name_and_difficulty(world, editor_client):
    with assert_dynamodb_requests(0):
        response = editor_client.get("/questions/?q=Paris,&category=capital+cities")
    assert ids(response) == ["p1"]
    assert "in <bdi>Capital Cities</bdi>" in response.content.decode()
    response = editor_client.get("/questions/?category=capitals&difficulty=1&size=100")
    expected = {f"q{n:02d}" for n in range(1, 31) if n % 2 == 0 and 1 + n % 5 == 1} | {"p1"}
    assert set(ids(response)) == expected


def test_pages_are_full_until_the_last_with_the_total(world, editor_client):
    with assert_dynamodb_requests(0):
        first = editor_client.get("/questions/?category=science&size=4")
    html = first.content.decode()
    assert "15 questions" in html
    assert "Page 1 of 4" in html
    assert len(ids(first)) == 4
    next_url = re.search(r'rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert "page=2" in next_url
    assert "size=4" in next_url
    form = re.search(r'role="search".*?</form>', html, re.S).group(0)
    assert '<input type="hidden" name="size" value="4">' in form  # and kept by a new search
    sizes = [
        len(ids(editor_client.get(f"/questions/?category=science&size=4&page={p}")))
        for p in (1, 2, 3, 4)
    ]
    assert sizes == [4, 4, 4, 3]


def test_sorts(world, editor_client):
    assert ids(editor_client.get("/questions/?sort=-id&size=2")) == ["q30", "q29"]
    hardest = ids(editor_client.get("/questions/?sort=-difficulty&size=1"))
    assert hardest == ["p3"]


@pytest.mark.parametrize(
    "params",
    [
        "difficulty=9",
        "size=0",
        "page=0",
        "sort=bogus",
        "category=sci%01fi",
        "q=" + "x" * 201,
        "difficulty=%C2%B2",
    ],
)
def test_bad_parameters_are_a_400_page_without_dynamodb(world, editor_client, params):
    with assert_dynamodb_requests(0):
        response = editor_client.get(f"/questions/?{params}")
    assert response.status_code == 400


def test_a_page_past_the_end_is_the_last_page_without_dynamodb(world, editor_client):
    with assert_dynamodb_requests(0):
        last = ids(editor_client.get("/questions/?size=1&page=99"))
    assert last == ids(editor_client.get("/questions/?size=1&sort=-id"))


def test_stale_or_missing_index_is_flagged(world, editor_client):
    IndexState.objects.all().update(updated_at=timezone.now() - dt.timedelta(minutes=10))
    html = editor_client.get("/questions/").content.decode()
    assert 'data-stale="1"' in html
    assert "may be out of date" in html
    IndexState.objects.all().delete()
    assert "has not been built yet" in editor_client.get("/questions/").content.decode()


def test_htmx_request_gets_only_the_results_partial(world, editor_client):
    response = editor_client.get("/questions/?category=capitals", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="results"')
    assert "<html" not in body


def test_kept_totals_and_orders_are_renewed_by_every_change_to_the_index(world, editor_client):
    # The list keeps a search's total and order per index state; a change must show at once.
    from truthbyte_admin.staffindex import apply

    first = editor_client.get("/questions/?q=paris&category=capitals")
    assert ids(first) == ["p1"]
    apply.put_question(
        Question(id="p4", question="Is Paris big?", categories=["general", "capitals"])
    )
    again = editor_client.get("/questions/?q=paris&category=capitals")
    assert set(ids(again)) == {"p1", "p4"}
    assert "2 questions matching" in again.content.decode()
    apply.remove_question("p1")
    assert ids(editor_client.get("/questions/?q=paris&category=capitals")) == ["p4"]
    assert "p1" not in ids(editor_client.get("/questions/?size=100"))


def test_a_category_that_does_not_exist_is_said_so_not_given_a_made_up_name(world, editor_client):
    html = editor_client.get("/questions/?category=nonexistent").content.decode()

    assert "there is no such category" in html
    assert "there is no category with that name or slug" in html
    assert "Nonexistent" not in html
