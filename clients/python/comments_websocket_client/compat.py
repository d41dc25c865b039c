"""A drop-in for the existing backend's ApiGatewayWebSocketService: same names, same "log and carry on"."""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Mapping, Optional, Sequence, TypeVar, Union

from .client import BroadcastClient
from .errors import BroadcastError
from .report import DeliveryReport

logger = logging.getLogger("comments_websocket_client")

T = TypeVar("T")


class ApiGatewayWebSocketService:
    """
    `api_url` is the broadcast endpoint's stage URL, e.g. `http://localhost:3001/development` (what the
    existing backend was configured with). Like the class it replaces, it never raises into its caller:
    every failure — a refusal, no credentials for `sign=True`, an answer that is not JSON, data that
    cannot be sent — is logged with its reason and answered with None.
    """

    def __init__(self, api_url: str, **client_options: Any) -> None:
        self._client: Optional[BroadcastClient] = None
        try:
            base = str(api_url).rstrip("/")
            self._client = BroadcastClient(base if base.endswith("/broadcast") else f"{base}/broadcast", **client_options)
        except Exception as error:  # a bad option must not stop the backend from starting
            logger.error("ApiGatewayWebSocketService is disabled: %s", _describe(error), exc_info=True)

    async def broadcast_to_all(self, message: Mapping[str, Any]) -> Optional[DeliveryReport]:
        return await self._guarded(
            "broadcast_to_all", lambda client: client.broadcast(str(message.get("type", "")), message.get("data"))
        )

    async def broadcast_comments_list(
        self, post_id: Union[str, int], comments: Sequence[Any]
    ) -> Optional[DeliveryReport]:
        return await self._guarded("broadcast_comments_list", lambda client: client.broadcast_comments_list(post_id, comments))

    async def close(self) -> None:
        if self._client is not None:
            await self._guarded("close", lambda client: client.close())

    async def _guarded(self, name: str, call: Callable[[BroadcastClient], Awaitable[T]]) -> Optional[T]:
        if self._client is None:
            logger.error("%s skipped: ApiGatewayWebSocketService could not be set up (see the error above)", name)
            return None
        try:
            return await call(self._client)
        except BroadcastError as error:
            logger.error("%s failed: %s", name, error)
        except Exception as error:  # noqa: BLE001 - the replaced class never raised; neither does this one
            logger.error("%s failed: %s", name, _describe(error), exc_info=True)
        return None


def _describe(error: BaseException) -> str:
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
