"""One multi-item change = one TransactWriteItems call (our unit of work).

Each action carries a label ("submission", "question", "index:science", ...) so a cancellation
can say which condition failed, with the current item when DynamoDB returned it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import ClientError

from . import client
from .errors import CancellationReason, TransactionCancelled, TransactionTooLarge
from .serialization import from_item, to_attr, to_item

MAX_ACTIONS = 100


@dataclass
class Transaction:
    actions: list[dict] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

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
        if not self.actions:
            return
        if len(self.actions) > MAX_ACTIONS:
            raise TransactionTooLarge(
                f"This change needs {len(self.actions)} writes, more than one DynamoDB "
                f"transaction can hold ({MAX_ACTIONS}); nothing was changed."
            )
        kwargs: dict[str, Any] = {"TransactItems": self.actions}
        if token:
            kwargs["ClientRequestToken"] = token[:36]
        try:
            client.call("transact_write_items", **kwargs)
        except ClientError as exc:
            if client.error_code(exc) != "TransactionCanceledException":
                raise
            raise TransactionCancelled(
                reasons=_reasons(exc.response.get("CancellationReasons", [])),
                labels=list(self.labels),
            ) from exc
        from . import events

        events.committed(events.from_transact_items(self.actions))
        if self.touches(client.table_name("questions")):
            from .cache import bump_questions_generation

            bump_questions_generation()

    def touches(self, table_name: str) -> bool:
        return any(
            next(iter(action.values())).get("TableName") == table_name for action in self.actions
        )


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
