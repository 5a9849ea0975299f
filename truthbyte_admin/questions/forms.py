"""The question form, shared by the editor and the moderation review (edit before approving)."""

from __future__ import annotations

import re

from django import forms

from ..domain.categories import normalise_categories
from ..domain.validation import (
    validate_category_slug,
    validate_display_name,
    validate_question_fields,
)

ANSWER_CHOICES = [("true", "True"), ("false", "False")]
DIFFICULTY_CHOICES = [(str(n), f"{n} — {label}") for n, label in
                      [(1, "very easy"), (2, "easy"), (3, "medium"), (4, "hard"), (5, "very hard")]]


class QuestionForm(forms.Form):
    question = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), strip=True)
    title = forms.CharField(required=False, strip=True)
    passage = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 8}), strip=False)
    answer = forms.ChoiceField(choices=ANSWER_CHOICES, widget=forms.RadioSelect)
    categories = forms.CharField(
        required=False,
        help_text="Category slugs separated by commas, e.g. science, history. "
        "“general” is always added.",
        widget=forms.TextInput(attrs={"list": "category-options", "autocomplete": "off"}),
    )
    new_category_names = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For a category that doesn't exist yet: one “slug: Display name” per line.",
    )
    difficulty = forms.ChoiceField(choices=DIFFICULTY_CHOICES)
    # The version the editor loaded; a save against a newer stored version is a conflict.
    version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, known_categories: set[str] | None = None,
                 original: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.known_categories = known_categories
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

    def _original_categories(self) -> set[str]:
        if not self.original:
            return set()
        return {str(c).strip().lower() for c in self.original.get("categories") or []}

    def clean_categories(self) -> list[str]:
        raw = self.cleaned_data.get("categories", "")
        slugs = [s.strip().lower() for s in re.split(r"[,\s]+", raw) if s.strip()]
        legacy = self._original_categories()
        for slug in slugs:
            if slug in legacy:
                continue  # an odd slug already on the question may stay
            problem = validate_category_slug(slug)
            if problem:
                raise forms.ValidationError(f"“{slug}”: {problem}")
        return normalise_categories(slugs)

    def clean_new_category_names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for line in self.cleaned_data.get("new_category_names", "").splitlines():
            if not line.strip():
                continue
            slug, sep, display = line.partition(":")
            slug, display = slug.strip().lower(), display.strip()
            if not sep:
                raise forms.ValidationError(
                    f"“{line.strip()}” should look like “slug: Display name”."
                )
            problem = validate_category_slug(slug) or validate_display_name(display)
            if problem:
                raise forms.ValidationError(f"“{line.strip()}”: {problem}")
            names[slug] = display
        return names

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        data["answer"] = data.get("answer") == "true"
        data["difficulty"] = int(data.get("difficulty") or 3)
        problems = validate_question_fields(
            question=data.get("question", ""),
            title=data.get("title", ""),
            passage=data.get("passage", ""),
            categories=data.get("categories", []),
            difficulty=data["difficulty"],
            original=self.original,
        )
        for field_name, message in problems.items():
            self.add_error(field_name if field_name in self.fields else None, message)
        if self.known_categories is not None:
            legacy = self._original_categories()
            new = [c for c in data.get("categories", []) if c not in self.known_categories
                   and c != "general" and c not in legacy]
            missing = [c for c in new if c not in data.get("new_category_names", {})]
            if missing:
                self.add_error(
                    "new_category_names",
                    "New categor" + ("ies need" if len(missing) > 1 else "y needs")
                    + " a display name: " + ", ".join(missing),
                )
        return data
