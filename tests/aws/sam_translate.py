"""template.yaml as `sam deploy` would hand it to CloudFormation: packaged, then translated by SAM."""

import copy
from pathlib import Path

import boto3
from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.parser.parser import Parser
from samtranslator.translator.translator import Translator
from samtranslator.yaml_helper import yaml_parse

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "template.yaml"

# SAM attaches this managed policy to every role it generates; the translator asks IAM for its ARN.
MANAGED_POLICIES = {
    "AWSLambdaBasicExecutionRole": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
}


def load_sam() -> dict:
    return yaml_parse(TEMPLATE.read_text())


def _packaged(uri) -> str:
    """What `sam package` puts in place of a local CodeUri/ContentUri: an S3 URI."""
    text = str(uri)
    return text if text.startswith("s3://") else f"s3://artifacts/{text.strip('./') or 'app'}.zip"


def package(sam: dict) -> dict:
    packaged = copy.deepcopy(sam)
    globals_function = packaged.get("Globals", {}).get("Function", {})
    if "CodeUri" in globals_function:
        globals_function["CodeUri"] = _packaged(globals_function["CodeUri"])
    for resource in packaged["Resources"].values():
        properties = resource.get("Properties", {})
        for key in ("CodeUri", "ContentUri"):
            if key in properties:
                properties[key] = _packaged(properties[key])
    return packaged


def translate(sam: dict) -> dict:
    translator = Translator(
        managed_policy_map=None,
        sam_parser=Parser(),
        boto_session=boto3.session.Session(region_name="eu-west-1"),
    )
    try:
        return translator.translate(
            sam_template=package(sam),
            parameter_values={},
            get_managed_policy_map=lambda: MANAGED_POLICIES,
        )
    except InvalidDocumentException as error:
        raise AssertionError("SAM cannot translate template.yaml: " + "; ".join(str(c) for c in error.causes))
