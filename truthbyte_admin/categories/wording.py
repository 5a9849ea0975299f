"""Sentences for staff that quote category keys, display names, and stored counts that aren't
numbers.

Names come from staff or from the game, in any script, and the game may have stored invisible
text-direction characters in them: shown inline, such a name would reorder the sentence around
it ("Renamed “capitals”: …" read backwards from the name on). A :class:`Wording`'s ``html()``
puts each name in its own bidi isolate (``<bdi>``), which nothing inside the name can escape;
``str()`` is the plain text.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from ..core.clock import utc_today
from ..domain.validation import stored_type_name


@dataclass(frozen=True)
class Wording:
    """``template`` has a ``{key}`` for each of ``names`` (other braces doubled: :func:`literal`);
    each name is shown in “quotes”."""

    template: str
    names: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.template.format_map({key: f"“{name}”" for key, name in self.names.items()})

    def html(self) -> SafeString:
        isolated = {key: format_html("“<bdi>{}</bdi>”", name) for key, name in self.names.items()}
        return mark_safe(str(escape(self.template)).format_map(isolated))


def literal(text: str) -> str:
    """``text`` as part of a template: its braces are not placeholders."""
    return text.replace("{", "{{").replace("}", "}}")


def stored_value_text(value: object) -> str:
    """A stored value that should have been a number, as text to quote: text as it is, anything
    else as JSON (``true``, ``{"n": 3}``)."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def stored_count_html(count: int | None, unreadable: object = None) -> SafeString:
    """A stored count as a page shows it: ``1,234``; what is stored instead of a number, quoted
    in its own isolate with what it is ("“lots” (text, not a number)"); "—" for none."""
    if unreadable is not None:
        return format_html(
            '“<bdi>{}</bdi>” <span class="help">({}, not a number)</span>',
            stored_value_text(unreadable),
            stored_type_name(unreadable),
        )
    return mark_safe("—" if count is None else f"{count:,}")


def count_change(slug: str, stored: int | None, unreadable: object, counted: int) -> Wording:
    """“science”: stored count 20 → 12."""
    if unreadable is not None:
        return Wording(
            "{slug}: stored count {was} (not a number) → " + f"{counted:,}",
            {"slug": slug, "was": stored_value_text(unreadable)},
        )
    was = "none" if stored is None else f"{stored:,}"
    return Wording("{slug}: stored count " + f"{was} → {counted:,}", {"slug": slug})


def when_text(moment: dt.datetime) -> str:
    """A past moment as a page says it: "at 06:12 UTC" today, "on 2025-03-10 at 06:12 UTC"
    before. Unlike "3 min ago", it stays true while the page stays open."""
    moment = moment.astimezone(dt.UTC)
    if moment.date() == utc_today():
        return f"at {moment:%H:%M} UTC"
    return f"on {moment:%Y-%m-%d} at {moment:%H:%M} UTC"
