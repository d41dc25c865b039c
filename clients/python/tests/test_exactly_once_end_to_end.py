"""
Against the real runtime under a tight account throttle, with 300 subscribed WebSocket clients: a
broadcast is received exactly once by each, whether its first attempt is answered in time or the
client gives up on it and retries (the retry carries the same Idempotency-Key), and the client
returns the final report instead of raising.
"""
from __future__ import annotations

import asyncio
import json
import uuid
from collections import Counter
from typing import Any, AsyncIterator

import pytest
import websockets

from comments_websocket_client import BroadcastClient, RetryPolicy

LISTENERS = 300
# Generous bounds for a busy 2-core machine; the waits end on events (the marker), not on time.
ARRIVAL_BUDGET = 240.0


class Listener:
    """One subscribed client, counting what it receives until the end marker arrives."""

    def __init__(self, socket: Any) -> None:
        self.socket = socket
        self.received: Counter[str] = Counter()
        self.done = asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        async for raw in self.socket:
            message = json.loads(raw)
            marker = (message.get("data") or {}).get("marker") if isinstance(message.get("data"), dict) else None
            self.received[f"{message['type']}:{marker}"] += 1
            if message["type"] == "end":
                return


async def subscribe(url: str, topic: str) -> Any:
    socket = await websockets.connect(url, max_queue=None)
    await socket.send(json.dumps({"action": "subscribe", "topic": topic}))
    assert json.loads(await asyncio.wait_for(socket.recv(), 60)) == {"type": "subscribed", "topic": topic}
    return socket


@pytest.fixture
async def listeners(throttled_runtime) -> AsyncIterator[tuple[str, list[Listener]]]:
    topic = f"post:{uuid.uuid4().hex[:8]}"
    sockets: list[Any] = []
    try:
        for start in range(0, LISTENERS, 50):
            sockets += await asyncio.gather(*(subscribe(throttled_runtime.ws_url, topic) for _ in range(start, min(start + 50, LISTENERS))))
        yield topic, [Listener(socket) for socket in sockets]
    finally:
        await asyncio.gather(*(socket.close() for socket in sockets), return_exceptions=True)


async def received_once_each(client: BroadcastClient, topic: str, listeners: list[Listener], marker: str) -> None:
    """Ends the run with an `end` message on the topic; everything sent before it has arrived by then."""
    await client.broadcast("end", {"marker": marker}, topic=topic, wait=True)
    await asyncio.wait_for(asyncio.gather(*(listener.done for listener in listeners)), ARRIVAL_BUDGET)
    counts = Counter(listener.received[f"comments_list:{marker}"] for listener in listeners)
    assert counts == Counter({1: LISTENERS}), f"clients by number of copies received: {dict(counts)}"


def comments(marker: str) -> list[dict[str, str]]:
    return [{"id": "1", "text": "first", "marker": marker}]


async def test_each_subscriber_receives_a_throttled_broadcast_exactly_once(throttled_runtime, listeners):
    topic, clients = listeners
    marker = uuid.uuid4().hex
    async with BroadcastClient(throttled_runtime.broadcast_url) as client:
        report = await client.broadcast("comments_list", {"marker": marker, "comments": comments(marker)}, topic=topic, wait=True)
        assert (report.complete, report.delivered, report.failed, report.failed_parts) == (True, LISTENERS, 0, 0)
        await received_once_each(client, topic, clients, marker)


async def test_a_retry_after_the_clients_timeout_does_not_send_again(throttled_runtime, listeners):
    topic, clients = listeners
    marker = uuid.uuid4().hex
    # The first attempt needs about 12 s at 25 sends/s: the client gives up on it after 4 s and asks again,
    # meeting 429s too, as the broadcast's own sends hold the account's quota (many attempts: a busy
    # machine may answer a repeat slowly, and every attempt is harmless).
    retry = RetryPolicy(attempts=40, base_delay=0.5, max_delay=2)
    impatient = BroadcastClient(throttled_runtime.broadcast_url, timeout=4, retry=retry)
    async with impatient:
        report = await impatient.broadcast("comments_list", {"marker": marker, "comments": comments(marker)}, topic=topic, wait=True)
    assert (report.complete, report.delivered, report.failed, report.failed_parts) == (True, LISTENERS, 0, 0)
    async with BroadcastClient(throttled_runtime.broadcast_url) as client:
        await received_once_each(client, topic, clients, marker)
