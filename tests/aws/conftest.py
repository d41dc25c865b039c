import pytest

from sam_translate import load_sam, translate


@pytest.fixture(scope="session")
def sam() -> dict:
    return load_sam()


@pytest.fixture(scope="session")
def cfn(sam) -> dict:
    """The CloudFormation template SAM produces from template.yaml."""
    return translate(sam)


@pytest.fixture(scope="session")
def resources(cfn) -> dict:
    return cfn["Resources"]


@pytest.fixture(scope="session")
def functions(resources) -> dict:
    return {name: r for name, r in resources.items() if r["Type"] == "AWS::Lambda::Function"}
