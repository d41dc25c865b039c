"""
The comments flow on FastAPI: create a comment, list a post's comments, and push the list to the
post's subscribers through the broadcast endpoint. The broadcaster is closed by the app's lifespan.

    BROADCAST_URL=http://localhost:3001/development/broadcast /usr/bin/python3 -m uvicorn examples.comments_app:app --port 8000
"""
from __future__ import annotations

import inspect
import os
import uuid
from collections import defaultdict
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, Callable, Optional, Protocol, Sequence, Union

from fastapi import FastAPI
from pydantic import BaseModel, Field

from comments_websocket_client import ApiGatewayWebSocketService, BroadcastClient, DeliveryReport


class Broadcaster(Protocol):
    async def broadcast_comments_list(self, post_id: Union[str, int], comments: Sequence[Any]) -> Optional[DeliveryReport]: ...

    async def close(self) -> None: ...


class NewComment(BaseModel):
    author: str = Field(min_length=1, max_length=64)
    text: str = Field(min_length=1, max_length=2000)


def create_app(broadcaster: Broadcaster) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await broadcaster.close()

    app = fastapi_with_lifespan(lifespan, title="comments example")
    comments: dict[str, list[dict[str, str]]] = defaultdict(list)

    @app.get("/posts/{post_id}/comments")
    async def list_comments(post_id: str) -> dict[str, Any]:
        return {"post_id": post_id, "comments": comments[post_id], "count": len(comments[post_id])}

    @app.post("/posts/{post_id}/comments", status_code=201)
    async def create_comment(post_id: str, comment: NewComment) -> dict[str, Any]:
        created = {"id": uuid.uuid4().hex[:12], "author": comment.author, "text": comment.text}
        comments[post_id].append(created)
        report = await broadcaster.broadcast_comments_list(post_id, comments[post_id])
        return {"comment": created, "broadcast": None if report is None else {"delivered": report.delivered, "complete": report.complete}}

    return app


def fastapi_with_lifespan(lifespan: Callable[[FastAPI], Any], **options: Any) -> FastAPI:
    if "lifespan" in inspect.signature(FastAPI).parameters:
        return FastAPI(lifespan=lifespan, **options)
    # FastAPI before 0.93 (Debian 12 ships 0.92) has no `lifespan` argument, and would keep it unused among
    # its extras: its router takes the same context manager, which is what the argument sets later on.
    app = FastAPI(**options)
    app.router.lifespan_context = lifespan
    return app


def broadcaster_from_env() -> Broadcaster:
    url = os.environ.get("BROADCAST_URL", "http://localhost:3001/development/broadcast")
    # USE_DROP_IN=1 runs the same app on the drop-in for the old ApiGatewayWebSocketService.
    if os.environ.get("USE_DROP_IN") == "1":
        return ApiGatewayWebSocketService(url)
    return BroadcastClient(url)


app = create_app(broadcaster_from_env())
