"""Reads a continuing broadcast's report until it is complete, for a bounded time, with growing intervals."""
from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from typing import Awaitable, Callable

from .errors import BroadcastError
from .report import DeliveryReport
from .retry import PollPolicy

logger = logging.getLogger("comments_websocket_client")


async def poll_until_complete(
    first: DeliveryReport, read: Callable[[str], Awaitable[DeliveryReport]], policy: PollPolicy
) -> DeliveryReport:
    """
    The final report; or, when the time is up or the report cannot be read, the last one seen
    (`complete=False`), logged. Never an exception: the broadcast was accepted and is being sent,
    and raising would invite the caller to send it again.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + policy.timeout
    report, poll = first, 0
    while not report.complete and report.broadcast_id is not None:
        pause = policy.interval(poll)
        if loop.time() + pause > deadline:
            logger.warning(
                "broadcast %s not complete after %.0f s (%d delivered so far); returning its report so far",
                report.broadcast_id, policy.timeout, report.delivered,
            )
            return report
        await asyncio.sleep(pause)
        poll += 1
        try:
            report = _same_request(report, await read(report.broadcast_id))
        except BroadcastError as error:
            if error.status is not None and error.status < 500 and error.status != 429:
                logger.warning("report of broadcast %s cannot be read (%s); returning its report so far", report.broadcast_id, error)
                return report
            # Retries ran out while the broadcast itself uses the account's quota: keep polling until the deadline.
            logger.info("report of broadcast %s not read yet (%s); polling on", report.broadcast_id, error)
    return report


def _same_request(previous: DeliveryReport, current: DeliveryReport) -> DeliveryReport:
    """The status endpoint does not know how the broadcast was asked for: keep that from the first answer."""
    return replace(
        current,
        broadcast_id=current.broadcast_id or previous.broadcast_id,
        status_url=current.status_url or previous.status_url,
        status_path=current.status_path or previous.status_path,
        idempotency_key=previous.idempotency_key,
        replayed=previous.replayed,
    )
