"""Renaming a category from the dashboard, through Django's test client: the page comes back to
the category's own row with what the rename said, a refused name stays in its field, and no
name (typed by staff or stored by the game) can reorder the text shown around it."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.middleware import SessionMiddleware

from tests.support import game_writes as game
from tests.support.questions import make_question, seed
from truthbyte_admin.categories import feedback
from truthbyte_admin.data import audit, tables
from truthbyte_admin.data import categories as categories_repo
from truthbyte_admin.staffindex.build import rebuild

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: reverses everything after it, up to the paragraph's end


@pytest.fixture
def capitals(game_tables, db):
    seed(
        *[make_question(f"c{n}", ["capitals"], 2) for n in range(12)],
        *[make_question(f"s{n}", ["science"], 3) for n in range(11)],
    )
    rebuild()
    return game_tables


def _row(html: str, slug: str) -> str:
    row = html[html.index(f'id="cat-{slug}"') :]
    return row[: row.index("</tr>")]


def _top_messages(html: str) -> str:
    return html[html.index('id="messages"') : html.index('<main id="main"')]


def test_a_rename_returns_to_its_row_with_the_message_there(capitals, editor_client):
    response = editor_client.post(
        "/categories/capitals/rename/", {"old_name": "Capitals", "display_name": "Capital cities"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/categories/#rename-said-capitals"  # scrolled to, focused
    html = editor_client.get(response["Location"]).content.decode()
    row = _row(html, "capitals")
    said = re.search(r'<p class="message message-success rename-said"[^>]*>(.*?)</p>', row)
    assert said is not None
    assert 'id="rename-said-capitals" role="status" tabindex="-1"' in said.group(0)
    assert said.group(1) == (
        "Renamed “<bdi>capitals</bdi>”: “<bdi>Capitals</bdi>” → “<bdi>Capital cities</bdi>”. "
        "Players still see “<bdi>Capitals</bdi>”: the game names each category from its key."
    )
    assert 'value="Capital cities"' in row
    assert "Renamed" not in _top_messages(html)  # said once, where the person is
    assert "Renamed" not in editor_client.get("/categories/").content.decode()  # and only once
    assert categories_repo.get("capitals").display_name == "Capital cities"


def test_renaming_says_players_go_on_seeing_the_name_the_game_makes_from_the_key(
    game_tables, db, client, make_staff
):
    # GAME.md: the game's category list "shows `category.replace('_', ' ').title()` as the
    # display name", never the stored one.
    seed(*[make_question(f"b{n}", ["world_capitals"], 2) for n in range(3)])
    rebuild()
    # Read-only staff get the fact, not the advice about renaming.
    client.force_login(make_staff("sam", "support"))
    shown = client.get("/categories/").content.decode()
    assert "Players don't see the display names stored here" in shown
    assert "Renaming changes" not in shown

    editor_client = client
    editor_client.force_login(make_staff("eddie", "editor"))
    help_text = re.search(
        r'<p class="help" id="rename-help"[^>]*>(.*?)</p>',
        editor_client.get("/categories/").content.decode(),
    ).group(1)
    assert "Players don't see the display names stored here" in help_text
    assert "with “_” as spaces, in title case" in help_text
    assert "Renaming changes the name shown in this admin, not what players see." in help_text

    response = editor_client.post(
        "/categories/world_capitals/rename/",
        {"old_name": "World Capitals", "display_name": "عواصم العالم"},
    )
    row = _row(editor_client.get(response["Location"]).content.decode(), "world_capitals")
    assert (
        "Renamed “<bdi>world_capitals</bdi>”: “<bdi>World Capitals</bdi>” → "
        "“<bdi>عواصم العالم</bdi>”. Players still see “<bdi>World Capitals</bdi>”: "
        "the game names each category from its key." in row
    )
    # The row itself says what players see while the names differ; none where they agree.
    assert 'data-testid="players-see">Players see “<bdi>World Capitals</bdi>”' in row
    assert "players-see" not in _row(editor_client.get("/categories/").content.decode(), "general")


def test_a_refused_name_names_its_category_and_stays_in_its_field(capitals, editor_client):
    response = editor_client.post(
        "/categories/capitals/rename/", {"old_name": "Capitals", "display_name": "   "}
    )
    assert response["Location"] == "/categories/#name-capitals"  # the field to correct
    html = editor_client.get(response["Location"]).content.decode()
    row = _row(html, "capitals")
    assert (
        '<p class="message message-error rename-said" id="rename-said-capitals" role="alert"' in row
    )
    assert "Display name of “<bdi>capitals</bdi>”: enter a display name." in row
    field = re.search(r'<input type="text" id="name-capitals"[^>]*>', row).group(0)
    assert 'value="   "' in field  # what was typed, to be corrected
    assert 'aria-invalid="true" aria-describedby="rename-said-capitals"' in field
    assert 'name="old_name" value="Capitals"' in row  # a retry is still checked against it
    assert "rename-said" not in _row(html, "science")
    assert categories_repo.get("capitals").display_name == "Capitals"


def test_a_name_with_a_text_direction_character_is_refused_and_nothing_changes(
    capitals, editor_client
):
    typed = f"Capitals{RLO}evil"
    response = editor_client.post(
        "/categories/capitals/rename/", {"old_name": "Capitals", "display_name": typed}
    )
    html = editor_client.get(response["Location"]).content.decode()
    row = _row(html, "capitals")
    assert (
        "Display name of “<bdi>capitals</bdi>”: it contains an invisible text-direction "
        "character (U+202E right-to-left override), which would reorder the text shown around "
        "it; remove it." in row
    )
    assert f'value="{typed}"' in row
    assert categories_repo.get("capitals").display_name == "Capitals"
    assert not audit.history("category#capitals")
    # The same for the other invisible formatting characters.
    editor_client.post(
        "/categories/capitals/rename/", {"old_name": "Capitals", "display_name": "Capi\u200btals"}
    )
    html = editor_client.get("/categories/").content.decode()
    assert "it contains an invisible formatting character (U+200B zero width space)" in html
    assert categories_repo.get("capitals").display_name == "Capitals"


def test_a_name_the_game_stored_cannot_reorder_the_text_around_it(capitals, editor_client):
    stored = f"Capitals{RLO}evil"
    game.put(tables.CATEGORIES, {"category_id": "capitals", "name": stored, "question_count": 12})
    rebuild()
    html = editor_client.get("/categories/").content.decode()
    row = _row(html, "capitals")
    assert '<code dir="auto">capitals</code>' in row
    assert f'dir="auto" maxlength="60" value="{stored}"' in row
    # Renamed to a clean name: the success message isolates the old one.
    response = editor_client.post(
        "/categories/capitals/rename/", {"old_name": stored, "display_name": "Capitals"}
    )
    html = editor_client.get(response["Location"]).content.decode()
    assert f"“<bdi>capitals</bdi>”: “<bdi>{stored}</bdi>” → “<bdi>Capitals</bdi>”." in html
    # The question list's heading isolates the name and the slug too.
    game.put(tables.CATEGORIES, {"category_id": "capitals", "name": stored, "question_count": 12})
    rebuild()
    listing = editor_client.get("/questions/?category=capitals").content.decode()
    heading = re.search(r'<h2 data-testid="match-count"[^>]*>(.*?)</h2>', listing).group(1)
    # (The name ends its own isolate, which ends whatever direction it sets.)
    in_capitals = '<code class="slug" dir="auto">capitals</code>'
    assert f'<span dir="ltr">in <bdi>{stored}</bdi></span> {in_capitals}' in heading


def test_names_in_messages_are_escaped_inside_their_isolates(capitals, editor_client):
    editor_client.post(
        "/categories/capitals/rename/",
        {"old_name": "Capitals", "display_name": "</bdi><b>bold</b>"},
    )
    html = editor_client.get("/categories/").content.decode()
    assert "“<bdi>&lt;/bdi&gt;&lt;b&gt;bold&lt;/b&gt;</bdi>”" in html
    assert "<b>bold</b>" not in html


def test_a_stale_rename_says_who_won_on_the_row(capitals, editor_client):
    editor_client.post(
        "/categories/capitals/rename/", {"old_name": "Capitals", "display_name": "Cities"}
    )
    response = editor_client.post(
        "/categories/capitals/rename/", {"old_name": "Capitals", "display_name": "Towns"}
    )
    assert response["Location"] == "/categories/#name-capitals"
    row = _row(editor_client.get("/categories/").content.decode(), "capitals")
    assert "“<bdi>capitals</bdi>” was renamed to “<bdi>Cities</bdi>” meanwhile" in row
    assert 'value="Towns" aria-invalid="true"' in row


def test_a_category_the_list_does_not_show_gets_its_message_above_the_list(
    capitals, editor_client, monkeypatch
):
    # The list is the admin's copy: one that missed a category (say, a failed update after a
    # write) still says what the rename did.
    from truthbyte_admin.categories import selectors

    whole = selectors.dashboard

    def without_science():
        board = whole()
        board.rows = [row for row in board.rows if row.slug != "science"]
        return board

    monkeypatch.setattr(selectors, "dashboard", without_science)
    response = editor_client.post(
        "/categories/science/rename/", {"old_name": "Science", "display_name": "Sciences"}
    )
    assert response["Location"] == "/categories/#rename-said-science"
    html = editor_client.get(response["Location"]).content.decode()
    assert 'id="cat-science"' not in html
    said = html[html.index('id="rename-said-science"') :]
    assert said.index("Renamed “<bdi>science</bdi>”") < said.index('data-testid="category-table"')


def test_verify_now_in_place_puts_the_focus_on_what_it_found(capitals, editor_client, settings):
    settings.CATEGORY_CHECK_IN_THREAD = False
    html = editor_client.post("/categories/verify/", HTTP_HX_REQUEST="true").content.decode()
    assert html.lstrip().startswith('<section class="panel" id="count-check"')
    result = re.search(r'<p [^>]*data-testid="check-result"[^>]*>', html).group(0)
    assert 'id="check-status" tabindex="-1" data-autofocus' in result
    # The page's own rendering and the progress polls don't take the focus anywhere.
    assert "data-autofocus" not in editor_client.get("/categories/").content.decode()
    assert "data-autofocus" not in editor_client.get("/categories/verify/status/").content.decode()


def test_a_rename_whose_row_is_not_on_the_page_is_said_above_the_table(rf, db):
    # A row the list doesn't show (yet): the rename's answer can't go beside it.
    request = rf.post("/categories/fresh/rename/")
    SessionMiddleware(lambda r: None).process_request(request)
    request._messages = FallbackStorage(request)
    feedback.remember(request, "fresh", feedback.renamed("fresh", "Fresh", "New"), refused=False)

    said, others = feedback.take(request, shown={"capitals"})

    assert said is not None
    assert not said.on_its_row  # the dashboard shows it above the table
    assert others == []


def test_a_list_heading_names_the_slug_only_where_the_name_does_not_say_it(capitals, editor_client):
    def heading(category: str) -> str:
        listing = editor_client.get("/questions/", {"category": category}).content.decode()
        return re.search(r'<h2 data-testid="match-count"[^>]*>(.*?)</h2>', listing).group(1)

    # "11 questions in Science science" said the same name twice.
    assert heading("science") == '11 questions <span dir="ltr">in <bdi>Science</bdi></span>'
    game.put(tables.CATEGORIES, {"category_id": "capitals", "name": "Capital cities"})
    rebuild()
    assert heading("capitals") == (
        '12 questions <span dir="ltr">in <bdi>Capital cities</bdi></span> '
        '<code class="slug" dir="auto">capitals</code>'
    )
