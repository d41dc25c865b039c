"""What a backend has at hand becomes JSON, or is refused with the field named — never a bare TypeError."""
from __future__ import annotations

import datetime
import enum
import json
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, AsyncIterator

import pytest
from pydantic import BaseModel

from comments_websocket_client import BroadcastClient, BroadcastError
from comments_websocket_client.payload import encode_body
from fake_endpoint import FakeEndpoint


class Mood(enum.Enum):
    HAPPY = "happy"


@dataclass
class Author:
    name: str
    joined: datetime.date


class Comment(BaseModel):
    id: int
    text: str


def decoded(data: Any) -> Any:
    return json.loads(encode_body({"data": data}))["data"]


def test_sets_become_sorted_lists_so_a_retry_sends_the_same_bytes():
    assert decoded({"tags": {"b", "a", "c"}, "ids": frozenset({3, 1, 2}), "mixed": {1, "a"}}) == {
        "tags": ["a", "b", "c"],
        "ids": [1, 2, 3],
        "mixed": ["a", 1],  # mixed types: in the order of their JSON text
    }


def test_dates_uuids_decimals_enums_dataclasses_and_models_are_converted():
    moment = datetime.datetime(2026, 12, 6, 1, 2, 3, tzinfo=datetime.timezone.utc)
    ident = uuid.UUID("12345678-1234-5678-1234-567812345678")
    assert decoded(
        {
            "at": moment,
            "day": moment.date(),
            "id": ident,
            "likes": Decimal("3"),
            "score": Decimal("2.5"),
            "mood": Mood.HAPPY,
            "author": Author("ada", datetime.date(2020, 1, 2)),
            "comment": Comment(id=1, text="hi"),
            "pair": (1, 2),
            7: "int keys become text",
        }
    ) == {
        "at": "2026-12-06T01:02:03+00:00",
        "day": "2026-12-06",
        "id": "12345678-1234-5678-1234-567812345678",
        "likes": 3,
        "score": 2.5,
        "mood": "happy",
        "author": {"name": "ada", "joined": "2020-01-02"},
        "comment": {"id": 1, "text": "hi"},
        "pair": [1, 2],
        "7": "int keys become text",
    }


@pytest.mark.parametrize(
    "data, field, reason",
    [
        ({"comments": [{"id": 1}, {"author": object()}]}, "data.comments[1].author", "is a builtins.object"),
        ({"score": float("nan")}, "data.score", "is nan, which JSON cannot carry"),
        ({"avatar": b"\x89PNG"}, "data.avatar", "is bytes"),
        ({"by_pair": {(1, 2): "x"}}, "data.by_pair", "has a key (1, 2) of type tuple"),
        ({"tags": {object()}}, "data.tags[]", "is a builtins.object"),
    ],
)
def test_what_cannot_be_json_is_refused_naming_the_field(data, field, reason):
    with pytest.raises(BroadcastError) as refused:
        encode_body({"data": data})
    assert f"cannot send the broadcast: field {field} {reason}" in str(refused.value)


def test_a_structure_that_contains_itself_is_refused():
    looped: dict[str, Any] = {"a": []}
    looped["a"].append(looped)
    with pytest.raises(BroadcastError, match=r"field data.a\[0\] contains itself"):
        encode_body({"data": looped})


@pytest.fixture
async def endpoint() -> AsyncIterator[FakeEndpoint]:
    started = await FakeEndpoint().start()
    yield started
    await started.stop()


async def test_the_client_sends_converted_data_and_refuses_the_rest_without_a_request(endpoint):
    async with BroadcastClient(endpoint.url) as client:
        await client.broadcast("tags", {"tags": {"y", "x"}}, topic="post:1")
        with pytest.raises(BroadcastError, match=r"field data.comments\[0\].at is a builtins.object"):
            await client.broadcast_comments_list("1", [{"at": object()}])
    assert [json.loads(request.body) for request in endpoint.posts] == [
        {"type": "tags", "data": {"tags": ["x", "y"]}, "topic": "post:1"}
    ]
