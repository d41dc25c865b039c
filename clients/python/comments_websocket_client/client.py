"""Async client for the broadcast endpoint: one pooled aiohttp session, timeouts, retries, SigV4."""
from __future__ import annotations

import asyncio
import json
import logging
import random
from dataclasses import dataclass
from typing import Any, Optional, Sequence

import aiohttp

from .report import BroadcastError, DeliveryReport
from .signing import SigV4Signer, is_deployed_api, region_from_url

logger = logging.getLogger(__name__)

_RETRYABLE_STATUS = {429, 500, 502, 503, 504}


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4
    base_delay: float = 0.1
    max_delay: float = 2.0

    def delay(self, attempt: int) -> float:
        """Capped exponential backoff with full jitter: spreads retries of many workers apart."""
        return random.uniform(0, min(self.max_delay, self.base_delay * 2**attempt))


class BroadcastClient:
    """
    Sends broadcasts to `{base_url}` (e.g. `https://abc.execute-api.eu-west-1.amazonaws.com/production/broadcast`
    or `http://localhost:3001/development/broadcast`).

    Requests are SigV4-signed when the URL is a deployed API (or `sign=True`), never for the local
    runtime unless asked. Use as `async with BroadcastClient(url) as client: ...`.
    """

    def __init__(
        self,
        base_url: str,
        *,
        sign: Optional[bool] = None,
        region: Optional[str] = None,
        signer: Optional[SigV4Signer] = None,
        timeout: float = 10.0,
        retry: RetryPolicy = RetryPolicy(),
        session: Optional[aiohttp.ClientSession] = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        should_sign = is_deployed_api(base_url) if sign is None else sign
        if signer is None and should_sign:
            signer = SigV4Signer(region or region_from_url(base_url) or "us-east-1")
        self._signer = signer
        self._timeout = aiohttp.ClientTimeout(total=timeout, connect=min(timeout, 5.0))
        self._retry = retry
        self._session = session
        self._owns_session = session is None

    async def __aenter__(self) -> "BroadcastClient":
        self._ensure_session()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._session is not None and self._owns_session:
            await self._session.close()
        self._session = None

    async def broadcast(self, type: str, data: Any = None, topic: Optional[str] = None, *, wait: bool = False) -> DeliveryReport:
        """
        A message of any type to one topic's listeners, or to every connection without a topic.

        A broadcast too large for one request's time answers at once with `complete=False` and a
        `broadcast_id` while it goes on; `wait=True` polls until its final report instead.
        """
        body: dict[str, Any] = {"type": type, "data": data}
        if topic is not None:
            body["topic"] = topic
        report = await self._send("POST", "", body)
        return await self.wait_for(report) if wait else report

    async def broadcast_comments_list(self, post_id: str | int, comments: Sequence[Any], *, wait: bool = False) -> DeliveryReport:
        """The comments contract: `comments_list` to the post's subscribers and to unsubscribed clients."""
        body = {"type": "comments_list", "data": {"post_id": post_id, "comments": list(comments), "count": len(comments)}}
        report = await self._send("POST", "/comments", body)
        return await self.wait_for(report) if wait else report

    async def report(self, broadcast_id: str) -> DeliveryReport:
        """The report so far of a broadcast that continued after its answer (GET /broadcasts/{id})."""
        return await self._send("GET", f"s/{broadcast_id}", None)

    async def wait_for(self, report: DeliveryReport, *, timeout: float = 600.0, interval: float = 1.0) -> DeliveryReport:
        """Polls a continuing broadcast until its report is complete (returns at once for a finished one)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while not report.complete and report.broadcast_id is not None:
            if asyncio.get_running_loop().time() > deadline:
                raise BroadcastError(None, f"broadcast {report.broadcast_id} was not complete after {timeout:.0f}s")
            await asyncio.sleep(interval)
            try:
                report = await self.report(report.broadcast_id)
            except BroadcastError as error:
                # A 429 or 5xx while the broadcast itself uses the account's quota: keep polling until the timeout.
                if error.status is not None and error.status < 500 and error.status != 429:
                    raise
                logger.info("report of broadcast %s not read yet (%s); polling on", report.broadcast_id, error)
        return report

    def _ensure_session(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=self._timeout, connector=aiohttp.TCPConnector(limit=32, keepalive_timeout=60))
            self._owns_session = True
        return self._session

    async def _send(self, method: str, path: str, body: Optional[dict[str, Any]]) -> DeliveryReport:
        # `{base}/broadcast` + `s/{id}` is the report of broadcast {id}: `{base}/broadcasts/{id}`.
        url = f"{self.base_url}{path}"
        payload = b"" if body is None else json.dumps(body, separators=(",", ":")).encode()
        last_error = "no attempt made"
        for attempt in range(self._retry.attempts):
            headers = {"Content-Type": "application/json"} if body is not None else {}
            if self._signer is not None:
                # Signed per attempt: SigV4 signatures carry their time.
                headers = self._signer.sign(method, url, payload, headers)
            try:
                async with self._ensure_session().request(method, url, data=payload or None, headers=headers) as response:
                    text = await response.text()
                    if response.status < 300:
                        return DeliveryReport.from_json(json.loads(text))
                    message = _message_of(text)
                    if response.status not in _RETRYABLE_STATUS:
                        raise BroadcastError(response.status, message)
                    last_error = f"{response.status}: {message}"
            except (aiohttp.ClientConnectionError, asyncio.TimeoutError) as error:
                last_error = f"{type(error).__name__}: {error}"
            if attempt + 1 < self._retry.attempts:
                delay = self._retry.delay(attempt)
                logger.warning("broadcast to %s failed (%s); retry %d in %.2fs", url, last_error, attempt + 1, delay)
                await asyncio.sleep(delay)
        raise BroadcastError(None, f"{method} {url} failed after {self._retry.attempts} attempts: {last_error}")


def _message_of(text: str) -> str:
    try:
        return str(json.loads(text).get("message", text))
    except (ValueError, AttributeError):
        return text[:200]
