#!/usr/bin/env bash
# `npm run test:aws`: AWS's own tools on template.yaml — cfn-lint, the SAM translator (aws-sam-translator
# 1.110) and cfn-lint again on the CloudFormation it produces — then pytest checks on that output.
# Runs with the default python3 on PATH (not Debian's /usr/bin/python3, which has neither tool).
set -euo pipefail
cd "$(dirname "$0")/../.."

python=$(command -v python3 || true)
if [ -z "$python" ]; then
  echo "test:aws needs python3 on PATH with aws-sam-translator 1.110, cfn-lint and pytest installed" >&2
  exit 1
fi
if ! "$python" -c 'import samtranslator, cfnlint.api, pytest' 2>/dev/null; then
  echo "test:aws: $python cannot import samtranslator, cfnlint and pytest." >&2
  echo "Install them for that interpreter: $python -m pip install aws-sam-translator==1.110.0 cfn-lint pytest" >&2
  exit 1
fi
"$python" -c 'import samtranslator, sys; print(f"test:aws with {sys.executable}, aws-sam-translator {samtranslator.__version__}")'
exec "$python" -m pytest -q -p no:cacheprovider tests/aws "$@"
