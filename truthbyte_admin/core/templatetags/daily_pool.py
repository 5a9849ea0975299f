"""``difficulty|in_daily_pool``: whether the game would pick a question of this difficulty for
its daily pool, ``{% pool_difficulties %}``: those difficulties as staff read them ("1–4"), and
``{% game_first_day %}``: the earliest day a page about a day accepts, for a date box's ``min``.
All from domain.daily_set, so no template spells them itself."""

from __future__ import annotations

from django import template

from ...domain.daily_set import GAME_FIRST_DAY, POOL_DIFFICULTIES
from ...domain.daily_set import in_daily_pool as _in_daily_pool

register = template.Library()


@register.filter
def in_daily_pool(difficulty) -> bool:
    return _in_daily_pool(difficulty)


@register.simple_tag
def pool_difficulties() -> str:
    low, high = POOL_DIFFICULTIES
    return f"{low}–{high}"


@register.simple_tag
def game_first_day() -> str:
    return GAME_FIRST_DAY.isoformat()
