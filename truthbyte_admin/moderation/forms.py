"""What moderation pages accept: the queue's query, and the approve / reject / bulk forms."""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import unquote, urlencode

from django import forms
from django.http import QueryDict
from django.urls import reverse

from ..core.errors import BadQuery
from ..core.params import has_control_characters, page_number, text_param, whole_number
from ..data.categories import STORED_KEY_MAX

PAGE_SIZE = 25
MAX_BULK = 100
NOTES_MAX = 1000
REASON_MAX = 300
ID_MAX_BYTES = 2048
# Notes are stored in the submission's reviewer_notes, the field the game shows the player
# (after the reason, for a rejection): the label says who reads them.
PLAYER_NOTE_LABEL = "Note to the player (optional)"
REJECT_NOTE_HELP = "The game shows it to them after the reason."


def valid_submission_id(value: str) -> bool:
    """Any id the submissions table can hold and a page can show: the game's ids are
    ``[A-Za-z0-9_-]``, but odd ones ("/", spaces, other text) must stay reviewable.
    Empty, over-long (DynamoDB: 2,048 bytes for a partition key) or control characters: no."""
    if not value or len(value.encode("utf-8", "surrogatepass")) > ID_MAX_BYTES:
        return False
    return not has_control_characters(value)


# How long a submission has waited: the age filter's choices (key -> label, seconds range).
AGES = {
    "lt1d": ("Less than a day", None, 86_400),
    "1d": ("A day or more", 86_400, None),
    "7d": ("A week or more", 7 * 86_400, None),
    "30d": ("30 days or more", 30 * 86_400, None),
}
ORDERS = {"oldest": "Oldest first", "newest": "Newest first"}
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class QueueQuery:
    """The queue's filters, parsed once from the request (bad values -> BadQuery -> 400).

    ``category`` is a slug or a display name; ``author`` a player id (either shape's field);
    ``q`` words from the question, title, passage or id; ``age`` a key of :data:`AGES`.
    """

    order: str = "oldest"  # "oldest" (default: fairness to waiting players) or "newest"
    category: str = ""
    author: str = ""
    q: str = ""
    age: str = ""
    page: int = 1
    page_size: int = PAGE_SIZE

    @property
    def newest_first(self) -> bool:
        return self.order == "newest"

    @property
    def filtered(self) -> bool:
        return bool(self.category or self.author or self.q or self.age)

    @property
    def age_label(self) -> str:
        return AGES[self.age][0] if self.age else ""

    @property
    def ages(self) -> dict[str, str]:
        return {key: label for key, (label, _low, _high) in AGES.items()}

    @property
    def orders(self) -> dict[str, str]:
        return ORDERS

    @classmethod
    def from_params(cls, params: QueryDict) -> QueueQuery:
        order = params.get("order", "oldest") or "oldest"
        if order not in ORDERS:
            raise BadQuery("“Order” must be “Oldest first” or “Newest first” (the list's choices).")
        category = text_param(params.get("category"), label="Category", limit=STORED_KEY_MAX)
        author = text_param(params.get("author"), label="Author", limit=100)
        q = text_param(params.get("q"), label="Search", limit=200)
        age = (params.get("age") or "").strip()
        if age and age not in AGES:
            choices = ", ".join(f"“{label}”" for label, _low, _high in AGES.values())
            raise BadQuery(f"“Waiting” must be one of the list's choices: {choices}.")
        page = page_number(params.get("page"))
        size = whole_number(params.get("size"), label="Page size", low=1, high=MAX_PAGE_SIZE)
        return cls(
            order=order,
            category=category,
            author=author,
            q=q,
            age=age,
            page=page or 1,
            page_size=size or PAGE_SIZE,
        )

    def params(self, **changes) -> dict[str, str]:
        """Query parameters of a link to this list with ``changes`` (defaults left out)."""
        query = replace(self, **changes)
        defaults = QueueQuery()
        return {
            name: str(getattr(query, attr))
            for name, attr in (
                ("order", "order"),
                ("category", "category"),
                ("author", "author"),
                ("q", "q"),
                ("age", "age"),
                ("page", "page"),
                ("size", "page_size"),
            )
            if getattr(query, attr) != getattr(defaults, attr)
        }

    def url(self, **changes) -> str:
        params = self.params(**changes)
        base = reverse("moderation:index")
        return f"{base}?{urlencode(params)}" if params else base

    def page_url(self, number: int) -> str:
        return self.url(page=number)


def safe_next(value: str | None) -> str | None:
    """Only our own queue links are followed back after an action."""
    if value and value.startswith("/queue/") and "//" not in value and "\\" not in value:
        return value
    return None


class ApproveForm(forms.Form):
    notes = forms.CharField(
        required=False,
        max_length=NOTES_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=PLAYER_NOTE_LABEL,
        help_text="The game shows it to them.",
    )
    # "1" when the question fields were edited on the review page (QuestionForm data present).
    with_edits = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # The moderator saw the duplicate warning and approves all the same.
    approve_anyway = forms.BooleanField(required=False)


class DuplicateForm(forms.Form):
    """ "Reject as duplicate of <id>": the existing question's id goes into the stored reason."""

    duplicate_of = forms.CharField(max_length=200, strip=True)
    notes = forms.CharField(required=False, max_length=NOTES_MAX, strip=True)

    def clean_duplicate_of(self) -> str:
        value = self.cleaned_data["duplicate_of"]
        if not value.isprintable():
            raise forms.ValidationError("That question id can't be used.")
        return value


class ShortcutsForm(forms.Form):
    shortcuts_enabled = forms.BooleanField(required=False)


class ReasonsForm(forms.Form):
    reasons = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        strip=True,
        label="Rejection reasons, one a line",
        help_text="“Other (typed)” is always offered last.",
    )


class RejectForm(forms.Form):
    reason = forms.ChoiceField(
        label="Reason",
        choices=[],
        error_messages={
            "required": "choose one.",
            "invalid_choice": "choose one of the listed reasons (or “Other” and type it).",
        },
    )
    reason_text = forms.CharField(
        required=False, max_length=REASON_MAX, strip=True, label="Reason, if “Other”"
    )
    notes = forms.CharField(
        required=False,
        max_length=NOTES_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=PLAYER_NOTE_LABEL,
        help_text=REJECT_NOTE_HELP,
    )

    def __init__(self, *args, **kwargs):
        from .reasons import rejection_reasons

        super().__init__(*args, **kwargs)
        # A blank first choice: nothing is preselected, so "r" then Enter can't reject by accident.
        self.fields["reason"].choices = [("", "Choose a reason…"), *rejection_reasons()]

    def clean(self):
        from .reasons import OTHER_REASON, rejection_text

        data = super().clean()
        if self.errors:
            return data
        if data["reason"] == OTHER_REASON and not data.get("reason_text"):
            self.add_error("reason_text", "Type the reason when you choose “Other”.")
            return data
        data["stored_reason"] = rejection_text(data["reason"], data.get("reason_text", ""))
        return data

    def problems(self) -> str:
        """Each invalid field's first problem, named by its label ("Reason: choose one.")."""
        problems = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else ""
            problems.append(f"{label}: {errors[0]}" if label else str(errors[0]))
        return " ".join(problems)


class BulkForm(RejectForm):
    action = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    ids = forms.MultipleChoiceField(required=False, choices=[])
    # "Select all on this page" without JavaScript: the page's ids travel in page_ids.
    all_on_page = forms.BooleanField(required=False)
    page_ids = forms.CharField(required=False)
    confirmed = forms.BooleanField(required=False)
    approve_anyway = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = False
        self.fields["ids"].choices = (
            [(i, i) for i in self.data.getlist("ids")] if hasattr(self.data, "getlist") else []
        )

    def clean(self):
        data = forms.Form.clean(self)
        if self.errors:
            return data
        if data.get("all_on_page"):
            ids = [unquote(i) for i in (data.get("page_ids") or "").split(",") if i]
        else:
            ids = list(data.get("ids") or [])
        ids = list(dict.fromkeys(ids))
        if not ids:
            raise forms.ValidationError("Select at least one submission.")
        if len(ids) > MAX_BULK:
            raise forms.ValidationError(
                f"Select at most {MAX_BULK} submissions at a time (you selected {len(ids)})."
            )
        if not all(valid_submission_id(i) for i in ids):
            raise forms.ValidationError("That selection can't be used.")
        data["selected"] = ids
        if data["action"] == "reject":
            if not data.get("reason"):
                self.add_error("reason", "Choose a reason to reject with.")
                return data
            return self._reject_reason(data)
        return data

    def _reject_reason(self, data):
        from .reasons import OTHER_REASON, rejection_text

        if data["reason"] == OTHER_REASON and not data.get("reason_text"):
            self.add_error("reason_text", "Type the reason when you choose “Other”.")
            return data
        data["stored_reason"] = rejection_text(data["reason"], data.get("reason_text", ""))
        return data
