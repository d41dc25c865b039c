"""The broadcast endpoint's client: idempotent retries, SigV4, reports read to the end on request."""
from __future__ import annotations

import json
import logging
import uuid
from typing import TYPE_CHECKING, Any, Optional, Sequence, Union
from urllib.parse import urlsplit

import aiohttp

from .attempts import Attempts, Request, message_of
from .errors import BroadcastError
from .payload import encode_body
from .polling import poll_until_complete
from .report import DeliveryReport
from .retry import PollPolicy, RetryPolicy
from .signing import SigV4Signer, is_deployed_api, region_from_url
from .transport import AiohttpTransport, HttpAnswer, Transport

if TYPE_CHECKING:
    import httpx

logger = logging.getLogger("comments_websocket_client")

# API Gateway's REST integrations give up at 29 s: an attempt waits longer, so the server's own answer
# (200, or 202 for a broadcast that goes on) comes back instead of a client-side timeout.
DEFAULT_TIMEOUT = 35.0


class BroadcastClient:
    """
    Sends broadcasts to `base_url`, e.g. `https://abc.execute-api.eu-west-1.amazonaws.com/production/broadcast`
    or `http://localhost:3001/development/broadcast`. Use as `async with BroadcastClient(url) as client: ...`.

    Each broadcast carries one Idempotency-Key (a new uuid4, or the caller's) on every retry of it, so a
    timeout, a dropped connection, a 5xx or a 429 is retried without any listener receiving it twice.
    Requests are SigV4-signed when the URL is a deployed API (or `sign=True`), never for a local URL unless
    asked. `session` may be an `aiohttp.ClientSession` or an `httpx.AsyncClient` the backend already has.
    """

    def __init__(
        self,
        base_url: str,
        *,
        sign: Optional[bool] = None,
        region: Optional[str] = None,
        signer: Optional[SigV4Signer] = None,
        timeout: float = DEFAULT_TIMEOUT,
        connect_timeout: float = 5.0,
        retry: RetryPolicy = RetryPolicy(),
        poll: PollPolicy = PollPolicy(),
        session: Union[aiohttp.ClientSession, "httpx.AsyncClient", None] = None,
        transport: Optional[Transport] = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        should_sign = is_deployed_api(base_url) if sign is None else sign
        if signer is None and should_sign:
            signer = SigV4Signer(region or region_from_url(base_url) or "us-east-1")
        self._transport = transport or _transport_for(session, connect_timeout)
        self._attempts = Attempts(self._transport, retry, timeout, signer)
        self._poll = poll

    async def __aenter__(self) -> "BroadcastClient":
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        await self._transport.close()

    async def broadcast(
        self,
        type: str,
        data: Any = None,
        topic: Optional[str] = None,
        *,
        wait: bool = False,
        idempotency_key: Optional[str] = None,
    ) -> DeliveryReport:
        """
        A message of any type to one topic's listeners, or to every connection without a topic.

        A broadcast too large for one request's time answers at once with `complete=False` and a
        `broadcast_id` while it goes on; `wait=True` reads its report until it is complete.
        """
        body: dict[str, Any] = {"type": type, "data": data}
        if topic is not None:
            body["topic"] = topic
        return await self._broadcast("", body, wait, idempotency_key)

    async def broadcast_comments_list(
        self,
        post_id: Union[str, int],
        comments: Sequence[Any],
        *,
        wait: bool = False,
        idempotency_key: Optional[str] = None,
    ) -> DeliveryReport:
        """The comments contract: `comments_list` to the post's subscribers and to clients that never subscribed."""
        listed = list(comments)
        body = {"type": "comments_list", "data": {"post_id": post_id, "comments": listed, "count": len(listed)}}
        return await self._broadcast("/comments", body, wait, idempotency_key)

    async def report(self, broadcast_id: str) -> DeliveryReport:
        """The report so far of a broadcast that continued after its answer (`GET {stage}/broadcasts/{id}`)."""
        return await self._read_report(self._status_url(broadcast_id, None))

    async def wait_for(
        self, report: DeliveryReport, *, timeout: Optional[float] = None, interval: Optional[float] = None
    ) -> DeliveryReport:
        """Reads a continuing broadcast's report until it is complete (at once for a finished one); see `PollPolicy`."""
        policy = self._poll
        if timeout is not None or interval is not None:
            policy = PollPolicy(
                timeout=policy.timeout if timeout is None else timeout,
                first_interval=policy.first_interval if interval is None else interval,
                max_interval=policy.max_interval if interval is None else max(interval, policy.max_interval),
                factor=policy.factor,
            )
        status_url = report.status_url

        async def read(broadcast_id: str) -> DeliveryReport:
            return await self._read_report(self._status_url(broadcast_id, status_url))

        return await poll_until_complete(report, read, policy)

    async def _broadcast(self, path: str, body: dict[str, Any], wait: bool, key: Optional[str]) -> DeliveryReport:
        key = _checked_key(key) if key is not None else str(uuid.uuid4())
        request = Request("POST", f"{self.base_url}{path}", encode_body(body), key)
        answer = await self._attempts.send(request)
        report = _report_of(answer, request)
        if report.replayed:
            logger.info("broadcast with Idempotency-Key %s was already made: answered with its stored result", key)
        return await self.wait_for(report) if wait else report

    async def _read_report(self, url: str) -> DeliveryReport:
        request = Request("GET", url)
        return _report_of(await self._attempts.send(request), request)

    def _status_url(self, broadcast_id: str, status_url: Optional[str]) -> str:
        """The server's statusUrl when it is on the host this client was given; else the report's place beside `base_url`."""
        if status_url and _origin(status_url) == _origin(self.base_url):
            return status_url
        return f"{self.base_url}s/{broadcast_id}"


def _report_of(answer: HttpAnswer, request: Request) -> DeliveryReport:
    try:
        body = json.loads(answer.text)
    except ValueError:
        body = None
    if not isinstance(body, dict):
        # Not the endpoint's answer (a proxy's page?): not retried, as it may have been sent.
        raise BroadcastError(
            answer.status,
            f"{request.method} {request.url} answered {answer.status} with a body that is not the endpoint's JSON "
            f"report: {message_of(answer.text)!r}; check the URL",
            attempts=1,
            idempotency_key=request.idempotency_key,
        )
    replayed = (answer.header("Idempotent-Replayed") or "").lower() == "true"
    return DeliveryReport.from_json(
        body, http_status=answer.status, replayed=replayed, idempotency_key=request.idempotency_key
    )


def _checked_key(key: str) -> str:
    if not isinstance(key, str) or not 1 <= len(key) <= 255 or not all(" " <= c <= "~" for c in key):
        raise BroadcastError(None, f"idempotency_key must be 1 to 255 printable ASCII characters, not {key!r:.80}")
    return key


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


def _transport_for(
    session: Union[aiohttp.ClientSession, "httpx.AsyncClient", None], connect_timeout: float
) -> Transport:
    if session is None or isinstance(session, aiohttp.ClientSession):
        return AiohttpTransport(session, connect_timeout=connect_timeout)
    # Imported only for a backend that hands in an httpx client: httpx stays optional.
    from .httpx_transport import HttpxTransport

    return HttpxTransport(session, connect_timeout=connect_timeout)
