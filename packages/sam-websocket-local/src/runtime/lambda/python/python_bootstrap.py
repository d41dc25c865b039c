"""One Python function instance for sam-websocket-local: what Lambda's Python runtime does for a handler.

argv: code folder, module, function name, JSON list of extra paths (layers), runtime host:port,
store host:port. Messages (JSON lines) come and go on fd 3; the function's own output is its stdout
and stderr, as CloudWatch would get them.
"""
import importlib
import json
import os
import re
import socket
import sys
import time
import traceback
import urllib.parse

AWS_HOSTS = (
    (re.compile(r"^[a-z0-9]+\.execute-api\.[a-z0-9-]+\.amazonaws\.com(:443)?$"), "runtime"),
    (re.compile(r"^lambda\.[a-z0-9-]+\.amazonaws\.com(:443)?$"), "runtime"),
    (re.compile(r"^dynamodb\.[a-z0-9-]+\.amazonaws\.com(:443)?$"), "dynamodb"),
)


def install_endpoint_redirect(targets):
    """Requests botocore sends to the AWS hosts the runtime stands in for go to it over plain HTTP.

    Handlers build the management endpoint from domainName/stage or the execute-api host, as AWS's
    docs show; the Host header stays the one signed.
    """
    try:
        from botocore import httpsession
    except ImportError:
        return
    original = httpsession.URLLib3Session.send

    def target_of(host):
        if host == targets["runtime"]:
            return targets["runtime"]
        for pattern, name in AWS_HOSTS:
            if pattern.match(host):
                return targets[name]
        return None

    def send(self, request):
        parts = urllib.parse.urlsplit(request.url)
        target = target_of(parts.netloc)
        if target and not (parts.scheme == "http" and target == parts.netloc):
            request.url = urllib.parse.urlunsplit(("http", target, parts.path, parts.query, parts.fragment))
            request.headers["Host"] = re.sub(r":443$", "", parts.netloc)
        return original(self, request)

    httpsession.URLLib3Session.send = send


class Context:
    """The context object Lambda passes: names, limits and the remaining time."""

    def __init__(self, fields):
        self.aws_request_id = fields["awsRequestId"]
        self.function_name = fields["functionName"]
        self.function_version = fields["functionVersion"]
        self.invoked_function_arn = fields["invokedFunctionArn"]
        self.memory_limit_in_mb = fields["memoryLimitInMB"]
        self.log_group_name = fields["logGroupName"]
        self.log_stream_name = fields["logStreamName"]
        self.identity = None
        self.client_context = None
        self._deadline = fields["deadline"]

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline - time.time() * 1000))


def error_of(error):
    return {"errorType": type(error).__name__, "errorMessage": str(error), "stack": traceback.format_exc()}


def main():
    code_dir, module_name, function_name, extra_paths, runtime, dynamodb = sys.argv[1:7]
    channel = socket.socket(fileno=3)
    reader = channel.makefile("rb")
    writer = channel.makefile("wb")

    def send(message):
        writer.write((json.dumps(message) + "\n").encode())
        writer.flush()

    sys.path[:0] = [code_dir, *json.loads(extra_paths)]
    os.chdir(code_dir)
    install_endpoint_redirect({"runtime": runtime, "dynamodb": dynamodb})
    try:
        module = importlib.import_module(module_name)
    except Exception as error:  # noqa: BLE001 - a missing file or a throwing top level, as Lambda reports both
        message = f"Unable to import module '{module_name}': {error}"
        send({"type": "init-error", "error": {**error_of(error), "errorType": "Runtime.ImportModuleError", "errorMessage": message}})
        return
    handler = getattr(module, function_name, None)
    if not callable(handler):
        message = f"Handler '{function_name}' missing on module '{module_name}'"
        send({"type": "init-error", "error": {"errorType": "Runtime.HandlerNotFound", "errorMessage": message}})
        return
    send({"type": "ready"})
    for line in reader:
        message = json.loads(line)
        try:
            result = handler(message["event"], Context(message["context"]))
            try:
                send({"type": "result", "id": message["id"], "result": result})
            except (TypeError, ValueError) as error:
                send({"type": "error", "id": message["id"], "error": {**error_of(error), "errorType": "Runtime.MarshalError"}})
        except Exception as error:  # noqa: BLE001 - the handler's error is the invocation's result
            send({"type": "error", "id": message["id"], "error": error_of(error)})
        sys.stdout.flush()


if __name__ == "__main__":
    main()
