"""Spreadsheet-safe CSV cells for the audit log export (no I/O)."""

from __future__ import annotations

import pytest

from truthbyte_admin.auditlog.export import safe_cell


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("plain text", "plain text"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (42, "42"),
    ],
)
def test_formula_starts_get_an_apostrophe(value, cell):
    assert safe_cell(value) == cell
