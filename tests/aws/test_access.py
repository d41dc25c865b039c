"""Items 5–7 and 10: fail-closed parameters, narrowed table access, JSON access logs on both stages."""

import json
import re

from cfn_rules import violations

WEBSOCKET_FIELDS = {"$context.requestId", "$context.connectionId", "$context.eventType", "$context.routeKey",
                    "$context.status", "$context.integrationErrorMessage"}
REST_FIELDS = {"$context.requestId", "$context.status", "$context.integrationErrorMessage"}
CHOSEN = {"AnonymousListeners": "allowed", "AlarmsWithoutTopic": "allowed"}


def test_allowed_origins_pattern_refuses_values_that_name_no_origin(cfn):
    pattern = cfn["Parameters"]["AllowedOrigins"]["AllowedPattern"]
    for value in [",", " ", " ,", "garbage", "https://a.example,", "https://a.example/path", "*"]:
        assert not re.fullmatch(pattern, value), value
    for value in ["", "https://www.site.example", "https://a.example, http://localhost:3000"]:
        assert re.fullmatch(pattern, value), value


def test_origins_are_required_outside_development(cfn):
    assert violations(cfn, {"StageName": "production", **CHOSEN}) == ["OriginsOutsideDevelopment"]
    assert violations(cfn, {"StageName": "production", "AllowedOrigins": "https://a.example", **CHOSEN}) == []


def test_anonymous_listeners_are_an_explicit_choice_outside_development(cfn):
    base = {"StageName": "staging", "AllowedOrigins": "https://a.example", "AlarmsWithoutTopic": "allowed"}
    tokens = {"JwksUrl": "https://idp.example/jwks.json", "JwtIssuer": "https://idp.example/"}
    assert violations(cfn, base) == ["ListenersOutsideDevelopment"]
    assert violations(cfn, {**base, "AnonymousListeners": "allowed"}) == []
    assert violations(cfn, {**base, **tokens}) == []
    assert violations(cfn, {**base, **tokens, "AnonymousListeners": "allowed"}) == ["AnonymousOrTokens"]


def _table_statements(resources, functions):
    for name, function in functions.items():
        role = resources[function["Properties"]["Role"]["Fn::GetAtt"][0]]
        for policy in role["Properties"].get("Policies", []):
            for statement in policy["PolicyDocument"]["Statement"]:
                actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
                if any(a.startswith("dynamodb:") for a in actions):
                    yield name, actions, statement


def test_item_actions_on_the_table_are_limited_to_their_key_prefix(resources, functions):
    seen = 0
    for name, actions, statement in _table_statements(resources, functions):
        seen += 1
        if "/index/ByTopic" in json.dumps(statement["Resource"]):
            assert set(actions) <= {"dynamodb:Query", "dynamodb:Scan"}, name
            continue
        keys = statement.get("Condition", {}).get("ForAllValues:StringLike", {}).get("dynamodb:LeadingKeys")
        assert keys in (["conn#*"], ["broadcast#*"]), f"{name}: {actions} not limited by dynamodb:LeadingKeys"
    assert seen >= len(functions) - 1  # $default touches no table


def _actions_on(resources, functions, function, prefix):
    return {a for name, actions, s in _table_statements(resources, functions) if name == function
            and s.get("Condition", {}).get("ForAllValues:StringLike", {}).get("dynamodb:LeadingKeys") == [prefix]
            for a in actions}


def test_fan_out_functions_get_exactly_what_the_durable_fan_out_needs(resources, functions):
    for function in ("BroadcastFunction", "FanoutWorkerFunction"):
        assert _actions_on(resources, functions, function, "conn#*") == {"dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:Query"}
        assert _actions_on(resources, functions, function, "broadcast#*") == {"dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:Query"}
    assert _actions_on(resources, functions, "BroadcastStatusFunction", "broadcast#*") == {"dynamodb:GetItem", "dynamodb:Query", "dynamodb:UpdateItem"}
    assert _actions_on(resources, functions, "BroadcastStatusFunction", "conn#*") == set()


def _format_fields(text):
    return set(json.loads(text).values())


def test_websocket_stage_writes_json_access_logs_to_a_group_with_retention(resources):
    stages = [r for r in resources.values() if r["Type"] == "AWS::ApiGatewayV2::Stage"]
    assert len(stages) == 1
    settings = stages[0]["Properties"]["AccessLogSettings"]
    group = settings["DestinationArn"]["Fn::GetAtt"][0]
    assert resources[group]["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}
    assert WEBSOCKET_FIELDS <= _format_fields(settings["Format"])


def test_rest_stage_writes_json_access_logs_to_its_own_group(resources):
    stages = [r for r in resources.values() if r["Type"] == "AWS::ApiGateway::Stage"]
    assert len(stages) == 1
    setting = stages[0]["Properties"]["AccessLogSetting"]
    group = setting["DestinationArn"]["Fn::GetAtt"][0]
    assert resources[group]["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}
    ws_stage = next(r for r in resources.values() if r["Type"] == "AWS::ApiGatewayV2::Stage")
    assert group != ws_stage["Properties"]["AccessLogSettings"]["DestinationArn"]["Fn::GetAtt"][0]
    assert REST_FIELDS <= _format_fields(setting["Format"])
