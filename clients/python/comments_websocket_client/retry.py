"""When to try again, and how long to wait first."""
from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Optional

def is_retryable(status: int) -> bool:
    """Throttled (429) and server-side failures (API Gateway answers 504 when the integration outlasts
    29 s); not 501, which no retry changes."""
    return status == 429 or (status >= 500 and status != 501)


@dataclass(frozen=True)
class RetryPolicy:
    """
    `attempts` requests at most. Between them: capped exponential backoff with full jitter (spreads the
    retries of many workers apart), or the server's `Retry-After` when it gives one — a `Retry-After`
    longer than `max_retry_after` ends the retries instead of being cut short.
    """

    attempts: int = 5
    base_delay: float = 0.25
    max_delay: float = 8.0
    max_retry_after: float = 60.0

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError(f"RetryPolicy.attempts must be at least 1, not {self.attempts}")

    def backoff(self, attempt: int) -> float:
        return random.uniform(0, min(self.max_delay, self.base_delay * 2**attempt))


@dataclass(frozen=True)
class PollPolicy:
    """How `wait=True` reads a continuing broadcast's report: growing intervals, for at most `timeout` seconds."""

    timeout: float = 900.0
    first_interval: float = 0.5
    max_interval: float = 5.0
    factor: float = 1.5

    def interval(self, poll: int) -> float:
        return min(self.max_interval, self.first_interval * self.factor**poll)


def retry_after_seconds(value: Optional[str], now: Optional[datetime.datetime] = None) -> Optional[float]:
    """`Retry-After` as seconds: a number of seconds or an HTTP date (RFC 9110 §10.2.3); None when absent or unreadable."""
    if not value:
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.timezone.utc)
    current = now or datetime.datetime.now(datetime.timezone.utc)
    return max(0.0, (when - current).total_seconds())
