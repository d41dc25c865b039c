"""The delivery report the broadcast endpoint answers with."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional


@dataclass(frozen=True)
class DeliveryReport:
    message: str
    connection_count: int
    delivered: int
    stale: int
    failed: int
    skipped: int = 0
    complete: bool = True
    topic: Optional[str] = None
    throttled: int = 0
    # Set when the broadcast outlasted its request (202) and continues: where its final report is.
    broadcast_id: Optional[str] = None
    status_path: Optional[str] = None

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> "DeliveryReport":
        return cls(
            message=str(body.get("message", "")),
            connection_count=int(body.get("connectionCount", 0)),
            delivered=int(body.get("delivered", 0)),
            stale=int(body.get("stale", 0)),
            failed=int(body.get("failed", 0)),
            skipped=int(body.get("skipped", 0)),
            complete=bool(body.get("complete", True)),
            topic=body.get("topic"),
            throttled=int(body.get("throttled", 0)),
            broadcast_id=body.get("broadcastId"),
            status_path=body.get("statusPath"),
        )


class BroadcastError(Exception):
    """The endpoint refused the broadcast (4xx) or stayed unavailable after the retries."""

    def __init__(self, status: Optional[int], message: str) -> None:
        super().__init__(f"{status}: {message}" if status else message)
        self.status = status
        self.message = message
