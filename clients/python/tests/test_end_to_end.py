"""The FastAPI example and a real WebSocket client, against the real local runtime."""
from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import httpx
import pytest
import websockets

from comments_websocket_client import ApiGatewayWebSocketService, BroadcastClient, BroadcastError
from examples.comments_app import create_app


async def subscribed(url: str, topic: str):
    socket = await websockets.connect(url)
    await socket.send(json.dumps({"action": "subscribe", "topic": topic}))
    assert json.loads(await asyncio.wait_for(socket.recv(), 5)) == {"type": "subscribed", "topic": topic}
    return socket


async def nothing_arrives(socket, seconds: float = 0.5) -> bool:
    try:
        await asyncio.wait_for(socket.recv(), seconds)
    except asyncio.TimeoutError:
        return True
    return False


class ClosedOnShutdown:
    """The real broadcaster, noting whether the app's lifespan closed it."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.closed = False

    async def broadcast_comments_list(self, post_id: str | int, comments: Any) -> Any:
        return await self.inner.broadcast_comments_list(post_id, comments)

    async def close(self) -> None:
        await self.inner.close()
        self.closed = True


@pytest.mark.parametrize("broadcaster", ["client", "drop-in"])
async def test_a_post_subscriber_receives_exactly_what_the_app_broadcasts(runtime, broadcaster):
    service = ClosedOnShutdown(
        BroadcastClient(runtime.broadcast_url)
        if broadcaster == "client"
        else ApiGatewayWebSocketService(f"{runtime.http_url}/development")
    )
    app = create_app(service)
    on_post = await subscribed(runtime.ws_url, "post:42")
    on_other_post = await subscribed(runtime.ws_url, "post:7")
    try:
        async with app.router.lifespan_context(app), httpx.AsyncClient(app=app, base_url="http://app") as http:
            response = await http.post("/posts/42/comments", json={"author": "ada", "text": "First!"})
            assert response.status_code == 201
            created = response.json()["comment"]
            assert response.json()["broadcast"] == {"delivered": 1, "complete": True}

            message = json.loads(await asyncio.wait_for(on_post.recv(), 5))
            assert message["type"] == "comments_list"
            assert message["data"] == {"post_id": "42", "comments": [created], "count": 1}
            assert message["topic"] == "post:42"
            assert isinstance(message["timestamp"], str)
            assert await nothing_arrives(on_other_post)

            listed = (await http.get("/posts/42/comments")).json()
            assert listed["comments"] == [created]
            assert not service.closed
        assert service.closed
    finally:
        await on_post.close()
        await on_other_post.close()


async def test_the_client_reports_a_generic_broadcast_to_everyone(runtime):
    listener = await websockets.connect(runtime.ws_url)
    try:
        async with BroadcastClient(runtime.broadcast_url) as client:
            report = await client.broadcast("maintenance", {"in": "5m"})
        assert report.message == "Broadcast completed"
        # Sockets of earlier tests may have closed just now: gone (stale) or too young to tell (connecting).
        assert report.delivered >= 1
        assert report.delivered + report.stale + report.connecting == report.connection_count
        assert json.loads(await asyncio.wait_for(listener.recv(), 5))["type"] == "maintenance"
    finally:
        await listener.close()


async def test_a_rejected_broadcast_raises_with_the_servers_message(runtime):
    async with BroadcastClient(runtime.broadcast_url) as client:
        with pytest.raises(BroadcastError) as refused:
            await client.broadcast("", {"x": 1})
    assert refused.value.status == 400
    assert "type" in refused.value.message


async def test_the_runtime_answers_a_repeated_key_from_the_first_request_and_refuses_it_with_another_body(runtime):
    key = f"python-e2e-{uuid.uuid4()}"
    listener = await subscribed(runtime.ws_url, "post:idem")
    try:
        async with BroadcastClient(runtime.broadcast_url) as client:
            first = await client.broadcast("notice", {"n": 1}, topic="post:idem", idempotency_key=key)
            again = await client.broadcast("notice", {"n": 1}, topic="post:idem", idempotency_key=key)
            with pytest.raises(BroadcastError) as refused:
                await client.broadcast("notice", {"n": 2}, topic="post:idem", idempotency_key=key)
            await client.broadcast("end", topic="post:idem")
        assert (first.replayed, first.delivered, again.replayed, again.delivered) == (False, 1, True, 1)
        assert refused.value.status == 422 and "different" in refused.value.message
        received = [json.loads(await asyncio.wait_for(listener.recv(), 5))["type"] for _ in range(2)]
        assert received == ["notice", "end"]
    finally:
        await listener.close()
