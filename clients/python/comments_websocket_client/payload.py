"""
The request body as JSON bytes, from the data a backend has at hand: sets, datetimes, Decimals,
UUIDs, enums, dataclasses and pydantic models are converted; anything else is refused with the
field named, before a request is made.
"""
from __future__ import annotations

import dataclasses
import datetime
import enum
import json
import math
import sys
import uuid
from decimal import Decimal
from typing import Any, Mapping

from .errors import BroadcastError

# Deeper than any real message; stops a runaway structure before Python's own recursion limit does.
_MAX_DEPTH = 200


def encode_body(body: Mapping[str, Any]) -> bytes:
    """Compact JSON of `body`, the same bytes for the same data (sets are sorted), so a retry is a true repeat."""
    converted = _Converter().convert(body, "", 0)
    return json.dumps(converted, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


class _Converter:
    def __init__(self) -> None:
        self._open: set[int] = set()

    def convert(self, value: Any, path: str, depth: int) -> Any:
        if value is None or isinstance(value, (bool, str)):
            return value
        if isinstance(value, int):
            return int(value)
        if isinstance(value, float):
            return self._finite(value, path)
        if depth > _MAX_DEPTH:
            raise _refused(path, f"is nested deeper than {_MAX_DEPTH} levels")
        simple = _simple(value)
        if simple is not _NOT_SIMPLE:
            return self.convert(simple, path, depth + 1)
        if id(value) in self._open:
            raise _refused(path, "contains itself (a circular reference)")
        self._open.add(id(value))
        try:
            return self._container(value, path, depth)
        finally:
            self._open.discard(id(value))

    def _container(self, value: Any, path: str, depth: int) -> Any:
        if isinstance(value, Mapping):
            return {_key(key, path): self.convert(item, _field(path, key), depth + 1) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.convert(item, f"{path}[{index}]", depth + 1) for index, item in enumerate(value)]
        if isinstance(value, (set, frozenset)):
            return _sorted([self.convert(item, f"{path}[]", depth + 1) for item in value])
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            items = {item.name: getattr(value, item.name) for item in dataclasses.fields(value)}
            return self._container(items, path, depth)
        model = _pydantic_dict(value)
        if model is not None:
            return self._container(model, path, depth)
        if isinstance(value, (bytes, bytearray, memoryview)):
            raise _refused(path, "is bytes, which JSON cannot carry: decode it to text or base64 it")
        raise _refused(path, f"is a {type(value).__module__}.{type(value).__qualname__}, which cannot be sent as JSON")

    @staticmethod
    def _finite(value: float, path: str) -> float:
        if not math.isfinite(value):
            raise _refused(path, f"is {value}, which JSON cannot carry")
        return value


_NOT_SIMPLE = object()


def _simple(value: Any) -> Any:
    """Scalars with one obvious JSON form."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Decimal):
        # DynamoDB hands numbers over as Decimal: whole ones become ints, others floats.
        if not value.is_finite():
            return float(value)
        return int(value) if value == value.to_integral_value() else float(value)
    return _NOT_SIMPLE


def _pydantic_dict(value: Any) -> Any:
    """A pydantic model's fields (v2's `model_dump`, v1's `dict`), without importing pydantic."""
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return dump()
    pydantic = sys.modules.get("pydantic")
    if pydantic is not None and isinstance(value, pydantic.BaseModel):
        return value.dict()
    return None


def _key(key: Any, path: str) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, enum.Enum) and isinstance(key.value, (str, int)):
        return str(key.value)
    if isinstance(key, (int, uuid.UUID)) and not isinstance(key, bool):
        return str(key)
    raise _refused(path or "data", f"has a key {key!r} of type {type(key).__name__}; JSON object keys are text")


def _sorted(items: list[Any]) -> list[Any]:
    try:
        return sorted(items)
    except TypeError:
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))


def _field(path: str, key: Any) -> str:
    return f"{path}.{key}" if path else str(key)


def _refused(path: str, reason: str) -> BroadcastError:
    return BroadcastError(None, f"cannot send the broadcast: field {path or '(body)'} {reason}")
