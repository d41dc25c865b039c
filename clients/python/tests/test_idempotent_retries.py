"""
The client against an endpoint of the tests' own that keeps the server's idempotency contract: every
retry of one broadcast carries the same Idempotency-Key, so the work is done once, and what goes wrong
comes back as words.
"""
from __future__ import annotations

import json
from typing import AsyncIterator, Callable

import httpx
import pytest

from comments_websocket_client import DEFAULT_TIMEOUT, BroadcastClient, BroadcastError, HttpAnswer, PollPolicy, RetryPolicy
from fake_endpoint import FakeEndpoint, Step

FAST = RetryPolicy(attempts=4, base_delay=0.01, max_delay=0.02)
QUICK_POLLS = PollPolicy(timeout=30, first_interval=0.01, max_interval=0.05)

MakeClient = Callable[..., BroadcastClient]


@pytest.fixture
async def endpoint() -> AsyncIterator[FakeEndpoint]:
    started = await FakeEndpoint().start()
    yield started
    await started.stop()


@pytest.fixture(params=["aiohttp", "httpx"])
async def make_client(request: pytest.FixtureRequest) -> AsyncIterator[MakeClient]:
    """Every behaviour holds whichever HTTP library carries it."""
    made: list[BroadcastClient] = []

    def make(url: str, **options: object) -> BroadcastClient:
        options.setdefault("retry", FAST)
        options.setdefault("poll", QUICK_POLLS)
        if request.param == "httpx":
            options["session"] = httpx.AsyncClient()
        client = BroadcastClient(url, **options)  # type: ignore[arg-type]
        made.append(client)
        return client

    yield make
    for client in made:
        await client.close()


def keys_of(endpoint: FakeEndpoint) -> set[str | None]:
    return {request.key for request in endpoint.posts}


async def test_an_attempt_outlasts_api_gateways_29_s_limit_by_default():
    class Recording:
        def __init__(self) -> None:
            self.timeouts: list[float] = []

        async def request(self, method: str, url: str, *, body: object, headers: object, timeout: float) -> HttpAnswer:
            self.timeouts.append(timeout)
            return HttpAnswer(200, {}, json.dumps({"message": "Broadcast completed", "delivered": 1}))

        async def close(self) -> None:
            pass

    recording = Recording()
    async with BroadcastClient("http://localhost:3001/development/broadcast", transport=recording) as client:
        assert (await client.broadcast("notice")).delivered == 1
    assert recording.timeouts == [DEFAULT_TIMEOUT] and DEFAULT_TIMEOUT > 29


async def test_a_slow_answer_is_retried_with_the_same_key_and_the_retry_reads_the_first_attempts_result(endpoint, make_client):
    endpoint.script = [Step(slow=True)]
    client = make_client(endpoint.url, timeout=0.3)

    report = await client.broadcast("notice", {"n": 1}, wait=True)

    assert len(endpoint.posts) == 2 and endpoint.works == 1
    assert keys_of(endpoint) == {report.idempotency_key} and report.idempotency_key
    assert report.complete and report.delivered == 2 and report.replayed
    gets = [request for request in endpoint.seen if request.method == "GET"]
    assert gets and all(request.path == f"/development/broadcasts/{report.broadcast_id}" for request in gets)


async def test_without_wait_the_retry_of_a_running_broadcast_answers_where_to_read_it(endpoint, make_client):
    endpoint.script = [Step(slow=True)]
    client = make_client(endpoint.url, timeout=0.3)

    running = await client.broadcast("notice", {"n": 1})
    assert (running.complete, running.http_status, len(endpoint.posts), endpoint.works) == (False, 202, 2, 1)
    assert running.status_url and running.status_url.endswith(f"/broadcasts/{running.broadcast_id}")

    final = await client.wait_for(running)
    assert final.complete and final.delivered == 2 and endpoint.works == 1


@pytest.mark.parametrize(
    "first",
    [Step(status=504, work=False), Step(status=504, work=True)],
    ids=["gateway 504 before the function ran", "gateway 504 while the function went on"],
)
async def test_a_504_then_success_sends_once(endpoint, make_client, first):
    endpoint.script = [first]
    client = make_client(endpoint.url)

    report = await client.broadcast_comments_list("42", [{"id": 1}])

    assert len(endpoint.posts) == 2 and len(keys_of(endpoint)) == 1 and endpoint.works == 1
    assert report.complete and report.delivered == 2 and report.failed_parts == 0
    assert report.extra == {"aFieldFromTheFuture": {"kept": True}}
    assert json.loads(endpoint.posts[0].body) == {"type": "comments_list", "data": {"post_id": "42", "comments": [{"id": 1}], "count": 1}}


async def test_a_429_storm_is_ridden_out_honouring_retry_after_with_the_same_key(endpoint, make_client):
    endpoint.script = [Step(status=429, work=False, retry_after="1")] + [Step(status=429, work=False, retry_after="0")] * 2
    client = make_client(endpoint.url)

    report = await client.broadcast("notice", {"n": 1}, topic="post:1")

    assert len(endpoint.posts) == 4 and len(keys_of(endpoint)) == 1 and endpoint.works == 1
    assert endpoint.posts[1].at - endpoint.posts[0].at >= 0.99
    assert report.delivered == 2


async def test_a_429_storm_that_does_not_end_raises_what_happened_and_the_key_to_retry_with(endpoint, make_client):
    endpoint.script = [Step(status=429, work=False, retry_after="0")] * 10
    client = make_client(endpoint.url)

    with pytest.raises(BroadcastError) as raised:
        await client.broadcast("notice")

    error = raised.value
    assert (error.status, error.attempts, len(endpoint.posts), endpoint.works) == (429, 4, 4, 0)
    assert error.idempotency_key == endpoint.posts[0].key and len(keys_of(endpoint)) == 1
    assert "failed after 4 attempts; last: HTTP 429: injected 429" in str(error)
    assert f"idempotency_key={error.idempotency_key!r}" in str(error)


async def test_a_retry_after_beyond_the_policys_limit_ends_the_retries(endpoint, make_client):
    endpoint.script = [Step(status=429, work=False, retry_after="3600")]
    client = make_client(endpoint.url)

    with pytest.raises(BroadcastError, match="retry after 3600 s, more than max_retry_after"):
        await client.broadcast("notice")
    assert len(endpoint.posts) == 1


async def test_an_endpoint_that_never_answers_raises_a_message_not_an_empty_timeout(endpoint, make_client):
    endpoint.script = [Step(slow=True)]
    client = make_client(endpoint.url, timeout=0.2, retry=RetryPolicy(attempts=1))

    with pytest.raises(BroadcastError) as raised:
        await client.broadcast("notice")

    assert str(raised.value).startswith(f"POST {endpoint.url} failed after 1 attempts; last: no answer within 0.2 s.")
    assert raised.value.status is None and raised.value.idempotency_key


async def test_a_refused_connection_is_retried_then_named(make_client):
    client = make_client("http://127.0.0.1:9/development/broadcast")
    with pytest.raises(BroadcastError, match=r"failed after 4 attempts; last: connection failed: \w+"):
        await client.broadcast("x")


async def test_the_callers_key_is_used_and_a_repeat_is_answered_from_the_first(endpoint, make_client):
    client = make_client(endpoint.url)

    first = await client.broadcast("notice", {"n": 1}, idempotency_key="order-17-shipped")
    again = await client.broadcast("notice", {"n": 1}, idempotency_key="order-17-shipped")

    assert keys_of(endpoint) == {"order-17-shipped"} and endpoint.works == 1
    assert (first.replayed, again.replayed, again.delivered) == (False, True, 2)


async def test_the_same_key_with_another_body_is_refused_with_the_servers_message(endpoint, make_client):
    client = make_client(endpoint.url)
    await client.broadcast("notice", {"n": 1}, idempotency_key="k1")

    with pytest.raises(BroadcastError) as refused:
        await client.broadcast("notice", {"n": 2}, idempotency_key="k1")
    assert refused.value.status == 422 and "different body" in refused.value.message
    assert len(endpoint.posts) == 2 and endpoint.works == 1


@pytest.mark.parametrize("key", ["", "k" * 256, "naïve", "tab\there"])
async def test_a_key_the_server_would_refuse_is_refused_before_sending(endpoint, make_client, key):
    client = make_client(endpoint.url)
    with pytest.raises(BroadcastError, match="idempotency_key must be 1 to 255 printable ASCII characters"):
        await client.broadcast("notice", idempotency_key=key)
    assert endpoint.posts == []


@pytest.mark.parametrize("status", [500, 502, 503, 504, 507])
async def test_a_5xx_is_retried_with_the_same_key(endpoint, make_client, status):
    endpoint.script = [Step(status=status, work=False)]
    client = make_client(endpoint.url)
    assert (await client.broadcast("notice")).delivered == 2
    assert len(endpoint.posts) == 2 and len(keys_of(endpoint)) == 1 and endpoint.works == 1


async def test_a_replayed_error_is_final(endpoint, make_client):
    """The server stored the first attempt's 5xx for this key: asking again would only replay it."""
    endpoint.script = [Step(status=500, work=False, replayed=True)]
    client = make_client(endpoint.url)
    with pytest.raises(BroadcastError, match="injected 500 .the stored answer of an earlier attempt with this Idempotency-Key."):
        await client.broadcast("notice")
    assert len(endpoint.posts) == 1


async def test_a_4xx_is_not_retried(endpoint, make_client):
    endpoint.script = [Step(status=413, work=False)]
    client = make_client(endpoint.url)
    with pytest.raises(BroadcastError) as refused:
        await client.broadcast("notice")
    assert (refused.value.status, refused.value.message, refused.value.attempts, len(endpoint.posts)) == (413, "injected 413", 1, 1)


async def test_a_2xx_that_is_not_json_is_named_and_not_sent_again(endpoint, make_client):
    endpoint.script = [Step(status=200, work=False, body="<html>proxy</html>")]
    client = make_client(endpoint.url)
    with pytest.raises(BroadcastError, match="answered 200 with a body that is not the endpoint's JSON report: '<html>proxy</html>'"):
        await client.broadcast("notice")
    assert len(endpoint.posts) == 1


async def test_polls_ride_out_429s_to_the_final_report(endpoint, make_client):
    endpoint.script = [Step(slow=True)]
    endpoint.report_script = [Step(status=429, work=False, retry_after="0")] * 6
    client = make_client(endpoint.url, timeout=0.3)

    report = await client.broadcast("notice", wait=True)

    assert report.complete and report.delivered == 2 and endpoint.report_script == [] and endpoint.works == 1


async def test_a_wait_that_runs_out_of_time_returns_the_report_so_far_instead_of_raising(endpoint, make_client):
    endpoint.script = [Step(hold=True)]
    client = make_client(endpoint.url, timeout=0.3, poll=PollPolicy(timeout=0.5, first_interval=0.01, max_interval=0.05))

    report = await client.broadcast("notice", wait=True)

    assert (report.complete, report.pending, endpoint.works) == (False, 1, 1)
    assert report.broadcast_id and len(endpoint.posts) == 2
