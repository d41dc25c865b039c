"""Item 9: alarms on every function, refused connects, the WebSocket API, lost fan-out parts; a target."""

from cfn_rules import violations

NOTIFY = {"Fn::If": ["HasAlarmTopic", [{"Ref": "AlarmTopicArn"}], {"Ref": "AWS::NoValue"}]}


def alarms(resources):
    return {name: r["Properties"] for name, r in resources.items() if r["Type"] == "AWS::CloudWatch::Alarm"}


def watched(resources):
    found = []
    for alarm in alarms(resources).values():
        if "MetricName" in alarm:
            found.append((alarm["Namespace"], alarm["MetricName"], alarm.get("Dimensions", [])))
        for query in alarm.get("Metrics", []):
            if "MetricStat" in query:
                metric = query["MetricStat"]["Metric"]
                found.append((metric["Namespace"], metric["MetricName"], metric.get("Dimensions", [])))
    return found


def dims(dimensions):
    return {d["Name"]: d["Value"] for d in dimensions}


def test_every_alarm_notifies_the_alarm_topic_when_one_is_set(resources):
    assert alarms(resources)
    for name, alarm in alarms(resources).items():
        assert alarm["AlarmActions"] == NOTIFY, name


def test_outside_development_a_topic_or_an_explicit_opt_out_is_required(cfn):
    ready = {"StageName": "production", "AllowedOrigins": "https://www.site.example", "AnonymousListeners": "allowed"}
    assert violations(cfn, ready) == ["AlarmTargetOutsideDevelopment"]
    assert violations(cfn, {**ready, "AlarmTopicArn": "arn:aws:sns:eu-west-1:123456789012:ops"}) == []
    assert violations(cfn, {**ready, "AlarmsWithoutTopic": "allowed"}) == []
    assert violations(cfn, {"StageName": "development"}) == []


def test_the_errors_of_every_function_are_watched(resources, functions):
    errors = {dims(d).get("FunctionName", {}).get("Ref") for ns, name, d in watched(resources) if (ns, name) == ("AWS/Lambda", "Errors")}
    assert set(functions) <= errors


def test_connects_refused_for_an_unavailable_store_alarm_at_the_first_one(resources):
    for alarm in alarms(resources).values():
        for query in alarm.get("Metrics", []):
            metric = query.get("MetricStat", {}).get("Metric", {})
            if metric.get("MetricName") == "ConnectsRefused" and dims(metric["Dimensions"]).get("Reason") == "StoreUnavailable":
                assert dims(metric["Dimensions"])["service"] == "comments-websocket"
                assert alarm["Threshold"] == 1 and alarm["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"
                return
    raise AssertionError("no alarm on ConnectsRefused Reason=StoreUnavailable")


def test_the_websocket_apis_execution_and_integration_errors_are_watched(resources):
    for metric_name in ("ExecutionError", "IntegrationError"):
        matching = [dims(d) for ns, name, d in watched(resources) if (ns, name) == ("AWS/ApiGateway", metric_name)]
        assert {"ApiId": {"Ref": "WebSocketApi"}, "Stage": {"Ref": "StageName"}} in matching, metric_name


def test_dropped_and_undeliverable_fan_out_events_are_watched(resources):
    on_worker = {name for ns, name, d in watched(resources) if dims(d).get("FunctionName") == {"Ref": "FanoutWorkerFunction"}}
    assert {"AsyncEventsDropped", "DestinationDeliveryFailures"} <= on_worker
    assert ("CommentsWebSocket", "FanoutPartsResumed") in {(ns, name) for ns, name, _ in watched(resources)}


def test_alarm_topic_must_be_an_sns_topic_arn_or_empty(cfn):
    import re

    pattern = cfn["Parameters"]["AlarmTopicArn"]["AllowedPattern"]
    for value in ["", "arn:aws:sns:eu-west-1:123456789012:ops-alarms", "arn:aws-cn:sns:cn-north-1:123456789012:a.fifo"]:
        assert re.fullmatch(pattern, value), value
    for value in [" ", "ops-alarms", "arn:aws:sqs:eu-west-1:123456789012:queue", "arn:aws:sns:eu-west-1:1234:x"]:
        assert not re.fullmatch(pattern, value), value
