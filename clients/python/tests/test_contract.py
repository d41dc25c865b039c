"""The client reads the answers the server's contract describes: no field of it is dropped."""
from dataclasses import fields
from typing import get_type_hints

from comments_websocket_client import contract
from comments_websocket_client.report import DeliveryReport


def _wire_keys(answer: type) -> set[str]:
    return set(get_type_hints(answer))


def test_every_field_of_every_answer_in_the_contract_becomes_a_report_field():
    report_fields = {item.name for item in fields(DeliveryReport)}
    answers = (contract.CompletedBroadcast, contract.ContinuingBroadcast, contract.BroadcastStatus)
    wire = set().union(*(_wire_keys(answer) for answer in answers))
    assert "failedParts" in wire and "unreached" in wire
    body = {key: (1 if key not in ("message", "topic", "type") else "x") for key in wire}
    report = DeliveryReport.from_json(body)
    assert report.extra == {}
    assert report.failed_parts == 1 and report.unreached == 1 and report.connection_count == 1
    for key in wire:
        snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in key)
        assert snake in report_fields, f"{key} has no DeliveryReport field"


def test_a_field_the_contract_does_not_know_lands_in_extra():
    report = DeliveryReport.from_json({"delivered": 2, "somethingNew": True})
    assert report.delivered == 2
    assert report.extra == {"somethingNew": True}
