"""The queue's category filter reads what staff type as the editor does (no I/O)."""

from __future__ import annotations

from truthbyte_admin.staffindex.pending import resolve
from truthbyte_admin.staffindex.selectors import CategoryChoice

OPTIONS = [CategoryChoice("science", "Science"), CategoryChoice("pop_culture", "Pop culture")]


def test_a_known_category_by_key_or_name_any_case():
    assert resolve("SCIENCE", OPTIONS) == OPTIONS[0]
    assert resolve("pop culture", OPTIONS) == OPTIONS[1]


def test_an_unknown_name_is_looked_for_under_the_key_a_new_category_would_get():
    chosen = resolve("Sci-Fi  Films", OPTIONS)
    assert (chosen.slug, chosen.known) == ("sci_fi_films", False)
