"""Category display names staff type: invisible characters that would change how the name, or
the text around it, is shown are refused with a message that says so; the invisible characters
real names need are kept. Sentences that quote names isolate each one."""

from __future__ import annotations

import pytest

from truthbyte_admin.categories.wording import Wording, literal
from truthbyte_admin.domain.validation import validate_display_name

DIRECTION_CONTROLS = [
    "\u200e",  # left-to-right mark
    "\u200f",  # right-to-left mark
    "\u061c",  # Arabic letter mark
    *(chr(c) for c in range(0x202A, 0x202F)),  # embeddings, overrides, pop
    *(chr(c) for c in range(0x2066, 0x206A)),  # isolates, pop
]


@pytest.mark.parametrize("control", DIRECTION_CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_text_direction_characters_are_refused_by_name(control: str) -> None:
    problem = validate_display_name(f"Capitals{control}evil")
    assert problem is not None
    assert problem.startswith(
        f"It contains an invisible text-direction character (U+{ord(control):04X} "
    )
    assert problem.endswith("which would reorder the text shown around it; remove it.")


def test_the_reported_example_says_which_character_and_why() -> None:
    assert validate_display_name("Capitals\u202eevil") == (
        "It contains an invisible text-direction character (U+202E right-to-left override), "
        "which would reorder the text shown around it; remove it."
    )
    assert validate_display_name("\u2067Capitals\u2069") == (
        "It contains invisible text-direction characters (U+2067 right-to-left isolate, "
        "U+2069 pop directional isolate), which would reorder the text shown around them; "
        "remove them."
    )


@pytest.mark.parametrize(
    ("name", "described"),
    [
        ("Capi\u200btals", "U+200B zero width space"),
        ("\ufeffCapitals", "U+FEFF zero width no-break space"),
        ("Capi\u00adtals", "U+00AD soft hyphen"),
        ("Capi\u2060tals", "U+2060 word joiner"),
    ],
)
def test_other_invisible_formatting_characters_are_refused(name: str, described: str) -> None:
    assert validate_display_name(name) == (
        f"It contains an invisible formatting character ({described}); remove it."
    )


@pytest.mark.parametrize(
    "name",
    [
        "عواصم",  # right-to-left text itself is a name like any other
        "בירות",
        "می\u200cخواهم",  # zero width non-joiner: Persian spelling
        "👩\u200d🔬 Scientists",  # zero width joiner: one emoji
        "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f Scotland",  # a flag's tags
    ],
)
def test_names_real_scripts_and_emoji_need_are_accepted(name: str) -> None:
    assert validate_display_name(name) is None


def test_messages_read_after_the_category_they_are_about() -> None:
    # The rename prefixes "Display name of “slug”: " and lowers the first letter.
    assert validate_display_name("  ") == "Enter a display name."
    assert validate_display_name("N" * 61) == "Use at most 60 characters (it has 61)."
    assert validate_display_name("Two\nlines") == (
        "Use a single line without invisible control characters (it has U+000A)."
    )


def test_a_wording_isolates_and_escapes_each_name() -> None:
    said = Wording(
        "Renamed {slug}: {old} → {new}.", {"slug": "capitals", "old": "A\u202eb", "new": "<i>"}
    )
    assert str(said) == "Renamed “capitals”: “A\u202eb” → “<i>”."
    assert said.html() == (
        "Renamed “<bdi>capitals</bdi>”: “<bdi>A\u202eb</bdi>” → “<bdi>&lt;i&gt;</bdi>”."
    )
    plain = Wording(literal("Braces {kept} & <b>escaped</b>"))
    assert str(plain) == "Braces {kept} & <b>escaped</b>"
    assert plain.html() == "Braces {kept} &amp; &lt;b&gt;escaped&lt;/b&gt;"
