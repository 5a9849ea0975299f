"""Every page that reads text, numbers or dates from its address answers a value it can't use
with the 400 page naming the parameter as the page labels it (one rule, one wording:
core/params.py), changes nothing, and never fails; ordinary text in any script is searched."""

from __future__ import annotations

import html

import pytest

from tests.support.players_game import put_user

pytestmark = pytest.mark.django_db

PLAYER = "p-params"

# (page, parameter, its label); each page reads the parameter through the shared parsers.
TEXT = [
    ("/questions/", "q", "Search"),
    ("/questions/", "category", "Category"),
    ("/queue/", "q", "Search"),
    ("/queue/", "category", "Category"),
    ("/queue/", "author", "Author"),
    ("/questions/retired/", "q", "Search"),
    ("/audit/", "actor", "Staff member"),
    ("/audit/", "item", "Concerning"),
]
NUMBERS = [
    ("/questions/", "difficulty", "“Difficulty” must be a whole number from 1 to 5, not “"),
    ("/questions/", "size", "“Page size” must be a whole number from 1 to 100, not “"),
    ("/queue/", "size", "“Page size” must be a whole number from 1 to 100, not “"),
    ("/questions/", "page", "“Page” must be a whole number from 1, not “"),
    (f"/players/{PLAYER}/answers/", "page", "“Page” must be a whole number from 1, not “"),
    (f"/players/{PLAYER}/", "facts", "“Page” must be a whole number from 1, not “"),
    ("/questions/retired/", "page", "“Page” must be a whole number from 1, not “"),
]
DATES = [
    ("/daily/", "date", "Date"),
    ("/daily/range/", "start", "From"),
    ("/audit/", "since", "From"),
    ("/audit/", "until", "To"),
    (f"/players/{PLAYER}/answers/", "from", "From"),
    (f"/players/{PLAYER}/answers/", "to", "To"),
]


@pytest.fixture
def player(game_tables):
    put_user({"user_id": PLAYER})
    return PLAYER


def _reason(response) -> str:
    assert response.status_code == 400
    html = response.content.decode()
    assert "That request can't be used" in html
    return html


@pytest.mark.parametrize(("page", "name", "label"), TEXT)
@pytest.mark.parametrize("typed", ["a%00b", "sci%0Afi", "a%1Bb", "a%7Fb", "a%C2%85b"])
def test_control_characters_are_a_400_naming_the_field(
    admin_client, game_tables, page, name, label, typed
):
    response = admin_client.get(f"{page}?{name}={typed}")
    assert f"“{label}” can&#x27;t contain invisible control characters: “" in _reason(response)


@pytest.mark.parametrize(("page", "name", "label"), TEXT)
def test_huge_text_is_a_400_saying_the_limit(admin_client, game_tables, page, name, label):
    response = admin_client.get(page, {name: "x" * 100_000})
    assert f"“{label}” must be at most " in _reason(response)


@pytest.mark.parametrize(("page", "name", "label"), TEXT)
@pytest.mark.parametrize("typed", ["עברית", "👩‍🔬 🧪", "caf%FF", "%E2%80%8Fمرحبا"])
def test_text_in_any_script_is_searched(admin_client, game_tables, page, name, label, typed):
    response = admin_client.get(f"{page}?{name}={typed}")
    assert response.status_code == 200


@pytest.mark.parametrize(("page", "name", "message"), NUMBERS)
@pytest.mark.parametrize("typed", ["-1", "0", "1.5", "%C2%B2", "%EF%BC%95", "1%00"])
def test_bad_numbers_are_a_400_with_the_range(admin_client, player, page, name, message, typed):
    response = admin_client.get(f"{page}?{name}={typed}")
    assert message in _reason(response)


@pytest.mark.parametrize(("page", "name", "message"), NUMBERS[:3])
def test_a_number_of_thousands_of_digits_is_a_400(admin_client, game_tables, page, name, message):
    response = admin_client.get(page, {name: "9" * 5000})
    assert message in _reason(response)


@pytest.mark.parametrize(
    "page", [f"/players/{PLAYER}/answers/?page=99999999", f"/players/{PLAYER}/?facts=99999999"]
)
def test_a_players_page_past_the_end_is_the_last_like_every_list(admin_client, player, page):
    assert admin_client.get(page).status_code == 200


@pytest.mark.parametrize(("page", "name", "label"), DATES)
@pytest.mark.parametrize("typed", ["2026-02-30", "0000-01-01"])
def test_dates_the_calendar_lacks_are_a_400(admin_client, player, page, name, label, typed):
    response = admin_client.get(page, {name: typed})
    assert f"“{label}”: {typed} is not a real date (" in _reason(response)


@pytest.mark.parametrize(("page", "name", "label"), DATES)
@pytest.mark.parametrize("typed", ["99999-01-01", "yesterday", "2025-01-01%00", "%FF"])
def test_other_dates_are_a_400_with_the_format(admin_client, player, page, name, label, typed):
    response = admin_client.get(f"{page}?{name}={typed}")
    assert f"“{label}” must be a date written YYYY-MM-DD" in _reason(response)


@pytest.mark.parametrize(
    "url",
    [
        "/daily/?date=2000-01-01",
        "/daily/?date=9999-12-31",
        "/daily/range/?start=2000-01-01",
        "/audit/?since=0001-01-01&until=9999-12-31",
        f"/players/{PLAYER}/answers/?from=0001-01-01&to=9999-12-31",
        f"/players/{PLAYER}/days/2000-01-01/",
        f"/players/{PLAYER}/days/9999-12-31/",
    ],
)
def test_the_first_and_last_dates_the_calendar_has_are_pages(admin_client, player, url):
    assert admin_client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("url", "label"),
    [
        ("/daily/?date=1999-12-31", "Date"),
        ("/daily/range/?start=0001-01-01", "From"),
        (f"/players/{PLAYER}/days/1999-12-31/", "Day"),
        (f"/players/{PLAYER}/?end=1999-12", "Calendar month"),
    ],
)
def test_a_day_before_the_game_is_refused_alike_on_every_page_about_a_day(
    admin_client, player, url, label
):
    # The set of a day in 1999 had been shown as a "past date"; the calendar refused 1999.
    typed = url.rsplit("=", 1)[-1] if "=" in url else "1999-12-31"
    reason = f"“{label}”: {typed} is before 2000; the game did not exist then."
    assert reason in _reason(admin_client.get(url))


@pytest.mark.parametrize(
    ("url", "box"), [("/daily/", "daily-date"), ("/daily/range/", "range-start")]
)
def test_the_daily_date_boxes_offer_no_day_before_the_game(admin_client, game_tables, url, box):
    # The browser then says "2000-01-01 or later" beside the box, not the 400 page after it.
    page = admin_client.get(url).content.decode()
    tag = page[page.index(f'id="{box}"') :].split(">", 1)[0]
    assert 'min="2000-01-01"' in tag


def test_the_profile_calendar_still_starts_in_2000(admin_client, player):
    response = admin_client.get(f"/players/{PLAYER}/", {"end": "1999-12"})
    reason = "“Calendar month”: 1999-12 is before 2000; the game did not exist then."
    assert reason in _reason(response)


@pytest.mark.parametrize("day", ["2026-02-30", "99999-01-01", "yesterday"])
def test_a_players_day_that_cant_be_is_a_400(admin_client, player, day):
    response = admin_client.get(f"/players/{PLAYER}/days/{day}/")
    assert "“Day”" in _reason(response)


def test_an_unknown_sort_names_the_lists_choices_in_its_words(admin_client, game_tables):
    reason = html.unescape(_reason(admin_client.get("/questions/", {"sort": "hardest"})))
    assert "“Sort” must be one of the list's choices: “Best match”, “Id (A–Z)”" in reason
