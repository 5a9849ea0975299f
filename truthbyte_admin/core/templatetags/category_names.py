"""Category names as the game stored them. The game matches names exactly, so " space" (spaces
at either end) is another category than "space": such a name is shown in quotes, never trimmed."""

from __future__ import annotations

from urllib.parse import quote

from django import template
from django.utils.html import format_html

from ...domain.categories import GENERAL

register = template.Library()

SPACED_TITLE = "Stored with spaces at either end, exactly as the game matches it"


def is_spaced(name: str) -> bool:
    return name != name.strip()


@register.filter
def category_shown(name: str) -> str:
    """``name`` as text: quoted when it has spaces at either end (“ space”)."""
    return f"“{name}”" if is_spaced(name) else name


@register.simple_tag
def category_chip(name: str, *, filter_link: bool = False, limit: int | None = None) -> str:
    """One category of a question as a chip; ``filter_link``: a link to the question list
    filtered on exactly that name; ``limit``: at most that many characters shown (a legacy
    name can be a whole sentence), the whole name then in its title."""
    spaced = is_spaced(name)
    shown = category_shown(name)
    title = SPACED_TITLE if spaced else ""
    if limit is not None and len(shown) > limit:
        shown = shown[: limit - 1] + "…"
        title = f"{title}: “{name}”" if spaced else name
    classes = "chip legacy" if spaced else "chip general" if name == GENERAL else "chip"
    said = format_html(' title="{}"', title) if title else ""
    if spaced:
        said = format_html('{} data-testid="spaced-category"', said)
    if filter_link:
        return format_html(
            '<a class="{}" href="?category={}"{} dir="auto">{}</a>',
            classes,
            quote(name, safe="/"),  # as Django's urlencode filter
            said,
            shown,
        )
    return format_html('<span class="{}"{} dir="auto">{}</span>', classes, said, shown)
