"""The one exception the client raises: what happened, in words, with what the caller needs to act."""
from __future__ import annotations

from typing import Optional


class BroadcastError(Exception):
    """
    The endpoint refused the broadcast (a 4xx, with the server's message), stayed unavailable through
    every retry, or the broadcast could not be sent at all (data that is not JSON, no credentials).

    `status` is the last HTTP status (None when no answer came), `attempts` the requests made, and
    `idempotency_key` the key they carried: retrying with the same key can never send twice.
    """

    def __init__(
        self,
        status: Optional[int],
        message: str,
        *,
        attempts: int = 0,
        idempotency_key: Optional[str] = None,
    ) -> None:
        self.status = status
        self.message = message or "broadcast failed (no detail available)"
        self.attempts = attempts
        self.idempotency_key = idempotency_key
        super().__init__(f"{status}: {self.message}" if status else self.message)
