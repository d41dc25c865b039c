"""A broadcast that outlasts its request: answered at once, finished asynchronously, its report read by id."""
from __future__ import annotations

import asyncio
import json

import websockets

from comments_websocket_client import BroadcastClient


async def test_a_broadcast_longer_than_its_request_is_reported_complete_when_waited_for(slow_runtime):
    # 100 clients at 25 sends/s take about 4 s: more than the 2 s a 5 s broadcast function sends for.
    sockets = [await websockets.connect(slow_runtime.ws_url) for _ in range(100)]
    try:
        async with BroadcastClient(slow_runtime.broadcast_url) as client:
            first = await client.broadcast("notice", {"n": 1})
            assert first.complete is False
            assert first.broadcast_id and first.status_path and first.status_path.endswith(first.broadcast_id)

            final = await client.wait_for(first, timeout=120, interval=0.5)
            assert final.complete is True
            assert (final.delivered, final.failed, final.connection_count) == (100, 0, 100)

        received = await asyncio.gather(*(asyncio.wait_for(socket.recv(), 30) for socket in sockets))
        assert all(json.loads(message)["data"] == {"n": 1} for message in received)
    finally:
        await asyncio.gather(*(socket.close() for socket in sockets))
