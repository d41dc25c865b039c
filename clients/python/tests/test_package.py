"""The package as a user gets it: installed with pip into a fresh virtualenv, typed, versioned."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
REPO = PACKAGE.parents[1]


def test_pip_installs_it_into_a_fresh_virtualenv_offline(tmp_path):
    leftovers = [PACKAGE / "build", PACKAGE / "comments_websocket_client.egg-info"]
    existed = [path.exists() for path in leftovers]
    environment = tmp_path / "venv"
    # System site packages give it aiohttp and botocore from Debian; --no-index proves nothing is downloaded.
    made = subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(environment)], capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    python = environment / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-build-isolation", "--no-index", "--no-cache-dir", "--disable-pip-version-check", "--no-input", "./clients/python"],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    for path, was_there in zip(leftovers, existed):
        if not was_there:  # what an in-tree build leaves behind
            shutil.rmtree(path, ignore_errors=True)
    assert install.returncode == 0, install.stdout + install.stderr

    probe = (
        "import json, importlib.metadata as m, pathlib, comments_websocket_client as c;"
        "root = pathlib.Path(c.__file__).parent;"
        "print(json.dumps({'version': c.__version__, 'metadata': m.version('comments-websocket-client'),"
        " 'where': str(root), 'typed': (root / 'py.typed').exists(), 'license': m.metadata('comments-websocket-client')['License'],"
        " 'requires': m.requires('comments-websocket-client')}))"
    )
    found = subprocess.run([str(python), "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert found.returncode == 0, found.stderr
    installed = json.loads(found.stdout)
    assert installed["version"] == installed["metadata"] and installed["version"]
    assert installed["where"].startswith(str(environment)), "imported from the source tree, not the install"
    assert installed["typed"] and installed["license"] == "MIT"
    assert [r.replace(" ", "") for r in installed["requires"] if "extra" not in r] == ["aiohttp(>=3.8)", "botocore(>=1.29)"]


def test_the_public_api_type_checks_strictly():
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "comments_websocket_client", "examples"],
        cwd=PACKAGE, capture_output=True, text=True, timeout=300,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
