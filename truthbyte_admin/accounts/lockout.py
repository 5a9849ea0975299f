"""Slow down password guessing: after N failures for a username (or from an address), lock out."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import caches


def _cache():
    return caches["security"]


def _keys(username: str, address: str) -> list[str]:
    user_key = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    return [f"login-fail:user:{user_key}", f"login-fail:addr:{address}"]


def is_locked(username: str, address: str) -> bool:
    limit = settings.LOGIN_FAILURE_LIMIT
    user_key, addr_key = _keys(username, address)
    # An address gets more room than a username: several staff may share an office NAT.
    return (_cache().get(user_key, 0) >= limit) or (_cache().get(addr_key, 0) >= limit * 4)


def record_failure(username: str, address: str) -> None:
    for key in _keys(username, address):
        try:
            _cache().incr(key)
        except ValueError:
            _cache().set(key, 1, settings.LOGIN_LOCKOUT_SECONDS)


def clear(username: str, address: str) -> None:
    _cache().delete(_keys(username, address)[0])
