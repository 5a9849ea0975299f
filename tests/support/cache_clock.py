"""Moving the cache's clock on instead of sleeping until an entry expires.

The app's caches are Django's local-memory cache (settings.CACHES): it reads ``time.time()``
when it stores an entry's expiry and when it checks it. Both are moved by the same offset, so
an entry stored with a TTL expires once the clock has moved past it, and not before.
"""

from __future__ import annotations

from collections.abc import Callable
from time import time as real_time
from types import SimpleNamespace

from django.core.cache.backends import base, locmem


def cache_clock(monkeypatch) -> Callable[[float], None]:
    """Returns ``later(seconds)``, which moves the cache's clock on (undone after the test)."""
    offset = [0.0]
    moved = SimpleNamespace(time=lambda: real_time() + offset[0])
    monkeypatch.setattr(base, "time", moved)
    monkeypatch.setattr(locmem, "time", moved)

    def later(seconds: float) -> None:
        offset[0] += seconds

    return later
