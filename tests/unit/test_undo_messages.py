"""A message offers an undo by its extra tag: one format for reviews and streak stores, each
kind named once (core/undo.py), read by the page's messages region."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.template.loader import render_to_string
from django.urls import reverse

from truthbyte_admin.core.undo import undo_tag, undo_target
from truthbyte_admin.domain.streaks import StreakUpdate
from truthbyte_admin.moderation import views as moderation_views
from truthbyte_admin.moderation.services import RejectionResult
from truthbyte_admin.players import feedback as players_feedback
from truthbyte_admin.players.services import StoredStreaks


def _message(text: str, tags: str, level: int = 25) -> SimpleNamespace:
    return SimpleNamespace(message=text, extra_tags=tags, level=level, level_tag="success")


def test_a_target_comes_back_as_tagged_even_with_spaces():
    message = _message("Approved.", undo_tag("review", "sub 1/x"))
    assert undo_target(message, "review") == "sub 1/x"


def test_a_streak_store_message_offers_no_review_undo_and_back():
    store = _message("Stored.", undo_tag("streak_store", "c766ec3f2f3b"))
    review = _message("Approved.", undo_tag("review", "s1"))
    assert undo_target(store, "review") == ""
    assert undo_target(store, "streak_store") == "c766ec3f2f3b"
    assert undo_target(review, "streak_store") == ""
    assert undo_target(_message("Saved.", ""), "review") == ""


def test_a_misspelt_kind_fails_instead_of_hiding_the_undo():
    with pytest.raises(KeyError):
        undo_target(_message("Approved.", undo_tag("review", "s1")), "reveiw")


def _request_with_messages(rf):
    request = rf.post("/queue/s1/approve/", {"next": "/queue/"})
    request.htmx = False
    request._messages = CookieStorage(request)
    return request


def _queue_messages_region(request) -> str:
    context = {
        "messages": list(request._messages),
        "can_moderate": True,
        "here": "/queue/",
        "undo_minutes": 10,
    }
    return render_to_string("moderation/_messages.html", context)


def test_the_queue_offers_undo_in_the_message_the_review_leaves(rf):
    request = _request_with_messages(rf)
    reviewed = RejectionResult("s1", "Spam", reviewed_at=1_765_000_000)  # 2025-12-06 05:46:40
    moderation_views._succeeded(request, reviewed, "Approved s1.")
    region = _queue_messages_region(request)
    assert "Approved s1." in region
    assert "until 05:56 UTC" in region  # ten minutes from the stored review time
    assert 'data-testid="message-undo"' in region
    assert f'action="{reverse("moderation:undo", args=["s1"])}"' in region


def test_the_queue_offers_no_undo_in_a_streak_store_message(rf):
    request = _request_with_messages(rf)
    update = StreakUpdate(current=3, best=5, recomputed_best=3, stored_current=5, stored_best=5)
    stored = StoredStreaks(
        user_id="u1",
        before_current=5,
        before_best=5,
        update=update,
        event="c766ec3f2f3b",
        undo_until=dt.datetime(2026, 12, 6, 14, 0, tzinfo=dt.UTC),
    )
    players_feedback.tell_stored(request, stored)
    region = _queue_messages_region(request)
    assert "Stored on the player record" in region
    assert "message-undo" not in region


def test_only_who_may_undo_is_offered_the_form():
    context = {
        "messages": [_message("Approved.", undo_tag("review", "s1"))],
        "undo_kind": "review",
        "undo_form": "moderation/_undo_form.html",
        "next": "/queue/",
    }
    offered = render_to_string("core/_undo_messages.html", {**context, "may_undo": True})
    assert 'data-testid="message-undo"' in offered
    assert f'action="{reverse("moderation:undo", args=["s1"])}"' in offered
    refused = render_to_string("core/_undo_messages.html", {**context, "may_undo": False})
    assert "message-undo" not in refused
    assert "Approved." in refused
