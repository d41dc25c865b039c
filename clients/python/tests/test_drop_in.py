"""The drop-in for the old ApiGatewayWebSocketService never raises into its caller: it logs why and answers None."""
from __future__ import annotations

import logging
from typing import AsyncIterator

import pytest

from comments_websocket_client import ApiGatewayWebSocketService, RetryPolicy
from fake_endpoint import FakeEndpoint, Step

FAST = RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.02)


@pytest.fixture
async def endpoint() -> AsyncIterator[FakeEndpoint]:
    started = await FakeEndpoint().start()
    yield started
    await started.stop()


@pytest.fixture
def no_aws_credentials(monkeypatch, tmp_path):
    """Nothing for botocore's chain to find: no variables, no files, no instance metadata."""
    for name in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
                 "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_WEB_IDENTITY_TOKEN_FILE"]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


def stage_of(endpoint: FakeEndpoint) -> str:
    return endpoint.url.removesuffix("/broadcast")


async def test_a_2xx_that_is_not_json_is_logged_and_answered_with_none(endpoint, caplog):
    endpoint.script = [Step(status=200, work=False, body="<html>ok</html>")]
    service = ApiGatewayWebSocketService(stage_of(endpoint), retry=FAST)
    with caplog.at_level(logging.ERROR, logger="comments_websocket_client"):
        assert await service.broadcast_comments_list("1", []) is None
    await service.close()
    assert "broadcast_comments_list failed: 200: POST" in caplog.text and "not the endpoint's JSON" in caplog.text


async def test_signing_without_credentials_is_logged_and_answered_with_none(endpoint, no_aws_credentials, caplog):
    service = ApiGatewayWebSocketService(stage_of(endpoint), sign=True, retry=FAST)
    with caplog.at_level(logging.ERROR, logger="comments_websocket_client"):
        assert await service.broadcast_to_all({"type": "notice", "data": {}}) is None
    await service.close()
    assert "broadcast_to_all failed: cannot sign the broadcast: no AWS credentials found" in caplog.text
    assert endpoint.posts == []


async def test_data_that_cannot_be_json_is_logged_and_answered_with_none(endpoint, caplog):
    service = ApiGatewayWebSocketService(stage_of(endpoint))
    with caplog.at_level(logging.ERROR, logger="comments_websocket_client"):
        assert await service.broadcast_comments_list("1", [{"at": object()}]) is None
    await service.close()
    assert "field data.comments[0].at is a builtins.object" in caplog.text


async def test_an_endpoint_that_stays_unavailable_is_logged_and_answered_with_none(endpoint, caplog):
    endpoint.script = [Step(status=503, work=False)] * 2
    service = ApiGatewayWebSocketService(stage_of(endpoint), retry=FAST)
    with caplog.at_level(logging.ERROR, logger="comments_websocket_client"):
        assert await service.broadcast_to_all({"type": "notice"}) is None
    await service.close()
    assert "failed after 2 attempts; last: HTTP 503: injected 503" in caplog.text


async def test_anything_else_is_logged_and_answered_with_none_too(endpoint, caplog):
    class Broken:
        async def request(self, *args: object, **kwargs: object) -> None:
            raise KeyError("transport bug")

        async def close(self) -> None:
            raise RuntimeError("close bug")

    service = ApiGatewayWebSocketService(stage_of(endpoint), transport=Broken())
    with caplog.at_level(logging.ERROR, logger="comments_websocket_client"):
        assert await service.broadcast_to_all("not a mapping") is None  # type: ignore[arg-type]
        assert await service.broadcast_comments_list("1", []) is None
        assert await service.close() is None
    assert "broadcast_to_all failed: AttributeError" in caplog.text
    assert "could not be sent: 'transport bug'" in caplog.text
    assert "close failed: RuntimeError: close bug" in caplog.text


async def test_a_bad_option_disables_the_service_instead_of_stopping_the_backend(caplog):
    with caplog.at_level(logging.ERROR, logger="comments_websocket_client"):
        service = ApiGatewayWebSocketService("http://localhost:3001/development", no_such_option=1)
        assert await service.broadcast_to_all({"type": "notice"}) is None
        await service.close()
    assert "ApiGatewayWebSocketService is disabled: TypeError" in caplog.text
    assert "broadcast_to_all skipped" in caplog.text


async def test_a_delivered_broadcast_answers_its_report(endpoint):
    service = ApiGatewayWebSocketService(stage_of(endpoint))
    report = await service.broadcast_comments_list(42, [{"id": 1}])
    await service.close()
    assert report is not None and report.delivered == 2 and endpoint.posts[0].path == "/development/broadcast/comments"
