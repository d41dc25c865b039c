"""Items 1 (template pieces), 10 and 11: the worker's invoke config, reserved concurrency, no fixed name."""


def test_worker_has_no_fixed_name(resources):
    assert "FunctionName" not in resources["FanoutWorkerFunction"]["Properties"]


def test_one_invoke_config_no_retry_bounded_age_itself_as_failure_destination(resources):
    configs = {n: r for n, r in resources.items() if r["Type"] == "AWS::Lambda::EventInvokeConfig"}
    assert list(configs) == ["FanoutWorkerInvokeConfig"]
    config = configs["FanoutWorkerInvokeConfig"]
    assert config["Properties"] == {
        "FunctionName": {"Ref": "FanoutWorkerFunction"},
        "Qualifier": "$LATEST",
        "MaximumRetryAttempts": 0,
        "MaximumEventAgeInSeconds": {"Ref": "FanoutMaxEventAge"},
        "DestinationConfig": {"OnFailure": {"Destination": {"Fn::GetAtt": ["FanoutWorkerFunction", "Arn"]}}},
    }
    assert config["DependsOn"] in ("FanoutWorkerSelfInvokePolicy", ["FanoutWorkerSelfInvokePolicy"])


def test_event_age_parameter_bounds(cfn):
    assert {k: cfn["Parameters"]["FanoutMaxEventAge"][k] for k in ("Type", "Default", "MinValue", "MaxValue")} == {
        "Type": "Number",
        "Default": 300,
        "MinValue": 60,
        "MaxValue": 21600,
    }


def test_the_worker_may_invoke_itself_through_a_policy_on_its_generated_role(resources):
    policy = resources["FanoutWorkerSelfInvokePolicy"]
    assert policy["Type"] == "AWS::IAM::Policy"
    assert policy["Properties"]["Roles"] == [{"Ref": "FanoutWorkerFunctionRole"}]
    assert resources["FanoutWorkerFunctionRole"]["Type"] == "AWS::IAM::Role"
    assert policy["Properties"]["PolicyDocument"]["Statement"] == [
        {"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": {"Fn::GetAtt": ["FanoutWorkerFunction", "Arn"]}}
    ]


def test_continuation_chains_are_not_stopped_by_recursive_loop_detection(resources):
    assert resources["FanoutWorkerFunction"]["Properties"]["RecursiveLoop"] == "Allow"


def test_worker_and_broadcast_have_reserved_concurrency(resources, cfn):
    assert resources["FanoutWorkerFunction"]["Properties"]["ReservedConcurrentExecutions"] == {"Ref": "FanoutWorkerReservedConcurrency"}
    assert resources["BroadcastFunction"]["Properties"]["ReservedConcurrentExecutions"] == {"Ref": "BroadcastReservedConcurrency"}
    for name in ("FanoutWorkerReservedConcurrency", "BroadcastReservedConcurrency"):
        assert cfn["Parameters"][name]["MinValue"] >= 1, f"{name}=0 would stop the function"
    others = [n for n, r in resources.items() if r["Type"] == "AWS::Lambda::Function" and n not in ("FanoutWorkerFunction", "BroadcastFunction")]
    for name in others:
        assert "ReservedConcurrentExecutions" not in resources[name]["Properties"], f"{name} should share the unreserved pool"


def test_fan_out_environment(resources):
    env = lambda name: resources[name]["Properties"]["Environment"]["Variables"]
    for name in ("BroadcastFunction", "FanoutWorkerFunction"):
        assert env(name)["FANOUT_MAX_EVENT_AGE_SECONDS"] == {"Ref": "FanoutMaxEventAge"}
        assert env(name)["FANOUT_WORKER_TIMEOUT_SECONDS"] == {"Ref": "FanoutWorkerTimeout"}
    for name in ("BroadcastFunction", "BroadcastStatusFunction"):
        assert env(name)["FANOUT_WORKER_FUNCTION"] == {"Ref": "FanoutWorkerFunction"}
    assert "FANOUT_WORKER_FUNCTION" not in env("FanoutWorkerFunction")
