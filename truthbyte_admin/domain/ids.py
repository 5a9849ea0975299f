"""The shape of the ids the game writes: anything else was not written by it."""

from __future__ import annotations

import re
import unicodedata

# A player id: a UUID-like token.
USER_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

# A question id. In real data: curated "q530", demo "dq00001", ours and the game's approvals
# "q_" + hex. Anything else is refused before it reaches DynamoDB (an empty or >2 KB key is a
# ValidationException there, and a "/" can't be part of the editor's URL).
QUESTION_ID_PATTERN = re.compile(r"[A-Za-z0-9_.:-]{1,128}")  # with fullmatch


QUESTION_ID_MAX = 128


def is_question_id(value: object) -> bool:
    """Whether ``value`` has the shape of a question id."""
    return isinstance(value, str) and QUESTION_ID_PATTERN.fullmatch(value) is not None


def question_id_problem(value: str) -> str | None:
    """Why ``value`` is no question id, in a few words ("ids use letters, digits and _ . : -
    only"), or None when it is one."""
    if is_question_id(value):
        return None
    if not value:
        return "it is empty"
    if len(value) > QUESTION_ID_MAX:
        return f"ids are at most {QUESTION_ID_MAX} characters (this one has {len(value):,})"
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in value):
        return "ids can't contain invisible control characters"
    return "ids use letters, digits and _ . : - only"
