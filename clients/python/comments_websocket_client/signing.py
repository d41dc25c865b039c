"""SigV4 signing for API Gateway (service execute-api) with botocore's signer."""
from __future__ import annotations

import re
from typing import Mapping, Optional
from urllib.parse import urlsplit

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.session import Session

_EXECUTE_API_HOST = re.compile(r"^[a-z0-9]+\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$")


def region_from_url(url: str) -> Optional[str]:
    """`https://abc.execute-api.eu-west-1.amazonaws.com/...` -> `eu-west-1`."""
    match = _EXECUTE_API_HOST.match(urlsplit(url).hostname or "")
    return match.group(1) if match else None


def is_deployed_api(url: str) -> bool:
    return region_from_url(url) is not None


class SigV4Signer:
    """Signs requests with the default credential chain (env, profile, role), as the backend runs."""

    def __init__(self, region: str, credentials: Optional[Credentials] = None) -> None:
        self.region = region
        self._credentials = credentials
        self._session = Session() if credentials is None else None

    def _current_credentials(self) -> Credentials:
        if self._credentials is not None:
            return self._credentials
        found = self._session.get_credentials()  # type: ignore[union-attr]
        if found is None:
            raise RuntimeError("No AWS credentials found for SigV4 signing (environment, profile or role)")
        # Refreshable credentials (roles) renew themselves; freeze one consistent set per request.
        return found.get_frozen_credentials()  # type: ignore[return-value]

    def sign(self, method: str, url: str, body: bytes, headers: Mapping[str, str]) -> dict[str, str]:
        request = AWSRequest(method=method, url=url, data=body, headers=dict(headers))
        SigV4Auth(self._current_credentials(), "execute-api", self.region).add_auth(request)
        return dict(request.headers.items())
