"""Why a text can't be a question id, in the words every page uses (pure, no I/O)."""

from __future__ import annotations

import pytest

from truthbyte_admin.domain.ids import question_id_problem


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("q530", None),
        ("q_1a2b3c4d", None),
        ("", "it is empty"),
        ("q" * 129, "ids are at most 128 characters (this one has 129)"),
        ("q1\n", "ids can't contain invisible control characters"),
        ("q 1", "ids use letters, digits and _ . : - only"),
        ("q1\u200b", "ids use letters, digits and _ . : - only"),
    ],
)
def test_the_reason_names_what_is_wrong(value, problem):
    assert question_id_problem(value) == problem
