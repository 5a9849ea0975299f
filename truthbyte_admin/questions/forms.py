"""The editor's form: the shared question form plus what it was loaded from and the choices a
conflict merge needs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django import forms
from django.core import signing

from ..core.errors import BadQuery
from ..core.question_form import QuestionForm
from ..data.models import Question
from ..domain.merge import THEIRS, YOURS, Merge, UnresolvedFields, apply_choices, merge_fields
from .selectors import display_value
from .services import EDITABLE_FIELDS, QuestionEdits

EDIT_BASE_SALT = "truthbyte_admin.questions.edit-base"
CHOICES = [(YOURS, "Mine"), (THEIRS, "Saved meanwhile")]


@dataclass(frozen=True)
class EditBase:
    """The values the editor's form was loaded from (version and fields), and the fields a
    conflict left for the editor to choose. Carried signed in a hidden field, so a merge after a
    conflict can tell which side changed what; a missing or altered one is treated as unknown
    (every disagreement then becomes a choice, nothing is guessed)."""

    version: int
    fields: dict
    must_choose: tuple[str, ...] = ()

    @classmethod
    def of(cls, question: Question, must_choose=()) -> EditBase:
        return cls(question.version, QuestionEdits.of(question).as_dict(), tuple(must_choose))

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
            must_choose = tuple(n for n in payload.get("c", ()) if n in EDITABLE_FIELDS)
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            return None
        if not isinstance(fields, dict) or not isinstance(version, int):
            return None
        return cls(version=version, fields=fields, must_choose=must_choose)


class EditQuestionForm(QuestionForm):
    """The editor's form: the question form plus its loaded base and per-field merge choices."""

    base = forms.CharField(required=False, widget=forms.HiddenInput)
    # The version the editor loaded; a save against a newer stored version is a conflict. One
    # that is not a whole number never gets here (sent_version: the 400 page).
    version = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=0, max_value=10**9
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in EDITABLE_FIELDS:
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
                    "theirs": display_value(base.fields.get(name), missing=""),
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
                yours={name: data.get(name) for name in EDITABLE_FIELDS},
                theirs=base.fields,
                must_choose=base.must_choose,
                choices={name: data.get(f"choose_{name}") for name in base.must_choose},
            )
        except UnresolvedFields as exc:
            for name in exc.names:
                self.add_error(
                    f"choose_{name}",
                    f"Both versions changed the {name}: choose which to keep.",
                )
            return data
        data.update(values)
        return data


@dataclass(frozen=True)
class ConflictRetry:
    """Someone else saved first: the editor's form again, now on the stored version, with the
    field-by-field merge in it. Fields only they changed keep their value, fields only the
    editor changed keep the editor's, fields both changed wait for a choice; saving it is one
    conditional write on the stored version, so nothing of theirs is undone unless chosen."""

    form: EditQuestionForm
    merge: Merge
    rows: list[tuple[str, str, str, str]]  # field, the editor's value, theirs, outcome


def retry_after_conflict(
    form: EditQuestionForm, current: Question, *, known_categories
) -> ConflictRetry:
    loaded = form.edit_base_at(form.cleaned_data.get("version"))
    merge = merge_fields(
        base=loaded.fields if loaded else None,
        yours=QuestionEdits.from_cleaned(form.cleaned_data).as_dict(),
        theirs=QuestionEdits.of(current).as_dict(),
        names=EDITABLE_FIELDS,
    )
    rows = [
        (field.name, display_value(field.yours), display_value(field.theirs), field.outcome)
        for field in merge.fields
    ]
    retry = EditQuestionForm(
        _merged_form_data(form.data, merge, current),
        known_categories=known_categories,
        original=QuestionForm.original_from(current),
    )
    retry.is_valid()
    return ConflictRetry(retry, merge, rows)


def _merged_form_data(posted, merge: Merge, current: Question):
    """The editor's submitted form, with the other person's value wherever only they changed
    a field, based on the stored version, and no choice made yet."""
    data = posted.copy()
    stored_form_values = QuestionForm.initial_from(current)
    for name in merge.kept_theirs:
        data[name] = stored_form_values[name]
    data["version"] = str(current.version)
    data["base"] = EditBase.of(current, merge.needs_choice).token()
    for name in EDITABLE_FIELDS:
        data.pop(f"choose_{name}", None)
    data["action"] = ""  # not a save yet: open choices are offered, not reported as missing
    return data


def sent_version(raw: str | None) -> int | None:
    """The version a form says it was loaded at (its hidden field), None when it sent none;
    anything but a whole number is the 400 page (only a changed page or a script sends one)."""
    if raw is None:
        return None
    if not re.fullmatch(r"[0-9]{1,9}", raw.strip()):
        raise BadQuery(
            "The version this form was loaded at must be a whole number (digits 0–9); "
            "reload the page."
        )
    return int(raw)


def retire_version(raw: str | None, *, stored: int | None) -> int | None:
    """The version the retire confirmation was loaded at (``stored`` when the form sent none);
    anything but a whole number is the 400 page."""
    version = sent_version(raw)
    return stored if version is None else version
