"""What the audit log's "Concerning" filter was given, read the ways staff write it (pure).

Staff copy it from pages: as the log shows it ("Player 5eed0000-…", "Question dq00004",
"Category Space", "Username typed: yy5 (no such account)"), as links from other pages put it
("category#science", "submission#q_1a2b3c4d", "staff#" for every staff account), or type the
start of an id ("5eed", "q_12"). Each is mapped to what the log stores: a kind of thing (its
code, e.g. "user") and an id, matched whole or by its start.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..domain.categories import slug_from_typed
from ..domain.validation import is_invisible_format_character, quoted_as_typed
from .audit_labels import ITEM_KINDS
from .errors import BadQuery

# The words before an id, lowercased, and the kind each means (the codes of labels.ITEM_KINDS).
KINDS = {
    "question": "question",
    "submission": "submission",
    "player": "user",
    "user": "user",
    "category": "category",
    "staff account": "staff",
    "staff member": "staff",
    "staff": "staff",
    "username typed": "staff",
    "username": "staff",
    "question file": "import",
    "file": "import",
    "import": "import",
    "backup": "restore",
    "restore": "restore",
}

_KIND = re.compile(
    r"(?P<kind>" + "|".join(sorted(map(re.escape, KINDS), key=len, reverse=True)) + r")"
    r"(?:(?P<key>\s*#\s*)|\s*:\s*|\s+|$)(?P<rest>.*)",
    re.IGNORECASE | re.DOTALL,
)
_KINDS_IN_WORDS = "submission, player, category, staff account, question file or backup"
# How a shortened id is shown ("5eed0000…"), typed or copied.
_SHORTENED = ("…", "...")
# What the log shows after a staff account's username: "(no such account)" and the like.
_AFTERWORD = re.compile(r"\s*\([^()]*\)\s*$")


@dataclass(frozen=True)
class Concerning:
    """``kind`` (None: any kind), ``ids`` (the stored ids it may be, matched whole; several
    only for a category written as shown), or ``prefix`` (the start of an id); neither ids nor
    prefix: everything of that kind."""

    kind: str | None
    ids: tuple[str, ...] = ()
    prefix: str = ""

    @property
    def entities(self) -> list[str]:
        """The stored keys of the entries to match whole ("user#5eed…")."""
        return [f"{self.kind}#{id_}" for id_ in self.ids]


def without_invisible(text: str) -> tuple[str, list[str]]:
    """``text`` as staff meant it, and the invisible characters left out of it: the format
    characters a copy from a page or a chat brings along (zero-width spaces, byte-order marks,
    text-direction marks), which no id holds, and the space around what remains. The joiners
    some scripts and emoji need are kept inside it; at either end they join nothing."""
    removed = [ch for ch in text if is_invisible_format_character(ch)]
    visible = "".join(ch for ch in text if ch not in removed)
    start, end = 0, len(visible)
    while start < end and _blank(visible[start]):
        start += 1
    while end > start and _blank(visible[end - 1]):
        end -= 1
    removed += [ch for ch in visible[:start] + visible[end:] if not ch.isspace()]
    return visible[start:end], removed


def _blank(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) == "Cf"


def parse(text: str) -> Concerning | None:
    """``text`` (already stripped of surrounding space) as a :class:`Concerning`; None for
    nothing typed. BadQuery: a kind written with "#" that the log doesn't know."""
    if not text:
        return None
    match = _KIND.fullmatch(text)
    if match is None:
        if "#" in text:
            written = text.split("#", 1)[0].strip()
            if not written:  # "#q1": no kind before the "#"
                raise BadQuery(
                    f"“Concerning”: “{quoted_as_typed(text, limit=40)}” has nothing before its "
                    "“#”. Type the id alone (such as q_12 or 5eed0000), or put one of question, "
                    f"{_KINDS_IN_WORDS} in front of it."
                )
            raise BadQuery(
                f"“Concerning”: “{written[:40]}” is not something the audit log records. "
                "Type an id or its start (such as q_12 or 5eed0000), or put one of question, "
                f"{_KINDS_IN_WORDS} in front of it."
            )
        id_, _ = unshortened(text)
        if not id_:
            raise BadQuery("“Concerning”: type an id or its start, such as q_12 or 5eed0000.")
        return Concerning(None, prefix=id_)
    kind = KINDS[match["kind"].lower()]
    id_, shortened = unshortened(match["rest"].strip())
    if kind not in ("category", "import", "restore"):  # ids and usernames have no spaces
        id_ = _AFTERWORD.sub("", id_).split()[0] if id_.split() else ""
    if not id_:
        return Concerning(kind)  # "staff#", "Player": every entry of that kind
    if shortened:
        return Concerning(kind, prefix=id_)
    if kind == "category" and match["key"] is None:
        # As shown ("Category Science Fiction"): its key, or the key the game would show so
        # (lowercase, "_" for spaces, as the game's display name is made; or as a new
        # category's key is made from a typed name, hyphens too).
        folded = ("_".join(id_.lower().split()), slug_from_typed(id_))
        return Concerning(kind, ids=tuple(dict.fromkeys((id_, *folded))))
    return Concerning(kind, ids=(id_,))


def written(entity: str) -> str:
    """How "Concerning" says a stored key ("category#space", "staff#"), for the links other
    pages make: in the words the log shows ("Category space", "Staff account"), which read back
    as exactly that key; with a "#" before the key where the words would find more ("Category
    #Sci Fi": "Category Sci Fi" also finds "sci_fi"); the key itself where neither reads back (a
    key with spaces at either end)."""
    kind, _, id_ = entity.partition("#")
    label = ITEM_KINDS.get(kind)
    if label and id_ == id_.strip():
        words = f"{label} {id_}".rstrip()
        if parse(words) == parse(entity):
            return words
        # "Category #pop culture": the exact key, still in the log's words.
        exact = f"{label} #{id_}"
        if parse(exact) == parse(entity):
            return exact
    return entity


def unshortened(text: str) -> tuple[str, bool]:
    """``text`` without a trailing "…" or "..." (and whether it had one: then it is a start,
    as pages show a long id shortened, "5eed0000-…")."""
    for mark in _SHORTENED:
        if text.endswith(mark):
            return text[: -len(mark)].rstrip(), True
    return text, False
