"""Starts the real local runtime (node) for the test session, on a free port."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ACCESS_KEY = "AKIDPYTHONTEST"
SECRET_KEY = "python-test-secret"
# The runtime's region, named rather than left to samconfig: a signature scoped to another is refused, as on AWS.
REGION = "eu-west-1"


class Runtime:
    def __init__(self, process: subprocess.Popen[str], ws_url: str) -> None:
        self.process = process
        self.ws_url = ws_url
        self.http_url = re.sub(r"^ws", "http", ws_url.rsplit("/", 1)[0])
        self.broadcast_url = f"{self.http_url}/development/broadcast"


def _start(extra: list[str]) -> Runtime:
    env = {**os.environ, "AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY}
    process = subprocess.Popen(
        ["node", "node_modules/sam-websocket-local/bin/sam-websocket-local.js", "start", "--ready-json",
         "--port", "0", "--host", "127.0.0.1", "--no-watch", "--log-level", "WARN", "--region", REGION, *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith('{"ready":'):
            # Keep draining its output so a chatty runtime never blocks on a full pipe.
            threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()  # type: ignore[union-attr]
            return Runtime(process, json.loads(line)["ready"]["webSocketUrl"])
    raise RuntimeError(f"the local runtime did not start (exit {process.wait()})")


def _stop(runtime: Runtime) -> None:
    os.killpg(runtime.process.pid, signal.SIGINT)
    try:
        runtime.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(runtime.process.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def runtime() -> Iterator[Runtime]:
    started = _start([])
    yield started
    _stop(started)


@pytest.fixture(scope="session")
def strict_runtime() -> Iterator[Runtime]:
    started = _start(["--strict-auth"])
    yield started
    _stop(started)


@pytest.fixture(scope="session")
def slow_runtime() -> Iterator[Runtime]:
    """A runtime whose broadcasts outlast their 5 s function: a tight account throttle paces the sends."""
    started = _start(["--throttle-rate", "25", "--throttle-burst", "5", "--parameter-overrides", "BroadcastTimeout=5 FanoutWorkerTimeout=5"])
    yield started
    _stop(started)


@pytest.fixture(scope="session")
def throttled_runtime() -> Iterator[Runtime]:
    """API Gateway's account throttle at 25 sends/s: a broadcast to 300 clients takes about 12 s."""
    started = _start(["--throttle-rate", "25", "--throttle-burst", "5"])
    yield started
    _stop(started)
