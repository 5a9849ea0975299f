"""The same bad input gets the same answer on every page. A zero-width space pasted with a date or
a page number is dropped (no date or number holds one), as the audit log's "Concerning" box drops
it; pasted with an id's start it is not (it would be another id) but refused with the character
written out, ⟨U+200B⟩, like the player lookup. A day's address with a line break after the date is
not that day. Nothing is changed, and nothing is a 500."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from tests.support.players_game import put_user
from tests.support.requests import assert_dynamodb_requests

pytestmark = pytest.mark.django_db

PLAYER = "5eed0000-0000-4000-8000-0000000a11ce"
ZWSP = "\u200b"


@pytest.fixture
def player(game_tables):
    put_user({"user_id": PLAYER})
    return PLAYER


def _text(response) -> str:
    return html_lib.unescape(response.content.decode())


@pytest.mark.parametrize(
    "url",
    [
        "/daily/?date={z}2026-12-06",
        "/daily/?date=2026-12-06{z}",
        "/daily/range/?start={z}2026-12-06&days=14{z}",
        "/audit/?since={z}2026-12-06&until=2026-12-07{z}",
        "/audit/?page={z}1",
        "/questions/?page=1{z}",
        "/questions/retired/?page={z}1",
        "/players/{p}/answers/?from={z}2026-12-06&to=2026-12-07{z}&page={z}1",
        "/players/{p}/?end={z}2026-11&facts=1{z}",
    ],
)
def test_a_zero_width_space_with_a_date_or_page_number_is_dropped(admin_client, player, url):
    response = admin_client.get(url.format(z="%E2%80%8B", p=player))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "/daily/?date=2026-12-6%E2%80%8B",
            "“Date” must be a date written YYYY-MM-DD, such as 2025-01-31, "
            "not “2026-12-6⟨U+200B⟩”.",
        ),
        (
            "/audit/?since=2026-02-30%E2%80%8B",
            "“From”: 2026-02-30⟨U+200B⟩ is not a real date (February has 28 days).",
        ),
        ("/questions/?page=%E2%80%8B0", "“Page” must be a whole number from 1, not “⟨U+200B⟩0”."),
        ("/daily/range/?days=7%00", "“Days” must be 14 or 30, not “7⟨U+0000⟩”."),
    ],
)
def test_a_refused_date_or_number_is_quoted_with_the_invisible_character_written_out(
    admin_client, game_tables, url, message
):
    with assert_dynamodb_requests(0):
        response = admin_client.get(url)
    assert response.status_code == 400
    assert message in _text(response)


def test_a_zero_width_space_in_the_id_prefix_is_shown_not_dropped(support_client, player):
    with assert_dynamodb_requests(0):
        response = support_client.get("/players/", {"prefix": f"{ZWSP}5eed"})
    assert response.status_code == 400
    error = re.search(r'id="player-prefix-error"[^>]*>(.*?)</p>', _text(response)).group(1)
    assert error.startswith(
        "A player id prefix uses letters, digits, '-' and '_' only, not “⟨U+200B⟩5eed”."
    )


def test_a_control_character_in_the_id_prefix_is_shown_once(support_client, player):
    response = support_client.get("/players/?prefix=5e%00ed")
    error = re.search(r'id="player-prefix-error"[^>]*>(.*?)</p>', _text(response)).group(1)
    assert error.startswith("“Id starts with” can't contain invisible control characters: “")
    assert error.count("5e⟨U+0000⟩ed") == 1


@pytest.mark.parametrize("page", ["-5", "0", "x", "1.5"])
def test_the_retired_list_refuses_a_bad_page_like_every_list(editor_client, game_tables, page):
    with assert_dynamodb_requests(0):
        response = editor_client.get("/questions/retired/", {"page": page})
    assert response.status_code == 400
    assert f"“Page” must be a whole number from 1, not “{page}”." in _text(response)


def test_the_retired_list_takes_a_good_page_number(editor_client, game_tables):
    assert editor_client.get("/questions/retired/", {"page": "2"}).status_code == 200


@pytest.mark.parametrize(
    ("segment", "shown"),
    [
        ("2026-12-06%0A", "2026-12-06⟨U+000A⟩"),
        ("%0A2026-12-06", "⟨U+000A⟩2026-12-06"),
        ("2026-12-06%20", "2026-12-06 "),
        ("2026-12-06%E2%80%8B", "2026-12-06⟨U+200B⟩"),
    ],
)
def test_a_day_address_with_anything_around_the_date_is_not_that_day(
    support_client, player, segment, shown
):
    with assert_dynamodb_requests(0):
        response = support_client.get(f"/players/{player}/days/{segment}/")
    assert response.status_code == 400
    assert f"“Day” must be a date written YYYY-MM-DD, such as 2025-01-31, not “{shown}”." in _text(
        response
    )


def test_the_day_address_itself_still_opens(support_client, player):
    assert support_client.get(f"/players/{player}/days/2026-12-06/").status_code == 200


def test_a_bad_question_id_for_the_daily_impact_is_quoted(editor_client, game_tables):
    response = editor_client.post(
        "/daily/impact/", {"question_id": "q1\u200b", "difficulty": "3"}, HTTP_HX_REQUEST="true"
    )
    assert (
        "“q1⟨U+200B⟩” is not a question id (such as q530): ids use letters, digits and _ . : - "
        "only."
    ) in _text(response)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("/players/{p}%0A/", "{p}⟨U+000A⟩"),
        ("/players/{p}%0A/days/2026-12-06/", "{p}⟨U+000A⟩"),
        ("/players/%20{p}/answers/", " {p}"),
    ],
)
def test_a_player_address_with_anything_around_the_id_is_not_that_player(
    support_client, player, url, shown
):
    with assert_dynamodb_requests(0):
        response = support_client.get(url.format(p=player))
    assert response.status_code == 400
    assert f"“{shown.format(p=player)}” is not a player id." in _text(response)


def test_the_lookup_box_still_trims_what_was_typed(support_client, player):
    response = support_client.get("/players/", {"user_id": f" {player}\n"})
    assert response.status_code == 302
    assert response["Location"] == f"/players/{player}/"


RLO = "%E2%80%AE"


@pytest.mark.parametrize(
    ("url", "echoed"),
    [
        ("/queue/?category={r}gnp.exe", "category ⟨U+202E⟩gnp.exe"),
        ("/queue/?q={r}gnp&author={r}ab", "“⟨U+202E⟩gnp”"),
        ("/queue/?author={r}ab", "starts with ⟨U+202E⟩ab"),
        ("/questions/?q={r}gnp", "matching “⟨U+202E⟩gnp”"),
        ("/questions/?category={r}gnp.exe", "⟨U+202E⟩gnp.exe"),
        ("/questions/retired/?q={r}gnp", "matching “⟨U+202E⟩gnp”"),
        ("/audit/?actor={r}gnp.exe", "⟨U+202E⟩gnp.exe (no account now) (no entries)"),
    ],
)
def test_typed_text_a_list_says_back_has_its_invisible_characters_written_out(
    admin_client, player, url, echoed
):
    # A U+202E echoed as it is reverses the page's own words after it: "(not a category yet)"
    # had read "(tey yrogetac a ton)" in the queue's heading.
    page = _text(admin_client.get(url.format(r=RLO)))
    assert echoed in re.sub(r"<[^>]+>", "", page)
    assert "\u202e" not in re.sub(r'value="[^"]*"', "", page)  # only in the boxes, as typed


def test_an_action_that_is_not_one_is_quoted_with_its_invisible_characters_written_out(
    admin_client, player
):
    response = admin_client.get(f"/audit/?action={RLO}gnp.exe")
    assert response.status_code == 400
    assert "“⟨U+202E⟩gnp.exe” is not an action the audit log records" in _text(response)
