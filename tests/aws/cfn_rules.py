"""Evaluates a template's Rules as CloudFormation does before it creates anything."""


def _value(node, parameters: dict):
    if isinstance(node, dict) and "Ref" in node:
        return parameters[node["Ref"]]
    return node


def holds(node, parameters: dict) -> bool:
    (name, args), = node.items()
    if name == "Fn::Equals":
        return str(_value(args[0], parameters)) == str(_value(args[1], parameters))
    if name == "Fn::Not":
        return not holds(args[0], parameters)
    if name == "Fn::And":
        return all(holds(arg, parameters) for arg in args)
    if name == "Fn::Or":
        return any(holds(arg, parameters) for arg in args)
    raise AssertionError(f"rule function {name} is not evaluated here")


def violations(template: dict, overrides: dict) -> list[str]:
    parameters = {name: str(p.get("Default", "")) for name, p in template["Parameters"].items()}
    parameters.update(overrides)
    failed = []
    for name, rule in template.get("Rules", {}).items():
        if "RuleCondition" in rule and not holds(rule["RuleCondition"], parameters):
            continue
        failed += [name for assertion in rule["Assertions"] if not holds(assertion["Assert"], parameters)]
    return failed
