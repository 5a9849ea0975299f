"""A message offers an undo by its extra tag: one format for reviews and streak stores."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from django.template.loader import render_to_string
from django.urls import reverse

from truthbyte_admin.core.undo import undo_tag, undo_target
from truthbyte_admin.moderation.templatetags.moderation import UNDO_TAG as REVIEW_PREFIX
from truthbyte_admin.players.feedback import UNDO_PREFIX as STORE_PREFIX

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _message(text: str, tags: str, level: int = 25) -> SimpleNamespace:
    return SimpleNamespace(message=text, extra_tags=tags, level=level, level_tag="success")


def test_a_target_comes_back_as_tagged_even_with_spaces():
    message = _message("Approved.", undo_tag(REVIEW_PREFIX, "sub 1/x"))
    assert undo_target(message, REVIEW_PREFIX) == "sub 1/x"


def test_a_streak_store_message_offers_no_review_undo_and_back():
    store = _message("Stored.", undo_tag(STORE_PREFIX, "c766ec3f2f3b"))
    review = _message("Approved.", undo_tag(REVIEW_PREFIX, "s1"))
    assert undo_target(store, REVIEW_PREFIX) == ""
    assert undo_target(store, STORE_PREFIX) == "c766ec3f2f3b"
    assert undo_target(review, STORE_PREFIX) == ""
    assert undo_target(_message("Saved.", ""), REVIEW_PREFIX) == ""


def test_the_pages_name_the_prefixes_the_code_tags_with():
    """The two messages regions pass their prefix to core/_undo_messages.html as text."""
    moderation = (TEMPLATES / "moderation/_messages.html").read_text()
    players = (TEMPLATES / "players/detail.html").read_text()
    assert f'undo_prefix="{REVIEW_PREFIX}"' in moderation
    assert f'undo_prefix="{STORE_PREFIX}"' in players


def test_only_who_may_undo_is_offered_the_form():
    context = {
        "messages": [_message("Approved.", undo_tag(REVIEW_PREFIX, "s1"))],
        "undo_prefix": REVIEW_PREFIX,
        "undo_form": "moderation/_undo_form.html",
        "next": "/queue/",
    }
    offered = render_to_string("core/_undo_messages.html", {**context, "may_undo": True})
    assert 'data-testid="message-undo"' in offered
    assert f'action="{reverse("moderation:undo", args=["s1"])}"' in offered
    refused = render_to_string("core/_undo_messages.html", {**context, "may_undo": False})
    assert "message-undo" not in refused
    assert "Approved." in refused
