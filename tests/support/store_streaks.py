"""The "store the recomputed streaks" confirmation page, read as a browser would submit it."""

from __future__ import annotations

import html as html_lib
import re


def reviewed(page_html: str) -> dict[str, str]:
    """The hidden fields saying what the admin reviewed (the record's last active time and its
    stored streaks), to send back with a confirmation."""
    return {
        name: html_lib.unescape(
            re.search(rf'name="{name}" value="([^"]*)"', page_html).group(1)  # type: ignore[union-attr]
        )
        for name in ("seen_last_active", "seen_stored")
    }
