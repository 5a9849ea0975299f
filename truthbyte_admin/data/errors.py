"""Typed failures of the data layer. Views never see a botocore exception."""

from __future__ import annotations

from dataclasses import dataclass, field

from botocore import exceptions as botocore_errors


class DataError(Exception):
    """Base class for everything the data layer raises on purpose."""


class DataUnavailable(DataError):
    """DynamoDB could not be reached or refused the request (throttling, outage, missing table).

    Views let this propagate; middleware turns it into a clear 503 page.
    """


class Throttled(DataUnavailable):
    """DynamoDB kept throttling after the configured retries. Nothing was applied."""


class ServerError(DataUnavailable):
    """DynamoDB answered with a server error (HTTP 5xx) or not at all, on a read or on a write
    that DynamoDB rejected before applying it."""


class OutcomeUnknown(DataUnavailable):
    """A write may or may not have been applied: DynamoDB answered 5xx, the answer was lost or
    late, or a retry met a condition that our own earlier attempt may have changed.

    Callers re-read what is stored and say what actually happened; a page that does not is
    shown "we could not confirm whether the change was saved", never "nothing was changed".
    """


class SentBefore(OutcomeUnknown):
    """This request's token was used before: DynamoDB refused it as coming with other contents
    (the same form sent twice: a double click, a browser retry, an edit after Back), or the
    token's sent mark was stored already (the same form sent again after DynamoDB forgot the
    token: ``transactions.FormToken``). This attempt changed nothing; what the earlier one did
    is known by reading what is stored."""


class TableMissing(DataUnavailable):
    """A table this page needs does not exist in this environment."""


@dataclass(frozen=True)
class SetupProblem:
    """DynamoDB could not be used at all, whatever the request: ``kind`` is "credentials"
    (none found, incomplete, or refused), "access" (the credentials may not do this),
    "unreachable" (nothing could be connected to) or "configuration" (an endpoint or region
    botocore can't use); ``detail`` says which, in botocore's words."""

    kind: str
    detail: str


class NotSetUp(DataUnavailable):
    """DynamoDB can't be used from here at all: no usable credentials, credentials it refuses or
    that may not do this, or settings botocore can't use. Raised at once, never retried: running
    the same request again won't help. ``problem`` says what to fix."""

    def __init__(self, problem: SetupProblem) -> None:
        super().__init__(f"DynamoDB can't be used with this set-up ({problem.detail}).")
        self.problem = problem


class Unreachable(ServerError):
    """Nothing answered at the endpoint on any attempt (connection refused, no such host, connect
    timeout): DynamoDB may be down for a moment, or the endpoint is wrong. Nothing was sent."""

    def __init__(self, problem: SetupProblem) -> None:
        super().__init__(
            f"DynamoDB could not be reached ({problem.detail.split(':')[0]}); please try again."
        )
        self.problem = problem


class NotFound(DataError):
    """The item asked for does not exist."""


class ConditionFailed(DataError):
    """A conditional write found the item changed; ``current`` is the item now, if known."""

    def __init__(
        self, message: str = "The item was changed by someone else.", current: object = None
    ) -> None:
        super().__init__(message)
        self.current = current


class Conflict(ConditionFailed):
    """A transaction's condition failed on the item it is about: nothing was applied.
    ``current`` is that item as stored now, as a typed model; None when it no longer exists."""

    def __init__(
        self, current: object = None, message: str = "The item was changed by someone else."
    ) -> None:
        super().__init__(message, current=current)


class RelatedItemChanged(ConditionFailed):
    """A condition failed on another item of the transaction than the one it is about: nothing
    was applied. The subclasses say which item; ``items`` which ones, where it held several."""

    what = "related item"

    def __init__(self, items: tuple[str, ...] = ()) -> None:
        super().__init__(f"The {self.what} changed since it was read; nothing was applied.")
        self.items = items


class QuestionChanged(RelatedItemChanged):
    """The question an approval or a restore creates (its id is taken), or the one an undone
    approval removes (edited or removed since)."""

    what = "question"


class IndexChanged(RelatedItemChanged):
    """One of the question's category-index items (``items``: the categories, where known)."""

    what = "category index"


class CategoryCreatedMeanwhile(RelatedItemChanged):
    """A category the write was to create, created first by someone else (``items``: slugs)."""

    what = "category"


class CategoryNameTaken(RelatedItemChanged):
    """A name the write was to give a new category is another's now (``items``: the new slug
    and name, the other's slug and name)."""

    what = "category name"


class RetiredCopyChanged(RelatedItemChanged):
    """The retired copy a restore removes, restored or removed first by someone else."""

    what = "retired copy"


@dataclass
class CancellationReason:
    index: int
    code: str  # "None", "ConditionalCheckFailed", "TransactionConflict", "ThrottlingError", ...
    message: str = ""
    item: dict | None = None  # the current item (already deserialised), when DynamoDB returned it


@dataclass
class TransactionCancelled(DataError):
    """A TransactWriteItems call was cancelled: nothing in it was applied."""

    reasons: list[CancellationReason] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.describe())

    def failed(self) -> list[tuple[str, CancellationReason]]:
        """(label, reason) for each action that caused the cancellation."""
        out = []
        for reason in self.reasons:
            if reason.code and reason.code != "None":
                label = self.labels[reason.index] if reason.index < len(self.labels) else "?"
                out.append((label, reason))
        return out

    def condition_failed_on(self, label: str) -> CancellationReason | None:
        for failed_label, reason in self.failed():
            if failed_label == label and reason.code == "ConditionalCheckFailed":
                return reason
        return None

    @property
    def is_conflict(self) -> bool:
        return any(r.code == "TransactionConflict" for _, r in self.failed())

    @property
    def is_throttled(self) -> bool:
        return any(
            r.code in {"ThrottlingError", "ProvisionedThroughputExceeded"} for _, r in self.failed()
        )

    def describe(self) -> str:
        parts = [f"{label}: {reason.code}" for label, reason in self.failed()]
        return (
            "Transaction cancelled, nothing was changed (" + (", ".join(parts) or "unknown") + ")"
        )


class TransactionTooLarge(DataError):
    """A change needs more actions than one DynamoDB transaction may hold (100)."""


class InvalidCursor(DataError):
    """A pagination cursor was tampered with, expired, or belongs to another listing."""


# --- why DynamoDB can't be used at all ------------------------------------------------------

# Refusals of who is asking, not of what was asked: running the same request again won't help.
_CREDENTIAL_CODES = {
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "IncompleteSignatureException",
    "MissingAuthenticationTokenException",
    "ExpiredTokenException",
    "InvalidClientTokenId",
}
_ACCESS_CODES = {"AccessDeniedException"}


def setup_problem(exc: BaseException) -> SetupProblem | None:
    """What is wrong with the set-up, when ``exc`` says (:class:`NotSetUp`, or
    :class:`Unreachable` after every attempt), else None: callers say what to fix instead of
    "try again"."""
    if isinstance(exc, NotSetUp | Unreachable):
        return exc.problem
    return None


def classify_setup(exc: BaseException) -> SetupProblem | None:
    """The set-up problem botocore's ``exc`` (or creating the client) reports, if it is one."""
    name = type(exc).__name__
    if isinstance(
        exc,
        botocore_errors.NoCredentialsError
        | botocore_errors.PartialCredentialsError
        | botocore_errors.ProfileNotFound
        | botocore_errors.CredentialRetrievalError,
    ):
        return SetupProblem("credentials", f"{name}: {exc}")
    if isinstance(exc, botocore_errors.ConnectionError):  # refused, DNS, TLS, connect timeout
        return SetupProblem("unreachable", f"{name}: {exc}")
    if isinstance(exc, botocore_errors.NoRegionError | botocore_errors.UnknownEndpointError):
        return SetupProblem("configuration", f"{name}: {exc}")
    if type(exc) is ValueError and str(exc).startswith("Invalid endpoint"):  # client creation
        return SetupProblem("configuration", str(exc))
    if isinstance(exc, botocore_errors.ClientError):
        error = exc.response.get("Error", {})
        code, message = error.get("Code", ""), error.get("Message", "")
        if code in _CREDENTIAL_CODES:
            return SetupProblem("credentials", f"{code}: {message}")
        if code in _ACCESS_CODES:
            return SetupProblem("access", f"{code}: {message}")
    return None
