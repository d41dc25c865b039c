"""Item 8: one log group per function with retention, LogLevel effective, logs permissions scoped."""

CLOUDWATCH_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]
LAMBDA_APPLICATION_LEVELS = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"}


def test_log_retention_offers_cloudwatch_values(cfn):
    assert cfn["Parameters"]["LogRetentionDays"]["AllowedValues"] == CLOUDWATCH_RETENTION_DAYS


def test_every_function_logs_to_its_own_group_with_retention(resources, functions):
    groups = []
    for name, function in functions.items():
        group = function["Properties"].get("LoggingConfig", {}).get("LogGroup")
        assert isinstance(group, dict) and "Ref" in group, f"{name} has no LoggingConfig.LogGroup"
        log_group = resources[group["Ref"]]
        assert log_group["Type"] == "AWS::Logs::LogGroup"
        assert log_group["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}, name
        assert log_group["DeletionPolicy"] in ("Delete", "Retain"), f"{group['Ref']}: no deletion choice"
        assert "UpdateReplacePolicy" in log_group, f"{group['Ref']}: no replacement choice"
        groups.append(group["Ref"])
    assert len(set(groups)) == len(functions), "functions share a log group"


def test_log_level_is_lambdas_application_log_level_in_json(cfn, functions):
    assert set(cfn["Parameters"]["LogLevel"]["AllowedValues"]) <= LAMBDA_APPLICATION_LEVELS
    for name, function in functions.items():
        config = function["Properties"]["LoggingConfig"]
        assert config["LogFormat"] == "JSON", name
        assert config["ApplicationLogLevel"] == {"Ref": "LogLevel"}, name


def test_every_function_role_may_write_only_to_the_stacks_log_groups(resources, functions):
    for name, function in functions.items():
        role = resources[function["Properties"]["Role"]["Fn::GetAtt"][0]]
        boundary = role["Properties"].get("PermissionsBoundary")
        assert boundary == {"Ref": "FunctionPermissionsBoundary"}, f"{name}'s role has no boundary"
    statements = resources["FunctionPermissionsBoundary"]["Properties"]["PolicyDocument"]["Statement"]
    for statement in statements:
        actions = statement.get("Action", [])
        actions = [actions] if isinstance(actions, str) else actions
        if statement.get("NotAction"):
            assert statement["NotAction"] in ("logs:*", ["logs:*"])
            continue
        assert all(action.startswith("logs:") for action in actions)
        assert "logs:CreateLogGroup" not in actions
        grants = statement["Resource"]
        assert grants != "*" and all(r["Fn::GetAtt"][1] == "Arn" and r["Fn::GetAtt"][0].endswith("Logs") for r in grants)
        assert sorted(r["Fn::GetAtt"][0] for r in grants) == sorted(
            f["Properties"]["LoggingConfig"]["LogGroup"]["Ref"] for f in functions.values()
        )
