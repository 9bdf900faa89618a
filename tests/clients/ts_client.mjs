// One session of the official TypeScript MCP SDK (@modelcontextprotocol/sdk 1.32.2) against a
// server: connect, list the tools, call one, end the session, and print everything as a single
// JSON object on stdout. Driven by tests/e2e/clients.rs.
//
//   node ts_client.mjs --tool NAME [--args JSON] URL
//   node ts_client.mjs --tool NAME [--args JSON] --stdio -- COMMAND [ARG...]
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    tool: { type: 'string' },
    args: { type: 'string', default: '{}' },
    stdio: { type: 'boolean', default: false },
  },
});
if (!values.tool || positionals.length === 0) {
  console.error('usage: ts_client.mjs --tool NAME [--args JSON] (URL | --stdio -- COMMAND [ARG...])');
  process.exit(2);
}
const [target, ...rest] = positionals;
const transport = values.stdio
  ? new StdioClientTransport({ command: target, args: rest, stderr: 'inherit' })
  : new StreamableHTTPClientTransport(new URL(target));

const client = new Client({ name: 'helpdesk-e2e-ts', version: '0.0.1' });
await client.connect(transport);
const { tools } = await client.listTools();
const res = await client.callTool({ name: values.tool, arguments: JSON.parse(values.args) });
const out = {
  protocolVersion: transport.protocolVersion ?? null,
  serverName: client.getServerVersion()?.name ?? null,
  tools: tools.map((t) => t.name),
  result: { isError: !!res.isError, content: res.content, structuredContent: res.structuredContent ?? null },
};
// Over HTTP, end the session explicitly (DELETE with Mcp-Session-Id), as a well-behaved client does.
if (transport.terminateSession) await transport.terminateSession();
await client.close();
console.log(JSON.stringify(out));
process.exit(0);
