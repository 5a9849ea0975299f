"""The shape of the ids the game writes: anything else was not written by it."""

from __future__ import annotations

import re

# A player id: a UUID-like token.
USER_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

# A question id. In real data: curated "q530", demo "dq00001", ours and the game's approvals
# "q_" + hex. Anything else is refused before it reaches DynamoDB (an empty or >2 KB key is a
# ValidationException there, and a "/" can't be part of the editor's URL).
QUESTION_ID_PATTERN = re.compile(r"[A-Za-z0-9_.:-]{1,128}")  # with fullmatch


def is_question_id(value: object) -> bool:
    """Whether ``value`` has the shape of a question id."""
    return isinstance(value, str) and QUESTION_ID_PATTERN.fullmatch(value) is not None
