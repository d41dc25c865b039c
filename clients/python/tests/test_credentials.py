"""Credentials for SigV4 come from botocore's chain in a worker thread, once, and are refreshed there when due."""
from __future__ import annotations

import asyncio
import datetime
import threading
from typing import Any, Optional

from botocore.credentials import Credentials, RefreshableCredentials

import pytest

from comments_websocket_client import BroadcastError, SigV4Signer

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


async def test_a_chain_that_fails_says_why(monkeypatch, tmp_path):
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_PROFILE", "no-such-profile")
    signer = SigV4Signer("eu-west-1")
    with pytest.raises(BroadcastError, match=r"AWS credentials could not be read \(ProfileNotFound: The config profile \(no-such-profile\) could not be found\)"):
        await signer.sign("POST", URL, b"{}", {})


async def test_a_failed_refresh_says_why():
    def refresh() -> dict[str, Any]:
        raise ConnectionError("metadata endpoint unreachable")

    expired = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=1)
    credentials = RefreshableCredentials.create_from_metadata(
        {"access_key": "A", "secret_key": "s", "token": "t", "expiry_time": expired.isoformat()}, refresh, "test"
    )
    with pytest.raises(BroadcastError, match="could not be read .ConnectionError: metadata endpoint unreachable."):
        await SigV4Signer("eu-west-1", credentials).sign("POST", URL, b"{}", {})
