"""Short stored text shown exactly as written, such as a player id from the game: an invisible
character in it is written out (⟨U+202E⟩) rather than left to reverse or hide what is shown."""

from __future__ import annotations

from django import template

from ...domain.validation import invisible_characters_note, quoted_as_typed

register = template.Library()


@register.filter
def as_typed(text: object, limit: int = 200) -> str:
    """``text`` with any invisible format or control character written out, at most
    ``limit`` characters and "…" after a longer one (the same rule that quotes typed text back
    in messages)."""
    text = "" if text is None else str(text)
    return quoted_as_typed(text, limit) + ("…" if len(text) > limit else "")


@register.simple_tag
def invisible_note(*texts: object) -> str:
    """The note the review page gives for invisible characters in any of ``texts``, or "": a
    list row flags what one keypress would otherwise approve unseen."""
    return invisible_characters_note("".join("" if t is None else str(t) for t in texts)) or ""
