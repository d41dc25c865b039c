"""SigV4 from botocore, checked by the local runtime's --strict-auth verifier."""
from __future__ import annotations

import pytest
from botocore.credentials import Credentials

from comments_websocket_client import BroadcastClient, BroadcastError, SigV4Signer
from comments_websocket_client.signing import is_deployed_api, region_from_url
from conftest import ACCESS_KEY, REGION, SECRET_KEY


async def test_a_signed_broadcast_is_accepted(strict_runtime):
    signer = SigV4Signer(REGION, Credentials(ACCESS_KEY, SECRET_KEY))
    async with BroadcastClient(strict_runtime.broadcast_url, signer=signer) as client:
        report = await client.broadcast_comments_list("9", [])
    assert report.message == "Broadcast completed"


async def test_signing_takes_credentials_from_the_default_chain(strict_runtime, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    async with BroadcastClient(strict_runtime.broadcast_url, sign=True, region=REGION) as client:
        assert (await client.broadcast("ping")).message == "Broadcast completed"


async def test_an_unsigned_broadcast_is_refused(strict_runtime):
    async with BroadcastClient(strict_runtime.broadcast_url) as client:
        with pytest.raises(BroadcastError) as refused:
            await client.broadcast("x")
    assert refused.value.status == 403
    assert refused.value.message == "Missing Authentication Token"


async def test_a_wrongly_signed_broadcast_is_refused(strict_runtime):
    signer = SigV4Signer(REGION, Credentials(ACCESS_KEY, "not-the-secret"))
    async with BroadcastClient(strict_runtime.broadcast_url, signer=signer) as client:
        with pytest.raises(BroadcastError) as refused:
            await client.broadcast("x")
    assert refused.value.status == 403
    assert "signature we calculated does not match" in refused.value.message


def test_deployed_urls_are_signed_and_local_ones_are_not():
    assert region_from_url("https://abc123.execute-api.eu-west-1.amazonaws.com/production/broadcast") == "eu-west-1"
    assert is_deployed_api("https://abc123.execute-api.eu-west-1.amazonaws.com/production/broadcast")
    assert not is_deployed_api("http://localhost:3001/development/broadcast")


async def test_a_signature_for_another_region_is_refused(strict_runtime):
    signer = SigV4Signer("us-west-2", Credentials(ACCESS_KEY, SECRET_KEY))
    async with BroadcastClient(strict_runtime.broadcast_url, signer=signer) as client:
        with pytest.raises(BroadcastError) as refused:
            await client.broadcast("x")
    assert refused.value.status == 403
    assert refused.value.message == "Credential should be scoped to a valid region, not 'us-west-2'."
