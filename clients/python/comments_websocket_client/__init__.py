"""Client for the comments-websocket broadcast endpoint."""
from .client import DEFAULT_TIMEOUT, BroadcastClient
from .compat import ApiGatewayWebSocketService
from .errors import BroadcastError
from .report import DeliveryReport
from .retry import PollPolicy, RetryPolicy
from .signing import SigV4Signer
from .transport import AiohttpTransport, HttpAnswer, Transport, TransportError

__version__ = "0.2.0"

__all__ = [
    "AiohttpTransport",
    "ApiGatewayWebSocketService",
    "BroadcastClient",
    "BroadcastError",
    "DEFAULT_TIMEOUT",
    "DeliveryReport",
    "HttpAnswer",
    "PollPolicy",
    "RetryPolicy",
    "SigV4Signer",
    "Transport",
    "TransportError",
    "__version__",
]
