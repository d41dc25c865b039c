"""The delivery report the broadcast endpoint answers with, read tolerantly: new fields never break it."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Mapping, Optional

# The wire's camelCase names of the report's fields; whatever else the server adds lands in `extra`.
_WIRE_NAMES = {
    "message": "message",
    "connection_count": "connectionCount",
    "recipients": "recipients",
    "delivered": "delivered",
    "stale": "stale",
    "connecting": "connecting",
    "failed": "failed",
    "skipped": "skipped",
    "throttled": "throttled",
    "failed_parts": "failedParts",
    "unconfirmed": "unconfirmed",
    "unreached": "unreached",
    "sends": "sends",
    "listed": "listed",
    "pending": "pending",
    "complete": "complete",
    "topic": "topic",
    "type": "type",
    "broadcast_id": "broadcastId",
    "status_path": "statusPath",
    "status_url": "statusUrl",
    "started_at": "startedAt",
    "updated_at": "updatedAt",
}


@dataclass(frozen=True)
class DeliveryReport:
    """
    What a broadcast did. `complete=False` with a `broadcast_id` means it goes on after its answer
    (HTTP 202); `BroadcastClient.wait_for` reads it to the end. `unconfirmed` recipients were being
    sent to when their part died (maybe delivered, never sent again); `unreached` ones were in a part
    that could not be resumed.
    """

    message: str = ""
    connection_count: int = 0
    recipients: int = 0
    delivered: int = 0
    stale: int = 0
    # Answered 410 while their handshake may still be under way: kept, not delivered.
    connecting: int = 0
    failed: int = 0
    skipped: int = 0
    throttled: int = 0
    failed_parts: int = 0
    unconfirmed: int = 0
    unreached: int = 0
    sends: int = 0
    listed: int = 0
    pending: int = 0
    complete: bool = True
    topic: Optional[str] = None
    type: Optional[str] = None
    broadcast_id: Optional[str] = None
    status_path: Optional[str] = None
    status_url: Optional[str] = None
    started_at: Optional[str] = None
    updated_at: Optional[str] = None
    # How it was answered: the HTTP status, and whether it was the replay of an earlier attempt's answer.
    http_status: int = 200
    replayed: bool = False
    idempotency_key: Optional[str] = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, body: Mapping[str, Any], **answer: Any) -> "DeliveryReport":
        known: dict[str, Any] = {}
        for item in fields(cls):
            wire = _WIRE_NAMES.get(item.name)
            if wire is None or wire not in body:
                continue
            known[item.name] = _coerce(body[wire], item.default)
        if "connection_count" not in known and "recipients" in known:
            known["connection_count"] = known["recipients"]
        wire_names = set(_WIRE_NAMES.values())
        extra = {name: value for name, value in body.items() if name not in wire_names}
        return cls(**known, **answer, extra=extra)


def _coerce(value: Any, default: Any) -> Any:
    """A field of an unexpected type keeps its default instead of failing the whole report."""
    if isinstance(default, bool):
        return value if isinstance(value, bool) else default
    if isinstance(default, int):
        return value if isinstance(value, int) and not isinstance(value, bool) else default
    if default is None or isinstance(default, str):
        return value if isinstance(value, str) else default
    return value
