"""
One HTTP request, whatever library makes it. The client speaks to this port only, so aiohttp (the
default) and httpx (for backends that already use it) behave the same: timeouts and dropped
connections come back as `TransportError`s, retried by the caller; anything else is an answer.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Mapping, Optional, Protocol

import aiohttp


@dataclass(frozen=True)
class HttpAnswer:
    status: int
    # Lower-cased header names.
    headers: Mapping[str, str]
    text: str

    def header(self, name: str) -> Optional[str]:
        return self.headers.get(name.lower())


class TransportError(Exception):
    """No answer: `timed_out` when the time ran out, else the connection failed. Always worth a retry."""

    def __init__(self, description: str, *, timed_out: bool) -> None:
        super().__init__(description)
        self.description = description
        self.timed_out = timed_out


class Transport(Protocol):
    async def request(
        self, method: str, url: str, *, body: Optional[bytes], headers: Mapping[str, str], timeout: float
    ) -> HttpAnswer: ...

    async def close(self) -> None: ...


class AiohttpTransport:
    """One pooled `aiohttp.ClientSession`, created on first use inside the running loop (or the caller's own)."""

    def __init__(self, session: Optional[aiohttp.ClientSession] = None, *, connect_timeout: float = 5.0) -> None:
        self._session = session
        self._owns_session = session is None
        self._connect_timeout = connect_timeout

    async def request(
        self, method: str, url: str, *, body: Optional[bytes], headers: Mapping[str, str], timeout: float
    ) -> HttpAnswer:
        limits = aiohttp.ClientTimeout(total=timeout, connect=min(timeout, self._connect_timeout))
        try:
            async with self._ensure_session().request(
                method, url, data=body, headers=dict(headers), timeout=limits
            ) as response:
                text = await response.text(errors="replace")
                return HttpAnswer(response.status, {k.lower(): v for k, v in response.headers.items()}, text)
        except asyncio.TimeoutError:
            raise TransportError(f"no answer within {timeout:g} s", timed_out=True) from None
        except aiohttp.ClientConnectionError as error:
            raise TransportError(f"connection failed: {_describe(error)}", timed_out=False) from error

    async def close(self) -> None:
        if self._session is not None and self._owns_session:
            await self._session.close()
            self._session = None

    def _ensure_session(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=32, keepalive_timeout=60))
        return self._session


def _describe(error: BaseException) -> str:
    """An exception in words; some (timeouts, disconnects) have an empty message of their own."""
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
