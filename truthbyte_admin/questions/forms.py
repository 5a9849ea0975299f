"""The editor's form: the shared question form plus what it was loaded from and the choices a
conflict merge needs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django import forms
from django.core import signing

from ..core.errors import BadQuery
from ..core.question_form import QuestionForm
from ..domain.merge import THEIRS, YOURS, UnresolvedFields, apply_choices

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


def retire_version(raw: str | None, *, stored: int) -> int:
    """The version the retire confirmation was loaded at (the stored one when the form sent
    none); anything but a whole number is the 400 page."""
    if raw is None:
        return stored
    if not re.fullmatch(r"[0-9]{1,9}", raw.strip()):
        raise BadQuery("The version must be a whole number (digits 0–9).")
    return int(raw)
