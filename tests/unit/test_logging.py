"""The log under the real settings: an expected refusal is one line, each message once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_REFUSED_PAGE = """
import django
django.setup()
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils.log import log_response
from django.http import HttpResponseForbidden
try:
    raise PermissionDenied("Your role can't do this.")
except PermissionDenied as exc:
    request = RequestFactory().post("/categories/reconcile/")
    log_response(
        "Forbidden (Permission denied): %s", request.path,
        response=HttpResponseForbidden(), request=request, exception=exc,
    )
"""


def test_a_refused_page_is_one_log_line_without_a_traceback_even_in_debug():
    env = dict(os.environ, DJANGO_DEBUG="1", DJANGO_SETTINGS_MODULE="truthbyte_admin.settings")
    result = subprocess.run(
        [sys.executable, "-c", _REFUSED_PAGE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert result.stderr == "Forbidden (Permission denied): /categories/reconcile/\n"
