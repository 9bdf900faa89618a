"""One session of the official Python MCP SDK (`mcp` 2.3.0) against a server: connect (by
default probing `server/discover` first and speaking 2026-07-28 when the server answers it;
`--mode legacy` initializes at 2025-11-25 instead), list the tools, call one, and print
everything as a single JSON object on stdout. Driven by tests/e2e/clients.rs.

    py_client.py --tool NAME [--args JSON] [--mode auto|legacy] URL
    py_client.py --tool NAME [--args JSON] [--mode auto|legacy] --stdio -- COMMAND [ARG...]
"""

import argparse
import asyncio
import json
import logging
import sys
import time

from mcp import Client, StdioServerParameters
from mcp.client.session import ClientSession
from mcp.shared.exceptions import MCPError

# What became of the `server/discover` probe: the SDK falls back to `initialize` on any JSON-RPC
# error, but waits 10 s (DISCOVER_TIMEOUT_SECONDS) for a server that never answers it.
probe: dict = {}
_send_discover = ClientSession.send_discover


async def _recorded_discover(self, *args, **kwargs):
    start = time.monotonic()
    try:
        result = await _send_discover(self, *args, **kwargs)
        probe.update(outcome="result")
        return result
    except MCPError as e:
        probe.update(outcome="error", code=e.code, message=str(e))
        raise
    finally:
        probe["seconds"] = round(time.monotonic() - start, 3)


ClientSession.send_discover = _recorded_discover

# Warnings the SDK logs about the server's behaviour (e.g. "Session termination failed: 202"
# when DELETE is not answered 200 or 204), reported rather than left on stderr.
warnings: list[str] = []


class _Collect(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        warnings.append(f"{record.name}: {record.getMessage()}")


logging.getLogger("mcp").addHandler(_Collect(level=logging.WARNING))


async def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("target", nargs="+", help="URL, or with --stdio the server command")
    p.add_argument("--stdio", action="store_true")
    p.add_argument("--tool", required=True)
    p.add_argument("--args", default="{}", help="tool arguments as a JSON object")
    p.add_argument("--mode", default="auto", help="auto (discover, else initialize) or legacy")
    a = p.parse_args()
    server = StdioServerParameters(command=a.target[0], args=a.target[1:]) if a.stdio else a.target[0]
    start = time.monotonic()
    async with Client(server, mode=a.mode, read_timeout_seconds=30) as c:
        connected = time.monotonic() - start
        tools = (await c.list_tools()).tools
        res = await c.call_tool(a.tool, json.loads(a.args))
        out = {
            "protocolVersion": c.protocol_version,
            "serverName": c.server_info and c.server_info.name,
            "discover": probe,
            "connectSeconds": round(connected, 3),
            "tools": [t.name for t in tools],
            "result": {
                "isError": bool(res.is_error),
                "content": [b.model_dump(mode="json", exclude_none=True) for b in res.content],
                "structuredContent": res.structured_content,
            },
        }
    # After the session closed (HTTP: DELETE), so its warnings are in.
    out["warnings"] = warnings
    out["seconds"] = round(time.monotonic() - start, 3)
    print(json.dumps(out))
    return 0


sys.exit(asyncio.run(main()))
