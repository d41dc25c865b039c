"""AWS's own tools accept the template, as written and as SAM translates it."""

import copy
import json

from cfnlint.api import ManualArgs, lint

from cfn_graph import dependencies, find_cycle
from sam_translate import TEMPLATE, translate

CONFIG = ManualArgs(regions=["eu-west-1"])


def describe(matches) -> list[str]:
    return [f"{m.rule.id} {m.message} (line {m.linenumber})" for m in matches]


def test_cfn_lint_accepts_template_yaml():
    assert describe(lint(TEMPLATE.read_text(), config=CONFIG)) == []


def test_cfn_lint_accepts_the_translated_template(cfn):
    assert describe(lint(json.dumps(cfn), config=CONFIG)) == []


def test_the_translated_template_has_no_circular_dependency(cfn):
    assert find_cycle(dependencies(cfn)) is None


def test_a_worker_granting_itself_invoke_in_its_own_policies_would_be_circular(sam):
    """Why FanoutWorkerSelfInvokePolicy is a resource of its own: the check above can fail."""
    broken = copy.deepcopy(sam)
    worker = broken["Resources"]["FanoutWorkerFunction"]["Properties"]
    worker["Policies"][0]["Statement"].append(
        {"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": {"Fn::GetAtt": ["FanoutWorkerFunction", "Arn"]}}
    )
    translated = translate(broken)
    cycle = find_cycle(dependencies(translated))
    assert cycle is not None and {"FanoutWorkerFunction", "FanoutWorkerFunctionRole"} <= set(cycle)
    assert "E3004" in {m.rule.id for m in lint(json.dumps(translated), config=CONFIG)}
