"""What moderation pages accept: the queue's query, and the approve / reject / bulk forms."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote

from django import forms
from django.http import QueryDict

from ..core.errors import BadQuery
from ..domain.validation import validate_category_slug

PAGE_SIZE = 25
MAX_BULK = 100
NOTES_MAX = 1000
REASON_MAX = 300
ID_MAX_BYTES = 2048
# Where the queue's rows come from: status-index (the game's shape), or a filtered Scan for the
# pending submissions status-index cannot hold (the design document's shape, no submitted_at).
SOURCE_INDEX = "index"
SOURCE_UNINDEXED = "unindexed"


def valid_submission_id(value: str) -> bool:
    """Any id the submissions table can hold and a page can show: the game's ids are
    ``[A-Za-z0-9_-]``, but odd ones ("/", spaces, other text) must stay reviewable.
    Empty, over-long (DynamoDB: 2,048 bytes for a partition key) or control characters: no."""
    if not value or len(value.encode("utf-8", "surrogatepass")) > ID_MAX_BYTES:
        return False
    return not any(unicodedata.category(ch) in ("Cc", "Cs") for ch in value)


@dataclass(frozen=True)
class QueueQuery:
    order: str = "oldest"  # "oldest" (default: fairness to waiting players) or "newest"
    category: str | None = None
    author: str | None = None
    cursor: str | None = None
    page_size: int = PAGE_SIZE
    source: str = SOURCE_INDEX

    @property
    def newest_first(self) -> bool:
        return self.order == "newest"

    @property
    def unindexed(self) -> bool:
        return self.source == SOURCE_UNINDEXED

    @classmethod
    def from_params(cls, params: QueryDict) -> QueueQuery:
        source = params.get("source", SOURCE_INDEX) or SOURCE_INDEX
        if source not in (SOURCE_INDEX, SOURCE_UNINDEXED):
            raise BadQuery("Source must be “index” or “unindexed”.")
        order = params.get("order", "oldest") or "oldest"
        if order not in ("oldest", "newest"):
            raise BadQuery("Order must be “oldest” or “newest”.")
        if source == SOURCE_UNINDEXED:
            order = "oldest"  # a Scan has no order to choose: the table's own is shown
        category = (params.get("category") or "").strip().lower() or None
        if category:
            problem = validate_category_slug(category)
            if problem:
                raise BadQuery(f"Category filter: {problem}")
        author = (params.get("author") or "").strip() or None
        if author and (len(author) > 100 or not author.isprintable()):
            raise BadQuery("Author filter: a player id is at most 100 printable characters.")
        return cls(
            order=order,
            category=category,
            author=author,
            cursor=params.get("cursor") or None,
            source=source,
        )

    def params(self, **changes) -> dict:
        """Query parameters for a link to this view with ``changes`` (no cursor unless given)."""
        values = {
            "source": self.source,
            "order": self.order,
            "category": self.category or "",
            "author": self.author or "",
            "cursor": "",
        }
        values.update(changes)
        defaults = {"order": "oldest", "source": SOURCE_INDEX}
        return {k: v for k, v in values.items() if v and defaults.get(k) != v}


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
        label="Reviewer notes (optional)",
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
    reason = forms.ChoiceField(label="Reason", choices=[])
    reason_text = forms.CharField(
        required=False, max_length=REASON_MAX, strip=True, label="Reason, if “Other”"
    )
    notes = forms.CharField(
        required=False,
        max_length=NOTES_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Reviewer notes (optional)",
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
        if len(ids) > MAX_BULK or not all(valid_submission_id(i) for i in ids):
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
