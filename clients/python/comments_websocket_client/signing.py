"""SigV4 signing for API Gateway (service execute-api) with botocore's signer."""
from __future__ import annotations

import re
from typing import Any, Mapping, Optional
from urllib.parse import urlsplit

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from .credentials import CredentialResolver

_EXECUTE_API_HOST = re.compile(r"^[a-z0-9]+\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$")


def region_from_url(url: str) -> Optional[str]:
    """`https://abc.execute-api.eu-west-1.amazonaws.com/...` -> `eu-west-1`."""
    match = _EXECUTE_API_HOST.match(urlsplit(url).hostname or "")
    return match.group(1) if match else None


def is_deployed_api(url: str) -> bool:
    return region_from_url(url) is not None


class SigV4Signer:
    """Signs requests with `credentials`, or with the default credential chain (env, profile, SSO, role) as the backend runs."""

    def __init__(self, region: str, credentials: Optional[Credentials] = None, *, session: Optional[Any] = None) -> None:
        self.region = region
        self._resolver = CredentialResolver(credentials, session=session)

    async def sign(self, method: str, url: str, body: bytes, headers: Mapping[str, str]) -> dict[str, str]:
        """The headers with SigV4's added; signed per attempt, as a signature carries its time."""
        credentials = await self._resolver.current()
        request = AWSRequest(method=method, url=url, data=body, headers=dict(headers))
        SigV4Auth(credentials, "execute-api", self.region).add_auth(request)
        return dict(request.headers.items())
