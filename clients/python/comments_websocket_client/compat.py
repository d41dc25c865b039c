"""A drop-in for the existing backend's ApiGatewayWebSocketService: same names, same "log and carry on"."""
from __future__ import annotations

import logging
from typing import Any, Mapping, Optional, Sequence

from .client import BroadcastClient
from .report import BroadcastError, DeliveryReport

logger = logging.getLogger(__name__)


class ApiGatewayWebSocketService:
    """
    `api_url` is the broadcast endpoint's stage URL, e.g. `http://localhost:3001/development`
    (what the existing backend was configured with). Failures are logged and answered with None,
    as the old class did by printing, so callers need no change.
    """

    def __init__(self, api_url: str, **client_options: Any) -> None:
        base = api_url.rstrip("/")
        if not base.endswith("/broadcast"):
            base = f"{base}/broadcast"
        self._client = BroadcastClient(base, **client_options)

    async def broadcast_to_all(self, message: Mapping[str, Any]) -> Optional[DeliveryReport]:
        try:
            return await self._client.broadcast(str(message.get("type", "")), message.get("data"))
        except BroadcastError as error:
            logger.error("broadcast_to_all failed: %s", error)
            return None

    async def broadcast_comments_list(self, post_id: str | int, comments: Sequence[Any]) -> Optional[DeliveryReport]:
        try:
            return await self._client.broadcast_comments_list(post_id, comments)
        except BroadcastError as error:
            logger.error("broadcast_comments_list failed: %s", error)
            return None

    async def close(self) -> None:
        await self._client.close()
