"""The transport for a backend that already uses httpx: its `AsyncClient`, the same behaviour as aiohttp's."""
from __future__ import annotations

import asyncio
from typing import Mapping, Optional

import httpx

from .transport import HttpAnswer, TransportError


class HttpxTransport:
    def __init__(self, client: Optional[httpx.AsyncClient] = None, *, connect_timeout: float = 5.0) -> None:
        self._client = client
        self._owns_client = client is None
        self._connect_timeout = connect_timeout

    async def request(
        self, method: str, url: str, *, body: Optional[bytes], headers: Mapping[str, str], timeout: float
    ) -> HttpAnswer:
        # httpx's timeouts are per phase (a trickling answer never trips them): the whole request gets one deadline.
        limits = httpx.Timeout(timeout, connect=min(timeout, self._connect_timeout))
        sent = self._ensure_client().request(method, url, content=body, headers=dict(headers), timeout=limits)
        try:
            response = await asyncio.wait_for(sent, timeout)
        except (httpx.TimeoutException, asyncio.TimeoutError):
            raise TransportError(f"no answer within {timeout:g} s", timed_out=True) from None
        except httpx.UnsupportedProtocol:
            raise
        except httpx.TransportError as error:
            detail = str(error) or type(error).__name__
            raise TransportError(f"connection failed: {type(error).__name__}: {detail}", timed_out=False) from error
        return HttpAnswer(response.status_code, {k.lower(): v for k, v in response.headers.items()}, response.text)

    async def close(self) -> None:
        if self._client is not None and self._owns_client:
            await self._client.aclose()
            self._client = None

    def _ensure_client(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient()
        return self._client
