"""One multi-item change = one TransactWriteItems call (our unit of work).

Each action carries a label ("submission", "question", "index:science", ...) so a cancellation
can say which condition failed, with the current item when DynamoDB returned it.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import ClientError

from . import client, events, records, tables
from .batch import stored_changes
from .errors import (
    CancellationReason,
    DataError,
    SentBefore,
    TransactionCancelled,
    TransactionTooLarge,
)
from .serialization import from_item, to_attr, to_item

DYNAMODB_MAX_ACTIONS = 100
# What a batch of changes is sized to: one action is left for a form's sent mark (FormToken).
MAX_ACTIONS = DYNAMODB_MAX_ACTIONS - 1
log = logging.getLogger(__name__)


TOKEN_WINDOW_SECONDS = 300  # well inside the ten minutes DynamoDB remembers a token


def token_window() -> int:
    """The current token window's number (a resend in the same window is DynamoDB's to spot)."""
    return int(time.time() // TOKEN_WINDOW_SECONDS)


class FormToken(str):
    """A request token derived from a form's nonce (``form_request_token``): the same form sent
    again, however much later, is this token again. DynamoDB recognises a token for ten minutes
    only; after that it would apply a resent form again (an approval undone since, a question
    retired since: re-created). So a change under a FormToken also puts a mark of the token in
    the audit table, on condition that none is there, and DynamoDB is sent the token of the
    current window only (``token_window``): a resend in the same window is DynamoDB's to spot,
    a later one is refused by the mark; either is said as any resend is (``SentBefore``:
    re-read, then say)."""


def request_token(*parts: object) -> str:
    """A ``ClientRequestToken`` (≤ 36 characters) derived from what identifies one request: the
    form's nonce plus the item and version it acts on. The same submission sent again (an SDK
    retry, a browser retry) is the same token, so DynamoDB applies it at most once."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()
    return digest[:36]


def form_request_token(form_nonce: str, *parts: object) -> str:
    """The token of one form's request (``request_token`` of its nonce and ``parts``). Without a
    nonce (a script, a test, a form from before nonces) a fresh one: a request of its own, never
    taken for a replay of another."""
    if not form_nonce:
        return request_token(uuid.uuid4().hex, *parts)
    return FormToken(request_token(form_nonce, *parts))


@dataclass
class Transaction:
    actions: list[dict] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    # Work that must follow the commit, by name (e.g. recounting the stored `general` count,
    # kept out of the transaction because every write would conflict on it).
    after_commit: dict[str, Callable[[], object]] = field(default_factory=dict)
    # Set by found_applied: DynamoDB didn't confirm the commit, a re-read found it applied.
    confirmation_lost: bool = False

    def _add(self, label: str, action: dict) -> Transaction:
        self.actions.append(action)
        self.labels.append(label)
        return self

    def put(
        self,
        label: str,
        table: str,
        item: dict,
        *,
        condition: str | None = None,
        names: dict | None = None,
        values: dict | None = None,
    ) -> Transaction:
        body: dict[str, Any] = {"TableName": table, "Item": to_item(item)}
        _conditions(body, condition, names, values)
        return self._add(label, {"Put": body})

    def put_wire(
        self,
        label: str,
        table: str,
        wire_item: dict,
        *,
        condition: str | None = None,
        names: dict | None = None,
        values: dict | None = None,
    ) -> Transaction:
        """Put an item already in DynamoDB's wire format ({"S": ...}), byte for byte: a restore
        puts back exactly what was stored (string sets stay sets, numbers keep their digits)."""
        body: dict[str, Any] = {"TableName": table, "Item": wire_item}
        _conditions(body, condition, names, values)
        return self._add(label, {"Put": body})

    def update(
        self,
        label: str,
        table: str,
        key: dict,
        expression: str,
        *,
        condition: str | None = None,
        names: dict | None = None,
        values: dict | None = None,
    ) -> Transaction:
        body: dict[str, Any] = {
            "TableName": table,
            "Key": to_item(key),
            "UpdateExpression": expression,
        }
        _conditions(body, condition, names, values)
        return self._add(label, {"Update": body})

    def delete(
        self,
        label: str,
        table: str,
        key: dict,
        *,
        condition: str | None = None,
        names: dict | None = None,
        values: dict | None = None,
    ) -> Transaction:
        body: dict[str, Any] = {"TableName": table, "Key": to_item(key)}
        _conditions(body, condition, names, values)
        return self._add(label, {"Delete": body})

    def check(
        self,
        label: str,
        table: str,
        key: dict,
        condition: str,
        *,
        names: dict | None = None,
        values: dict | None = None,
    ) -> Transaction:
        body: dict[str, Any] = {"TableName": table, "Key": to_item(key)}
        _conditions(body, condition, names, values)
        return self._add(label, {"ConditionCheck": body})

    def execute(self, *, token: str | None = None) -> None:
        """Commit every action or none, under ``token`` (default: a fresh one, which still makes
        the gateway's own retries of this call idempotent). Raises TransactionCancelled (nothing
        applied), Throttled/ServerError (nothing applied), or OutcomeUnknown."""
        if not self.actions:
            return
        client_token = _client_token(token or uuid.uuid4().hex)
        actions = list(self.actions)
        # A change that needs all of a transaction's actions goes without its mark: DynamoDB's
        # own ten minutes still guard it (only a question in ~49 categories needs that many).
        if isinstance(token, FormToken) and len(actions) < DYNAMODB_MAX_ACTIONS:
            actions.append(_sent_form_mark(client_token))
            # DynamoDB is sent the token of this token window only: it then never meets a token
            # older than it remembers (DynamoDB Local answers one as done, without doing it).
            # A resend in a later window is refused by the mark instead.
            client_token = request_token(client_token, token_window())
        if len(actions) > DYNAMODB_MAX_ACTIONS:
            raise TransactionTooLarge(
                f"This change needs {len(actions)} writes, more than one DynamoDB "
                f"transaction can hold ({DYNAMODB_MAX_ACTIONS}); nothing was changed."
            )
        try:
            client.call(
                "transact_write_items", TransactItems=actions, ClientRequestToken=client_token
            )
        except ClientError as exc:
            if client.error_code(exc) != "TransactionCanceledException":
                raise
            reasons = _reasons(exc.response.get("CancellationReasons", []))
            if len(actions) > len(self.actions) and len(reasons) == len(actions):
                if reasons.pop().code == "ConditionalCheckFailed":
                    raise SentBefore(
                        "This form's request was sent before: nothing was applied now."
                    ) from exc
            raise TransactionCancelled(reasons=reasons, labels=list(self.labels)) from exc
        # The mark is nobody's business but this method's: subscribers see the change alone.
        self._followed_through(records.from_transaction(self.actions))

    def found_applied(self, *, resent: bool = False) -> None:
        """What a commit is followed by, after an unknown outcome that a re-read found applied.
        Which attempt's values are stored is not known (an earlier send of the same form has
        its own timestamps and audit entry, never written), so the subscribers are handed the
        items as stored: one consistent read per table someone follows. ``resent``: the same
        form sent again (SentBefore) found what its first send stored, which DynamoDB did
        confirm then: no confirmation was lost."""
        self.confirmation_lost = not resent
        self._followed_through(self._as_stored())

    def _as_stored(self) -> list[events.Change]:
        keys: dict[str, list[dict]] = {}
        for table, key in records.written_keys(self.actions):
            if events.wanted(table):
                keys.setdefault(table, []).append(key)
        return [
            change for table, wanted in keys.items() for change in stored_changes(table, wanted)
        ]

    def _followed_through(self, changes: list[events.Change]) -> None:
        # The change handed to the subscribers (the staff index, the audit copy), the caches of
        # every table written started afresh, the counts kept out of the transaction brought to
        # the index. Idempotent.
        events.committed(changes)
        self.converge_counts()

    def converge_counts(self) -> None:
        """Run the after-commit work: bring the counts kept out of this transaction to the
        index. A failure leaves a drift that the next write, reconcile or import repairs; it
        never undoes the committed change, so it is logged, not raised. The caches of every
        table written start afresh (data/cache.py)."""
        from . import cache

        cache.written_full_names(
            [next(iter(action.values())).get("TableName", "") for action in self.actions]
        )
        for name in sorted(self.after_commit):
            try:
                self.after_commit[name]()
            except DataError as exc:
                log.warning("%s not refreshed after commit: %s", name, exc)


SENT_FORM = "sent-form#"


def _client_token(token: str) -> str:
    """The token as DynamoDB knows it (before its window): scoped to this environment's tables,
    so one token never spans two table sets."""
    return request_token(token, client.table_name(""))


def was_sent(token: str) -> bool:
    """Whether a change under ``token`` (a :class:`FormToken`) was committed: its sent mark is
    stored (one strongly consistent GetItem). False for any other token: nothing marks it."""
    if not isinstance(token, FormToken):
        return False
    response = client.call(
        "get_item",
        TableName=tables.name(tables.AUDIT),
        Key=to_item({"entity": f"{SENT_FORM}{_client_token(token)}", "event": "sent"}),
        ConsistentRead=True,
    )
    return "Item" in response


def _sent_form_mark(client_token: str) -> dict:
    """The action that marks a form's request token as used (:class:`FormToken`), refused if
    the token was marked before. Kept in the audit table, the admin's own, under an entity no
    entry has (``audit.scan_all`` leaves these out); never shown in the log."""
    item = {"entity": f"{SENT_FORM}{client_token}", "event": "sent", "at": int(time.time())}
    return {
        "Put": {
            "TableName": tables.name(tables.AUDIT),
            "Item": to_item(item),
            "ConditionExpression": "attribute_not_exists(entity)",
        }
    }


def _conditions(body: dict, condition: str | None, names: dict | None, values: dict | None) -> None:
    if condition:
        body["ConditionExpression"] = condition
        # On failure, return the item as it is now so the UI can say who changed it.
        body["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD"
    if names:
        body["ExpressionAttributeNames"] = names
    if values:
        body["ExpressionAttributeValues"] = {k: to_attr(v) for k, v in values.items()}


def _reasons(raw: list[dict]) -> list[CancellationReason]:
    return [
        CancellationReason(
            index=i,
            code=r.get("Code", "None"),
            message=r.get("Message", ""),
            item=from_item(r["Item"]) if r.get("Item") else None,
        )
        for i, r in enumerate(raw)
    ]
