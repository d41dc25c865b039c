"""Credentials for SigV4 come from botocore's chain in a worker thread, once, and are refreshed there when due."""
from __future__ import annotations

import asyncio
import datetime
import threading
from typing import Any, Optional

from botocore.credentials import Credentials, RefreshableCredentials

from comments_websocket_client import SigV4Signer

URL = "https://abc123.execute-api.eu-west-1.amazonaws.com/production/broadcast"


class BlockingChain:
    """A credential chain that blocks its thread (as a metadata endpoint call does) until the event loop moves on."""

    def __init__(self, loop_moved: threading.Event) -> None:
        self.loop_moved = loop_moved
        self.threads: list[int] = []

    def get_credentials(self) -> Optional[Credentials]:
        self.threads.append(threading.get_ident())
        if not self.loop_moved.wait(timeout=5):
            return None  # the loop was blocked by this very call
        return Credentials("AKIDCHAIN", "secret")


async def test_the_chain_is_asked_once_in_a_thread_while_the_loop_keeps_running():
    loop_moved = threading.Event()
    chain = BlockingChain(loop_moved)
    signer = SigV4Signer("eu-west-1", session=chain)

    signing = asyncio.ensure_future(signer.sign("POST", URL, b"{}", {}))
    # Runs after the signing task's first step, which asks the chain: only if that step did not block the loop.
    asyncio.get_running_loop().call_soon(loop_moved.set)
    headers = await signing
    for _ in range(3):
        await signer.sign("POST", URL, b"{}", {})

    assert "Credential=AKIDCHAIN/" in headers["Authorization"]
    assert len(chain.threads) == 1 and chain.threads[0] != threading.get_ident()


async def test_expiring_credentials_are_refreshed_in_a_thread_when_due():
    refreshes: list[int] = []

    def refresh() -> dict[str, Any]:
        refreshes.append(threading.get_ident())
        return metadata("AKIDRENEWED", hours=1)

    def metadata(key: str, hours: float) -> dict[str, Any]:
        expiry = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=hours)
        return {"access_key": key, "secret_key": "s", "token": "t", "expiry_time": expiry.isoformat()}

    # Five seconds left: inside botocore's refresh windows, so the next use must refresh first.
    expiring = RefreshableCredentials.create_from_metadata(metadata("AKIDOLD", hours=5 / 3600), refresh, "test")
    signer = SigV4Signer("eu-west-1", expiring)

    first = await signer.sign("POST", URL, b"{}", {})
    second = await signer.sign("POST", URL, b"{}", {})

    assert "Credential=AKIDRENEWED/" in first["Authorization"] and "Credential=AKIDRENEWED/" in second["Authorization"]
    assert len(refreshes) == 1 and refreshes[0] != threading.get_ident()
    assert first["X-Amz-Security-Token"] == "t"
