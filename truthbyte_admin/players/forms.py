"""The players' forms: the lookup box and the streak-store confirmation (parsing the request's
parameters is in :mod:`.queries`)."""

from __future__ import annotations

from django import forms

from ..core.errors import BadQuery
from .queries import clean_user_id


class PlayerLookupForm(forms.Form):
    user_id = forms.CharField(
        label="Player id",
        # The length is checked with the rest of the id (clean_user_id), in the same words.
        strip=True,
        error_messages={"required": "Enter a player id."},
        help_text="Paste the player's id (surrounding spaces are ignored).",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "placeholder": "e.g. 3f2a9c1e-…"}
        ),
    )

    def clean_user_id(self) -> str:
        try:
            return clean_user_id(self.cleaned_data.get("user_id"))
        except BadQuery as exc:
            raise forms.ValidationError(str(exc)) from exc


class StoreStreaksForm(forms.Form):
    """The confirmation of "store the recomputed streaks": the values the admin reviewed, and
    which button they pressed (keep the higher stored best, or lower it)."""

    # The recomputed (documented) streaks as reviewed.
    current = forms.IntegerField(min_value=0, max_value=100_000, widget=forms.HiddenInput)
    best = forms.IntegerField(min_value=0, max_value=100_000, widget=forms.HiddenInput)
    # The record's last_active as it was when the admin reviewed it ("" when absent).
    seen_last_active = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)
    # The stored streaks as reviewed (reviewed.stored_streaks_token).
    seen_stored = forms.CharField(max_length=200, strip=False, widget=forms.HiddenInput)
    # Lowering a stored best is its own button; anything else keeps the higher best.
    best_choice = forms.ChoiceField(
        choices=[("keep", "keep"), ("lower", "lower")], required=False, widget=forms.HiddenInput
    )
    # The one confirmation is the page's submit button; the hidden flag keeps a bare POST out.
    confirm = forms.BooleanField(required=True, widget=forms.HiddenInput)

    @property
    def lower_best(self) -> bool:
        return self.cleaned_data.get("best_choice") == "lower"
