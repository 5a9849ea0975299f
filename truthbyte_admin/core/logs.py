"""Log filters the settings' LOGGING uses."""

from __future__ import annotations

import logging


class ForbiddenInOneLine(logging.Filter):
    """A 403 is the permission decorator doing its job (a role without the capability): the log
    says which page was refused, without the traceback Django attaches to it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            _drop_traceback(record)
        return True


class WithoutTraceback(logging.Filter):
    """Drops the traceback of everything a logger records: for refusals that are expected,
    where the message says all (a request for a host not in ALLOWED_HOSTS)."""

    def filter(self, record: logging.LogRecord) -> bool:
        _drop_traceback(record)
        return True


def _drop_traceback(record: logging.LogRecord) -> None:
    record.exc_info = None
    record.exc_text = None
