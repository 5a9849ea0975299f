"""Sentences for staff that quote category keys and display names.

Names come from staff or from the game, in any script, and the game may have stored invisible
text-direction characters in them: shown inline, such a name would reorder the sentence around
it ("Renamed “capitals”: …" read backwards from the name on). A :class:`Wording`'s ``html()``
puts each name in its own bidi isolate (``<bdi>``), which nothing inside the name can escape;
``str()`` is the plain text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


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
