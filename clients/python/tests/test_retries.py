"""Retries against a server of the test's own that fails on purpose."""
from __future__ import annotations

import logging

import pytest
from aiohttp import web

from comments_websocket_client import BroadcastClient, BroadcastError, RetryPolicy

FAST = RetryPolicy(attempts=4, base_delay=0.01, max_delay=0.02)
REPORT = {"message": "Broadcast completed", "connectionCount": 2, "delivered": 2, "stale": 0, "failed": 0}


async def failing_server(aiohttp_statuses: list[int], seen: list[str]):
    async def handle(request: web.Request) -> web.Response:
        seen.append(request.headers.get("Content-Type", ""))
        status = aiohttp_statuses.pop(0) if aiohttp_statuses else 200
        if status == 200:
            return web.json_response(REPORT)
        return web.json_response({"message": f"injected {status}"}, status=status)

    app = web.Application()
    app.router.add_post("/development/broadcast/comments", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}/development/broadcast"


async def test_retries_503_and_429_then_returns_the_report(caplog):
    seen: list[str] = []
    runner, url = await failing_server([503, 429], seen)
    try:
        with caplog.at_level(logging.WARNING, logger="comments_websocket_client.client"):
            async with BroadcastClient(url, retry=FAST) as client:
                report = await client.broadcast_comments_list("1", [{"id": 1}])
        assert len(seen) == 3
        assert report.delivered == 2 and report.connection_count == 2
        assert [record.message.split(" (")[1].split(")")[0] for record in caplog.records] == ["503: injected 503", "429: injected 429"]
    finally:
        await runner.cleanup()


async def test_gives_up_after_the_last_attempt():
    seen: list[str] = []
    runner, url = await failing_server([503] * 10, seen)
    try:
        async with BroadcastClient(url, retry=FAST) as client:
            with pytest.raises(BroadcastError, match="after 4 attempts: 503: injected 503"):
                await client.broadcast_comments_list("1", [])
        assert len(seen) == 4
    finally:
        await runner.cleanup()


async def test_does_not_retry_a_4xx():
    seen: list[str] = []
    runner, url = await failing_server([413], seen)
    try:
        async with BroadcastClient(url, retry=FAST) as client:
            with pytest.raises(BroadcastError) as refused:
                await client.broadcast_comments_list("1", [])
        assert refused.value.status == 413 and refused.value.message == "injected 413"
        assert len(seen) == 1
    finally:
        await runner.cleanup()


async def test_retries_a_refused_connection_then_raises():
    async with BroadcastClient("http://127.0.0.1:9/development/broadcast", retry=FAST) as client:
        with pytest.raises(BroadcastError, match="after 4 attempts"):
            await client.broadcast("x")
