"""What moderation pages accept: the approve / reject / bulk forms (the queue's query is in
:mod:`.queries`)."""

from __future__ import annotations

from urllib.parse import unquote

from django import forms
from django.core.validators import ProhibitNullCharactersValidator

from ..core.params import has_control_characters, not_a_question_id
from ..domain.validation import code_points, player_text_problem

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


class PlayerText(forms.CharField):
    """Text staff write for a player to read (a typed reason, a note to the player): stored as
    the reason or note the game shows, so :func:`player_text_problem` refuses what would not
    read as written. Line breaks arrive as CRLF from a textarea and are kept (and counted
    against ``max_length``, as the browser counts them) as LF."""

    def __init__(self, *, multiline: bool, **kwargs):
        self.multiline = multiline
        super().__init__(strip=True, **kwargs)
        # player_text_problem names NUL with the other control characters.
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]

    def to_python(self, value):
        text = super().to_python(value).replace("\r\n", "\n")
        problem = player_text_problem(text, multiline=self.multiline)
        if problem:
            raise forms.ValidationError(problem, code="invalid")
        return text


def player_note(**kwargs) -> PlayerText:
    """The optional note to the player: multi-line (a textarea on the review page)."""
    return PlayerText(
        multiline=True,
        required=False,
        max_length=NOTES_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=PLAYER_NOTE_LABEL,
        **kwargs,
    )


class NamedProblems:
    """Each invalid field's problems after the field's label as staff see it ("Reason: choose
    one."); a field labelled "" has messages that name it, and so do the form's own."""

    def named_problems(self, *, first_only: bool = False) -> list[str]:
        problems = []
        for name, errors in self.errors.items():
            field = self.fields.get(name)
            label = "" if field is None else str(field.label or "")
            texts = [text for error in errors.as_data() for text in error]
            for text in texts[:1] if first_only else texts:
                problems.append(f"{label}: {text}" if label else str(text))
        return problems

    def problems(self) -> str:
        """Each invalid field's first problem, in one sentence-separated text."""
        return " ".join(self.named_problems(first_only=True))


class ApproveForm(NamedProblems, forms.Form):
    notes = player_note(help_text="The game shows it to them.")
    # "1" when the question fields were edited on the review page (QuestionForm data present).
    with_edits = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # The moderator saw the duplicate warning and approves all the same.
    approve_anyway = forms.BooleanField(required=False)


class DuplicateForm(NamedProblems, forms.Form):
    """ "Reject as duplicate of <id>": the existing question's id goes into the stored reason.
    The id comes from a hidden field; its messages say what is wrong with it."""

    duplicate_of = forms.CharField(
        label="",
        strip=True,
        error_messages={"required": "Say which existing question this duplicates."},
    )
    notes = player_note()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # clean_duplicate_of says what is wrong with any id (NUL included), in its own words.
        self.fields["duplicate_of"].validators = []

    def clean_duplicate_of(self) -> str:
        value = self.cleaned_data["duplicate_of"]
        hidden = [ch for ch in value if not ch.isprintable()]
        if hidden:
            raise forms.ValidationError(
                "The existing question's id can't contain invisible or control characters "
                f"(it has {code_points(hidden)})."
            )
        problem = not_a_question_id(value)  # the rule every page applies to a question id
        if problem:
            raise forms.ValidationError(problem)
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


class RejectForm(NamedProblems, forms.Form):
    reason = forms.ChoiceField(
        label="Reason",
        choices=[],
        error_messages={
            "required": "choose one.",
            "invalid_choice": "choose one of the listed reasons (or “Other” and type it).",
        },
    )
    # One line, shown to the player as the reason.
    reason_text = PlayerText(
        multiline=False, required=False, max_length=REASON_MAX, label="Reason, if “Other”"
    )
    notes = player_note(help_text=REJECT_NOTE_HELP)

    def __init__(self, *args, **kwargs):
        from .reasons import rejection_reasons

        super().__init__(*args, **kwargs)
        # A blank first choice: nothing is preselected, so "r" then Enter can't reject by accident.
        self.fields["reason"].choices = [("", "Choose a reason…"), *rejection_reasons()]

    def clean(self):
        data = super().clean()
        if not self.errors:
            self._reject_reason(data)
        return data

    def _reject_reason(self, data) -> None:
        """The reason as stored (``data["stored_reason"]``): the chosen one's text, or the
        typed one for "Other", which then must be typed."""
        from .reasons import OTHER_REASON, rejection_text

        if data["reason"] == OTHER_REASON and not data.get("reason_text"):
            self.add_error("reason_text", "Type the reason when you choose “Other”.")
            return
        data["stored_reason"] = rejection_text(data["reason"], data.get("reason_text", ""))


class BulkForm(RejectForm):
    """The queue's bulk bar, then its confirmation page: fields labelled as those pages name
    them, so a refusal says which one is wrong."""

    action = forms.ChoiceField(
        label="Action",
        choices=[("approve", "Approve"), ("reject", "Reject")],
        error_messages={
            "required": "choose “Approve selected…” or “Reject selected…”.",
            "invalid_choice": "choose “Approve selected…” or “Reject selected…”.",
        },
    )
    ids = forms.MultipleChoiceField(label="Selection", required=False, choices=[])
    # "Select all on this page" without JavaScript: the page's ids travel in page_ids.
    all_on_page = forms.BooleanField(required=False)
    page_ids = forms.CharField(label="Selection", required=False)
    confirmed = forms.BooleanField(required=False)
    approve_anyway = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        reason = self.fields["reason"]
        reason.required = False
        reason.label = ""  # its messages name it
        reason.error_messages["invalid_choice"] = (
            "Choose one of the listed reasons to reject with (or “Other” and type it)."
        )
        self.fields["reason_text"].label = "Typed reason (for Other)"
        self.fields["notes"].label = "Note to each player"
        # Ids are checked in clean() (valid_submission_id), NUL included, in its words.
        self.fields["page_ids"].validators = []
        self.fields["ids"].choices = (
            [(i, i) for i in self.data.getlist("ids")] if hasattr(self.data, "getlist") else []
        )

    def clean(self):
        # Every field's problem is reported: the selection's and the reason's are independent.
        data = forms.Form.clean(self)
        if "ids" not in self.errors and "page_ids" not in self.errors:
            self._selection(data)
        if data.get("action") == "reject" and not {"reason", "reason_text"} & set(self.errors):
            if not data.get("reason"):
                self.add_error("reason", "Choose a reason to reject with.")
            else:
                self._reject_reason(data)
        return data

    def _selection(self, data) -> None:
        if data.get("all_on_page"):
            ids = [unquote(i) for i in (data.get("page_ids") or "").split(",") if i]
        else:
            ids = list(data.get("ids") or [])
        ids = list(dict.fromkeys(ids))
        if not ids:
            self.add_error(None, "Select at least one submission.")
        elif len(ids) > MAX_BULK:
            self.add_error(
                None, f"Select at most {MAX_BULK} submissions at a time (you selected {len(ids)})."
            )
        elif not all(valid_submission_id(i) for i in ids):
            self.add_error(
                "ids",
                "a submission id in it is empty, too long, or has invisible control characters, "
                "so it can't be one of the queue's.",
            )
        else:
            data["selected"] = ids
            # The likely duplicates the confirmation page showed, sent with its form: what it
            # said would be left pending (only the results' wording rests on them).
            flagged = self.data.getlist("flagged") if hasattr(self.data, "getlist") else []
            data["flagged"] = {i for i in flagged if i in ids}
