"""
A broadcast endpoint of the tests' own (aiohttp), keeping the server's idempotency contract, with each
request's fate scripted: what a client does against timeouts, 504s and 429 storms is counted here.
"""
from __future__ import annotations

import asyncio
import json
import uuid
from dataclasses import dataclass, field
from typing import Any, Optional

from aiohttp import web

REPORT = {
    "message": "Broadcast completed",
    "connectionCount": 2,
    "recipients": 2,
    "delivered": 2,
    "stale": 0,
    "connecting": 0,
    "failed": 0,
    "skipped": 0,
    "throttled": 0,
    "failedParts": 0,
    "unconfirmed": 0,
    "unreached": 0,
    "complete": True,
    "topic": None,
    "aFieldFromTheFuture": {"kept": True},
}


@dataclass
class Step:
    """What the endpoint does with one POST: answer `status` at once, and/or do the work (`work`)."""

    status: Optional[int] = None
    work: bool = True
    # The work answers only once the client has asked again (its attempt timed out meanwhile).
    slow: bool = False
    # The work goes on until the endpoint stops (a broadcast that outlives any wait).
    hold: bool = False
    retry_after: Optional[str] = None
    body: Optional[str] = None
    replayed: bool = False


@dataclass
class Seen:
    method: str
    path: str
    key: Optional[str]
    body: bytes
    at: float


@dataclass
class Broadcast:
    broadcast_id: str
    body: bytes
    task: "asyncio.Task[None]"
    answer: Optional[tuple[int, dict[str, Any]]] = None


@dataclass
class FakeEndpoint:
    script: list[Step] = field(default_factory=list)
    # The same for report reads (GET /broadcasts/{id}): an injected status, or the report.
    report_script: list[Step] = field(default_factory=list)
    seen: list[Seen] = field(default_factory=list)
    works: int = 0
    url: str = ""
    _by_key: dict[str, Broadcast] = field(default_factory=dict)
    _by_id: dict[str, Broadcast] = field(default_factory=dict)
    _asked_again: asyncio.Event = field(default_factory=asyncio.Event)
    _stopping: asyncio.Event = field(default_factory=asyncio.Event)
    # Handlers still waiting on their work (their client may be long gone): stop() lets them finish.
    _waiting: set["asyncio.Task[object]"] = field(default_factory=set)

    @property
    def posts(self) -> list[Seen]:
        return [request for request in self.seen if request.method == "POST"]

    async def post(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        key = request.headers.get("Idempotency-Key")
        self.seen.append(Seen("POST", request.path, key, body, asyncio.get_running_loop().time()))
        step = self.script.pop(0) if self.script else Step()
        if step.status is not None and not step.work:
            return _answer(step.status, {"message": f"injected {step.status}"}, step.retry_after, step.body, replayed=step.replayed)
        if key is not None and key in self._by_key:
            return self._repeat(self._by_key[key], body)
        broadcast = self._start(key, body, step)
        if step.status is not None:  # the gateway gave up (504) while the function went on
            return _answer(step.status, {"message": f"injected {step.status}"}, step.retry_after, step.body)
        handler = asyncio.current_task()
        assert handler is not None
        self._waiting.add(handler)
        try:
            await asyncio.shield(broadcast.task)
        finally:
            self._waiting.discard(handler)
        assert broadcast.answer is not None
        return _answer(*broadcast.answer)

    async def report(self, request: web.Request) -> web.StreamResponse:
        self.seen.append(Seen("GET", request.path, None, b"", asyncio.get_running_loop().time()))
        step = self.report_script.pop(0) if self.report_script else Step()
        if step.status is not None:
            return _answer(step.status, {"message": f"injected {step.status}"}, step.retry_after)
        broadcast = self._by_id.get(request.match_info["id"])
        if broadcast is None:
            return _answer(404, {"message": "No broadcast"})
        if broadcast.answer is None:
            return _answer(200, {**self._running(broadcast), "message": "Broadcast in progress"})
        return _answer(200, {**broadcast.answer[1], "broadcastId": broadcast.broadcast_id})

    def _start(self, key: Optional[str], body: bytes, step: Step) -> Broadcast:
        broadcast_id = str(uuid.uuid4())

        async def work() -> None:
            self.works += 1
            if step.slow:
                await self._asked_again.wait()
            if step.hold:
                await self._stopping.wait()
            broadcast.answer = (200, dict(REPORT))

        broadcast = Broadcast(broadcast_id, body, asyncio.get_running_loop().create_task(work()))
        self._by_id[broadcast_id] = broadcast
        if key is not None:
            self._by_key[key] = broadcast
        return broadcast

    def _repeat(self, broadcast: Broadcast, body: bytes) -> web.StreamResponse:
        if body != broadcast.body:
            return _answer(422, {"message": "This Idempotency-Key was used with a different body"})
        try:
            if broadcast.answer is None:
                return _answer(202, self._running(broadcast), replayed=True)
            return _answer(*broadcast.answer, replayed=True)
        finally:
            self._asked_again.set()

    def _running(self, broadcast: Broadcast) -> dict[str, Any]:
        path = f"/development/broadcasts/{broadcast.broadcast_id}"
        return {
            "message": "Broadcast continues asynchronously; read the final report at statusUrl",
            "broadcastId": broadcast.broadcast_id,
            "statusPath": path,
            "statusUrl": self.url.split("/development/")[0] + path,
            "complete": False,
            "pending": 1,
        }

    async def start(self) -> "FakeEndpoint":
        app = web.Application()
        app.router.add_post("/development/broadcast", self.post)
        app.router.add_post("/development/broadcast/comments", self.post)
        app.router.add_get("/development/broadcasts/{id}", self.report)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}/development/broadcast"
        return self

    async def stop(self) -> None:
        self._asked_again.set()
        self._stopping.set()
        await asyncio.gather(*self._waiting, return_exceptions=True)
        await self._runner.cleanup()


def _answer(
    status: int, body: dict[str, Any], retry_after: Optional[str] = None, raw: Optional[str] = None, *, replayed: bool = False
) -> web.Response:
    headers = {}
    if retry_after is not None:
        headers["Retry-After"] = retry_after
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    if raw is not None:
        return web.Response(status=status, text=raw, content_type="text/html", headers=headers)
    return web.Response(status=status, text=json.dumps(body), content_type="application/json", headers=headers)
