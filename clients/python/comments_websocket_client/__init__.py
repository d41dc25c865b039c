"""Client for the comments-websocket broadcast endpoint."""
from .client import BroadcastClient, RetryPolicy
from .compat import ApiGatewayWebSocketService
from .report import BroadcastError, DeliveryReport
from .signing import SigV4Signer

__all__ = ["ApiGatewayWebSocketService", "BroadcastClient", "BroadcastError", "DeliveryReport", "RetryPolicy", "SigV4Signer"]
