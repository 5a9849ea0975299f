"""The question form, shared by the editor and the moderation review (edit before approving).

It shows the fields and puts each problem beside its field; the rules themselves are
``domain.validation.validate_question_edit``, so both jobs refuse the same things in the same
words.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from functools import cached_property

from django import forms

from ..domain.validation import (
    CATEGORIES_MAX,
    QUESTION_EDIT_FIELDS,
    invisible_characters_note,
    stored_categories,
    validate_question_edit,
)

ANSWER_CHOICES = [("true", "True"), ("false", "False")]
DIFFICULTY_CHOICES = [
    (str(n), f"{n} — {label}")
    for n, label in [(1, "very easy"), (2, "easy"), (3, "medium"), (4, "hard"), (5, "very hard")]
]


class _AsTyped:
    """A field that hands over what was typed: the form's clean() applies the rules. Its
    ``required`` is only the browser's hint (the HTML attribute)."""

    def clean(self, value):
        return value


class _TypedText(_AsTyped, forms.CharField):
    pass


class _TypedChoice(_AsTyped, forms.ChoiceField):
    pass


class QuestionForm(forms.Form):
    category_limit = CATEGORIES_MAX  # the game's limit, `general` included (for the picker)

    # Player and editor text in any script: each field's direction follows what is typed in it
    # (Arabic and Hebrew right to left, punctuation and emoji where the writer put them).
    question = _TypedText(widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}))
    title = _TypedText(required=False, widget=forms.TextInput(attrs={"dir": "auto"}))
    passage = _TypedText(required=False, widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}))
    # No default anywhere: an editor who skips it must be told, not given "True" silently.
    answer = _TypedChoice(choices=ANSWER_CHOICES, widget=forms.RadioSelect)
    categories = _TypedText(
        required=False,
        help_text="Categories separated by commas, e.g. science, history. New ones become "
        "slugs (a–z, 0–9, _: “Pop Culture” is pop_culture); categories already on the "
        "question stay exactly as stored. “general” is always added.",
        widget=forms.TextInput(attrs={"list": "category-options", "autocomplete": "off"}),
    )
    new_category_names = _TypedText(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=(
            "For a category that doesn't exist yet: one “slug: Display name” per line. Staff see "
            "the name in this admin; players see the game's own name for the key "
            "(capital_cities: “Capital Cities”)."
        ),
    )
    difficulty = _TypedChoice(choices=DIFFICULTY_CHOICES)

    def __init__(
        self,
        *args,
        known_categories: Mapping[str, str | None] | Collection[str] | None = None,
        deleted_categories: Mapping[str, str] | None = None,
        original: dict | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.known_categories = known_categories
        self.deleted_categories = deleted_categories  # see validate_question_edit
        self.original = original  # stored values: unchanged over-limit text stays editable

    @classmethod
    def initial_from(cls, obj) -> dict:
        """Initial data from a Question or Submission."""
        return {
            "question": obj.question,
            "title": obj.title,
            "passage": obj.passage,
            "answer": "true" if obj.answer else "false",
            "categories": ", ".join(c for c in obj.categories if c != "general"),
            "difficulty": str(obj.difficulty),
            "version": getattr(obj, "version", None),
        }

    @classmethod
    def original_from(cls, obj) -> dict:
        """The stored values for ``original=``: unchanged over-limit text stays editable."""
        return {
            "question": obj.question,
            "title": obj.title,
            "passage": obj.passage,
            "categories": list(obj.categories),
            "difficulty": obj.difficulty,
        }

    @cached_property
    def invisible_notes(self) -> dict[str, str]:
        """Field name -> a note naming the invisible characters in what the field holds (as
        typed, or as stored): shown beside the field, nothing refused."""
        notes = {}
        for name in ("question", "title", "passage"):
            note = invisible_characters_note(self[name].value())
            if note:
                notes[name] = note
        return notes

    @property
    def original_categories_json(self) -> str:
        """For the chips script: stored entries it must keep exactly as they are."""
        return json.dumps([c.strip() for c in stored_categories(self.original)])

    def clean(self):
        data = super().clean()
        typed = {name: data.pop(name, None) for name in QUESTION_EDIT_FIELDS}
        check = validate_question_edit(
            typed,
            original=self.original,
            known_categories=self.known_categories,
            deleted_categories=self.deleted_categories,
        )
        data.update(check.values)
        for name, messages in check.problems.items():
            self.add_error(name, messages)
        return data


def categories_named(names: dict[str, str]) -> str:
    """Categories (slug -> display name) named for a message, "the category “Space Travel”
    (space_travel)", or "" for none: the categories a save of this form (an edit, a create, an
    approval) created, or an undone approval left without questions, named as the game will
    show them, where staff look."""
    if not names:
        return ""
    which = "category" if len(names) == 1 else "categories"
    named = ", ".join(f"“{name}” ({slug})" for slug, name in names.items())
    return f"the {which} {named}"


def names_left_unused(
    display_names: Mapping[str, str] | None, created: Mapping[str, str]
) -> tuple[str, ...]:
    """The categories a save's "Names for new categories" named (``display_names``) that it did
    not create (``created``, slug -> name): what :func:`names_not_used` tells staff about."""
    return tuple(slug for slug in display_names or {} if slug not in created)


def names_not_used(slugs: Iterable[str], categories: Collection[str]) -> str:
    """ " The name given for … was not used: …" for each category a save's "Names for new
    categories" named without creating it (``categories``: the question's, as stored), or "":
    a line typed for a category left out of the Categories box, or one that exists already,
    stores nothing, and staff are told so rather than find the name missing later."""
    notes = []
    for slug in slugs:
        if slug in categories:
            notes.append(
                f" The name given for {slug} was not used: that category exists already and "
                "keeps its name (rename it on the Categories page)."
            )
        else:
            notes.append(
                f" The name given for {slug} was not used: the question is not in {slug} "
                "(add it in the Categories box to create it)."
            )
    return "".join(notes)
