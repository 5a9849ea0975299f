"""The shape of the ids the game writes: anything else was not written by it."""

from __future__ import annotations

import re

# A player id: a UUID-like token.
USER_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
