"""The category dashboard speaks staff words: the game's data, stored counts, category tags —
not tables, items, indexes or read modes — on the page, in its confirmations and in what its
actions say."""

from __future__ import annotations

import re

import pytest

from tests.support import game_writes as game
from tests.support.questions import make_question, seed
from truthbyte_admin.data import tables
from truthbyte_admin.staffindex.build import rebuild

# Whole words, any case: "table" but not "stable"; "index" but not "indexed" is caught too.
JARGON = re.compile(
    r"\b(tables?|items?|index\w*|dynamodb|consistent\w*|scans?|gsi|sync\w*|partition|"
    r"attributes?|transactions?)\b",
    re.IGNORECASE,
)


@pytest.fixture
def drifting(game_tables, db, settings):
    settings.CATEGORY_CHECK_IN_THREAD = False  # the test's own transaction: run it inline
    seed(*[make_question(f"s{n}", ["science"], 1 + n % 5) for n in range(12)])
    rebuild()
    game.question("g1", "Is this from the game?", categories=("general", "science"))
    return game_tables


def _staff_text(html: str) -> str:
    """What staff read: the text of <main> and the messages, and the confirmations' questions."""
    shown = html[html.index('id="messages"') :]
    shown = shown[: shown.index("</main>")]
    confirmations = " ".join(re.findall(r'data-confirm="([^"]*)"', shown))
    titles = " ".join(re.findall(r'title="([^"]*)"', shown))
    shown = re.sub(r"<(input|template)[^>]*>", " ", shown)
    text = re.sub(r"<[^>]+>", " ", shown)
    text = re.sub(r"\s+", " ", f"{text} {confirmations} {titles}")
    return re.sub(r" ([,.:;)])", r"\1", text)  # an inline tag's gap before punctuation


def _no_jargon(text: str) -> None:
    found = sorted({m.group(0) for m in JARGON.finditer(text)})
    assert not found, f"storage words {found} on the category dashboard: {text}"


def test_the_dashboard_and_its_check_speak_staff_words(drifting, editor_client):
    text = _staff_text(editor_client.get("/categories/").content.decode())
    assert "Verify against the game's data" in text
    assert "reads every stored count and every question's category tags as they are right now" in (
        text
    )
    _no_jargon(text)
    # The check's result, with the figures the list was behind on.
    text = _staff_text(editor_client.post("/categories/verify/", follow=True).content.decode())
    assert "2 stored counts differ from the questions in the game's data" in text
    assert "behind the game's data for general, science" in text
    _no_jargon(text)
    text = _staff_text(editor_client.post("/categories/reconcile/", follow=True).content.decode())
    assert "Repaired 2 stored counts" in text
    _no_jargon(text)


def test_without_stored_categories_the_page_and_its_refusals_speak_staff_words(
    dynamodb, db, editor_client
):
    tables.create_missing_tables(
        only=[tables.QUESTIONS, tables.QUESTION_CATEGORIES, tables.AUDIT], wait=False
    )
    seed(make_question("p1", ["pop_culture"], 2))
    rebuild()
    text = _staff_text(editor_client.get("/categories/").content.decode())
    assert "stores no category names or counts" in text
    _no_jargon(text)
    text = _staff_text(editor_client.post("/categories/reconcile/", follow=True).content.decode())
    assert "stores no category names or counts" in text
    _no_jargon(text)
