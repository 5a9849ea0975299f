"""The question form, shared by the editor and the moderation review (edit before approving)."""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass

from django import forms
from django.core import signing

from ..domain.categories import GENERAL, with_general
from ..domain.merge import THEIRS, YOURS, UnresolvedFields, apply_choices
from ..domain.validation import (
    CATEGORIES_MAX,
    DEFAULT_DIFFICULTY,
    quoted_as_typed,
    validate_category_slug,
    validate_display_name,
    validate_question_fields,
)

ANSWER_CHOICES = [("true", "True"), ("false", "False")]
DIFFICULTY_CHOICES = [
    (str(n), f"{n} — {label}")
    for n, label in [(1, "very easy"), (2, "easy"), (3, "medium"), (4, "hard"), (5, "very hard")]
]


_WHITESPACE = re.compile(r"\s+")
CATEGORIES_TEXT_MAX = 5000  # a legacy question may carry dozens of categories


def split_category_entries(raw: str, stored: Collection[str] = ()) -> list[str]:
    """Entries of a comma-separated categories text, trimmed, empty ones dropped.

    A stored category that itself contains a comma (player-typed legacy data) stays one entry
    when it appears whole: the longest run of pieces that re-joins to a stored entry wins.
    """
    pieces = raw.split(",")
    widest = 1 + max((entry.count(",") for entry in stored), default=0)
    entries: list[str] = []
    i = 0
    while i < len(pieces):
        taken = 1
        for j in range(min(len(pieces), i + widest), i + 1, -1):
            if ",".join(pieces[i:j]).strip() in stored:
                taken = j - i
                break
        entry = ",".join(pieces[i : i + taken]).strip()
        if entry:
            entries.append(entry)
        i += taken
    return entries


class QuestionForm(forms.Form):
    category_limit = CATEGORIES_MAX  # the game's limit, `general` included (for the picker)

    question = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        strip=True,
        error_messages={"required": "Type the question the player answers True or False."},
    )
    title = forms.CharField(required=False, strip=True)
    passage = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 8}), strip=False)
    # No default anywhere: an editor who skips it must be told, not given "True" silently.
    answer = forms.ChoiceField(
        choices=ANSWER_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the answer: True or False.",
            "invalid_choice": "Choose the answer: True or False.",
        },
    )
    categories = forms.CharField(
        required=False,
        max_length=CATEGORIES_TEXT_MAX,
        help_text="Categories separated by commas, e.g. science, history. New ones are slugs "
        "(a–z, 0–9, _); categories already on the question stay exactly as stored. "
        "“general” is always added.",
        widget=forms.TextInput(attrs={"list": "category-options", "autocomplete": "off"}),
    )
    new_category_names = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For a category that doesn't exist yet: one “slug: Display name” per line.",
    )
    difficulty = forms.ChoiceField(
        choices=DIFFICULTY_CHOICES,
        error_messages={
            "required": "Choose a difficulty from 1 to 5.",
            "invalid_choice": "Choose a difficulty from 1 to 5.",
        },
    )
    # The version the editor loaded; a save against a newer stored version is a conflict.
    version = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=0, max_value=10**9
    )

    def __init__(
        self,
        *args,
        known_categories: set[str] | None = None,
        original: dict | None = None,
        **kwargs,
    ):
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

    def _original_categories(self) -> list[str]:
        """The question's stored categories, verbatim (legacy case and spaces included)."""
        if not self.original:
            return []
        return [str(c) for c in self.original.get("categories") or [] if str(c).strip()]

    @property
    def original_categories_json(self) -> str:
        """For the chips script: stored entries it must keep exactly as they are."""
        return json.dumps([c.strip() for c in self._original_categories()])

    def clean_categories(self) -> list[str]:
        """Comma-separated entries. An entry equal to one of the question's stored categories is
        kept exactly as stored (the game's approval writes player-typed categories verbatim and
        filters case-sensitively, so rewriting one would move the question out of it). Only a
        NEW entry is lower-cased (spaces become _) and must be a valid slug."""
        raw = self.cleaned_data.get("categories", "")
        stored = {c.strip(): c for c in self._original_categories()}
        chosen: list[str] = []
        for entry in split_category_entries(raw, stored):
            if entry in stored:
                value = stored[entry]
            else:
                value = _WHITESPACE.sub("_", entry.lower())
                problem = validate_category_slug(value)
                if problem:
                    raise forms.ValidationError(f"“{quoted_as_typed(entry)}”: {problem}")
            if value not in chosen:
                chosen.append(value)
        return with_general(chosen)

    def _only_removes_categories(self, chosen: list[str]) -> bool:
        stored = set(self._original_categories())
        return bool(stored) and all(c in stored or c == GENERAL for c in chosen)

    def clean_new_category_names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for line in self.cleaned_data.get("new_category_names", "").splitlines():
            if not line.strip():
                continue
            slug, sep, display = line.partition(":")
            slug, display = slug.strip().lower(), display.strip()
            if not sep:
                raise forms.ValidationError(
                    f"“{quoted_as_typed(line.strip())}” should look like “slug: Display name”."
                )
            problem = validate_category_slug(slug) or validate_display_name(display)
            if problem:
                raise forms.ValidationError(f"“{quoted_as_typed(line.strip())}”: {problem}")
            names[slug] = display
        return names

    def clean(self):
        # Every problem at once, also beside a field Django already refused: an editor who
        # fixes one must not meet the next only on the following save.
        data = super().clean()
        data["answer"] = data.get("answer") == "true"
        data["difficulty"] = int(data.get("difficulty") or DEFAULT_DIFFICULTY)
        problems = validate_question_fields(
            question=data.get("question", ""),
            title=data.get("title", ""),
            passage=data.get("passage", ""),
            categories=data.get("categories", []),
            difficulty=data["difficulty"],
            original=self.original,
        )
        if "categories" in problems and self._only_removes_categories(data.get("categories", [])):
            # A legacy question over the category limit may shrink step by step (one save of
            # dozens of removals can exceed a DynamoDB transaction).
            del problems["categories"]
        for field_name, message in problems.items():
            if field_name in self.errors:
                continue  # refused already (a missing question, an unknown difficulty)
            self.add_error(field_name if field_name in self.fields else None, message)
        if self.known_categories is not None and "categories" not in self.errors:
            legacy = set(self._original_categories())
            new = [
                c
                for c in data.get("categories", [])
                if c not in self.known_categories and c != GENERAL and c not in legacy
            ]
            missing = [c for c in new if c not in data.get("new_category_names", {})]
            if missing:
                self.add_error(
                    "new_category_names",
                    "New categor"
                    + ("ies need" if len(missing) > 1 else "y needs")
                    + " a display name: "
                    + ", ".join(missing),
                )
        return data


# --- the editor's form: what it was loaded from, and the choices a conflict merge needs --------

EDIT_BASE_SALT = "truthbyte_admin.questions.edit-base"
MERGED_FIELDS = ("question", "title", "passage", "answer", "categories", "difficulty")
CHOICES = [(YOURS, "Mine"), (THEIRS, "Theirs")]


@dataclass(frozen=True)
class EditBase:
    """The values the editor's form was loaded from (version and fields), and the fields a
    conflict left for the editor to choose. Carried signed in a hidden field, so a merge after a
    conflict can tell which side changed what; a missing or altered one is treated as unknown
    (every disagreement then becomes a choice, nothing is guessed)."""

    version: int
    fields: dict
    must_choose: tuple[str, ...] = ()

    def token(self) -> str:
        payload = {"v": self.version, "f": self.fields, "c": list(self.must_choose)}
        return signing.dumps(payload, salt=EDIT_BASE_SALT, compress=True)

    @classmethod
    def from_token(cls, token: str) -> EditBase | None:
        if not token:
            return None
        try:
            payload = signing.loads(token, salt=EDIT_BASE_SALT)
            fields = payload["f"]
            version = payload["v"]
            must_choose = tuple(n for n in payload.get("c", ()) if n in MERGED_FIELDS)
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            return None
        if not isinstance(fields, dict) or not isinstance(version, int):
            return None
        return cls(version=version, fields=fields, must_choose=must_choose)


class EditQuestionForm(QuestionForm):
    """The editor's form: the question form plus its loaded base and per-field merge choices."""

    base = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in MERGED_FIELDS:
            self.fields[f"choose_{name}"] = forms.ChoiceField(
                required=False, choices=CHOICES, widget=forms.RadioSelect
            )

    @property
    def edit_base(self) -> EditBase | None:
        raw = self.data.get("base", "") if self.is_bound else self.initial.get("base", "")
        return EditBase.from_token(str(raw or ""))

    def edit_base_at(self, version: int | None) -> EditBase | None:
        """The base, only if it is the one of ``version`` (the version the form says it has)."""
        base = self.edit_base
        return base if base is not None and base.version == version else None

    @property
    def open_choices(self) -> list[dict]:
        """For the template: each field both people changed, with both values to choose from."""
        base = self.edit_base
        if base is None:
            return []
        rows = []
        for name in base.must_choose:
            choice = self[f"choose_{name}"]
            rows.append(
                {
                    "name": name,
                    "label": name.capitalize(),
                    "theirs": display_field(base.fields.get(name)),
                    "field": choice,
                    "chosen": self.data.get(f"choose_{name}", "") if self.is_bound else "",
                }
            )
        return rows

    def clean(self):
        data = super().clean()
        base = self.edit_base_at(data.get("version"))
        if self.errors or base is None or not base.must_choose:
            return data
        if self.data.get("action") not in ("save", "save_anyway"):
            return data  # a preview: nothing needs choosing yet
        try:
            values = apply_choices(
                yours={name: data.get(name) for name in MERGED_FIELDS},
                theirs=base.fields,
                must_choose=base.must_choose,
                choices={name: data.get(f"choose_{name}") for name in base.must_choose},
            )
        except UnresolvedFields as exc:
            for name in exc.names:
                self.add_error(
                    f"choose_{name}",
                    f"You and someone else both changed the {name}: choose which to keep.",
                )
            return data
        data.update(values)
        return data


def display_field(value) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)
