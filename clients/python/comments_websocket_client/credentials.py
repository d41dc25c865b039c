"""
AWS credentials for signing, resolved without blocking the event loop: botocore's chain (environment,
shared files, SSO, container and instance roles) may read files and call metadata endpoints, so it runs
in a worker thread, once; credentials that expire (roles, SSO) are refreshed in a thread too, when due.
"""
from __future__ import annotations

import asyncio
from typing import Any, Optional

from botocore.credentials import Credentials, ReadOnlyCredentials, RefreshableCredentials
from botocore.session import Session

from .errors import BroadcastError


class CredentialResolver:
    """Give it fixed `credentials`, or a botocore `session` (a default one is made) whose chain is asked once."""

    def __init__(self, credentials: Optional[Credentials] = None, *, session: Optional[Any] = None) -> None:
        self._credentials = credentials
        self._session = session
        self._lock = asyncio.Lock()

    async def current(self) -> ReadOnlyCredentials:
        """One consistent set of keys; a `BroadcastError` saying why when there is none."""
        try:
            credentials = self._credentials or await self._resolve()
            if isinstance(credentials, RefreshableCredentials) and credentials.refresh_needed():
                # Due for refresh: botocore would refresh synchronously inside get_frozen_credentials.
                async with self._lock:
                    return await asyncio.to_thread(credentials.get_frozen_credentials)
            frozen: ReadOnlyCredentials = credentials.get_frozen_credentials()
            return frozen
        except BroadcastError:
            raise
        except Exception as error:  # a missing profile, a broken config file, a failed refresh
            detail = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
            raise BroadcastError(None, f"cannot sign the broadcast: AWS credentials could not be read ({detail})") from error

    async def _resolve(self) -> Credentials:
        async with self._lock:
            if self._credentials is None:
                self._credentials = await asyncio.to_thread(self._from_chain)
            return self._credentials

    def _from_chain(self) -> Credentials:
        session = self._session if self._session is not None else Session()
        found: Optional[Credentials] = session.get_credentials()
        if found is None:
            raise BroadcastError(
                None,
                "cannot sign the broadcast: no AWS credentials found (environment, shared config/credentials "
                "files, SSO, container or instance role); pass credentials=, or sign=False for a local URL",
            )
        return found
