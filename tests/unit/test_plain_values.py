"""Stored values as plain Python (JSON, display): whatever type the game's writer used."""

from __future__ import annotations

import json
from decimal import Decimal

from boto3.dynamodb.types import Binary

from truthbyte_admin.data.models import Category
from truthbyte_admin.data.serialization import from_item, plain


def test_binary_and_binary_sets_become_text():
    assert plain(Binary(b"lots")) == "lots"
    assert plain({Binary(b"b"), Binary(b"a")}) == ["a", "b"]
    assert plain({"n": Decimal("3"), "raw": Binary(b"\xff")}) == {"n": 3, "raw": "\ufffd"}


def test_a_category_count_stored_as_binary_is_kept_as_json_text():
    for stored in ({"B": b"lots"}, {"BS": [b"b", b"a"]}):
        item = from_item({"category_id": {"S": "art"}, "question_count": stored})
        category = Category.from_item(item, "category_id")
        assert category.count is None
        json.dumps(category.unreadable_count)  # the staff index's JSON column takes it
