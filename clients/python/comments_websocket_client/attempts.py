"""
One logical request made in as many attempts as it takes: the same bytes and the same Idempotency-Key
each time, so the server does the work once however often it is asked.
"""
from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from typing import Mapping, Optional

from .errors import BroadcastError
from .retry import RetryPolicy, is_retryable, retry_after_seconds
from .signing import SigV4Signer
from .transport import HttpAnswer, Transport, TransportError

logger = logging.getLogger("comments_websocket_client")


@dataclass(frozen=True)
class Request:
    method: str
    url: str
    body: Optional[bytes] = None
    idempotency_key: Optional[str] = None

    def headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json"} if self.body is not None else {}
        if self.idempotency_key is not None:
            headers["Idempotency-Key"] = self.idempotency_key
        return headers


@dataclass
class Attempts:
    transport: Transport
    policy: RetryPolicy
    timeout: float
    signer: Optional[SigV4Signer] = None

    async def send(self, request: Request) -> HttpAnswer:
        """The first 2xx answer; raises `BroadcastError` for a refusal or when every attempt failed."""
        last = "no attempt made"
        last_status: Optional[int] = None
        for attempt in range(1, self.policy.attempts + 1):
            try:
                answer = await self._once(request)
            except TransportError as error:
                last, last_status, wait = error.description, None, self.policy.backoff(attempt - 1)
            else:
                if answer.status < 300:
                    return answer
                last, last_status = f"HTTP {answer.status}: {message_of(answer.text)}", answer.status
                self._refuse_unless_retryable(request, answer, attempt)
                wait = self._wait_after(request, answer, attempt)
            if attempt < self.policy.attempts:
                logger.warning(
                    "%s %s: attempt %d of %d failed (%s); retrying in %.2f s%s",
                    request.method, request.url, attempt, self.policy.attempts, last, wait, _with_key(request),
                )
                await asyncio.sleep(wait)
        raise BroadcastError(
            last_status,
            f"{request.method} {request.url} failed after {self.policy.attempts} attempts; last: {last}."
            + _retry_hint(request),
            attempts=self.policy.attempts,
            idempotency_key=request.idempotency_key,
        )

    async def _once(self, request: Request) -> HttpAnswer:
        headers = request.headers()
        if self.signer is not None:
            headers = await self.signer.sign(request.method, request.url, request.body or b"", headers)
        try:
            return await self.transport.request(
                request.method, request.url, body=request.body, headers=headers, timeout=self.timeout
            )
        except TransportError:
            raise
        except Exception as error:  # a malformed URL or the like: no retry can help
            detail = str(error) or type(error).__name__
            raise BroadcastError(None, f"{request.method} {request.url} could not be sent: {detail}") from error

    def _refuse_unless_retryable(self, request: Request, answer: HttpAnswer, attempt: int) -> None:
        replayed = (answer.header("Idempotent-Replayed") or "").lower() == "true"
        if is_retryable(answer.status) and not replayed:
            return
        note = " (the stored answer of an earlier attempt with this Idempotency-Key)" if replayed else ""
        raise BroadcastError(
            answer.status,
            f"{message_of(answer.text)}{note}",
            attempts=attempt,
            idempotency_key=request.idempotency_key,
        )

    def _wait_after(self, request: Request, answer: HttpAnswer, attempt: int) -> float:
        asked = retry_after_seconds(answer.header("Retry-After"))
        if asked is None:
            return self.policy.backoff(attempt - 1)
        if asked > self.policy.max_retry_after:
            raise BroadcastError(
                answer.status,
                f"{message_of(answer.text)}; the server asks to retry after {asked:.0f} s, more than "
                f"max_retry_after ({self.policy.max_retry_after:.0f} s)." + _retry_hint(request),
                attempts=attempt,
                idempotency_key=request.idempotency_key,
            )
        return asked


def message_of(text: str) -> str:
    """The server's `message`, or the start of a body that is not the endpoint's JSON."""
    try:
        body = json.loads(text)
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("message"), str) and body["message"]:
        return str(body["message"])
    return text.strip()[:200] or "(empty body)"


def _with_key(request: Request) -> str:
    return f" with Idempotency-Key {request.idempotency_key}" if request.idempotency_key else ""


def _retry_hint(request: Request) -> str:
    if request.idempotency_key is None:
        return ""
    return (
        f" The broadcast may have been sent; retrying with idempotency_key={request.idempotency_key!r}"
        " can never send it twice."
    )
