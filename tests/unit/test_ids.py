"""The shapes of the game's ids."""

from __future__ import annotations

import pytest

from truthbyte_admin.domain.ids import is_question_id


@pytest.mark.parametrize("value", ["q530", "dq00001", "q_3f2a9c1e", "a.b:c-d_e", "x" * 128])
def test_question_ids(value):
    assert is_question_id(value)


@pytest.mark.parametrize(
    "value", [None, 530, "", "x" * 129, "q 530", "q/530", "q530\n", "q\x00", "q\u0661", "é"]
)
def test_not_question_ids(value):
    assert not is_question_id(value)
