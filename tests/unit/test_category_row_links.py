"""A category row's link to its own audit entries."""

from __future__ import annotations

from truthbyte_admin.categories.selectors import CategoryRow


def test_the_audit_link_is_the_category_alone():
    row = CategoryRow(slug="sci fi", display_name="Sci fi", stored=1, actual=1)
    assert row.audit_url == "/audit/?item=Category+%23sci+fi"


def test_no_audit_link_for_a_key_the_logs_filter_would_trim_into_another():
    # The log's filter trims what it is given: "science " would list science's entries.
    for slug in ("science ", " science"):
        assert CategoryRow(slug=slug, display_name="", stored=1, actual=1).audit_url is None
