import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { emptyReport } from '@comments-websocket/shared';
import { completedAnswer, continuingAnswer } from '@comments-websocket/shared/broadcast';

const root = join(__dirname, '../..');
const run = promisify(execFile);
const tsx = (script: string, ...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', join(root, 'contract/generator', script), ...args], { cwd: root });
const committed = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8')) as Record<string, unknown>;

interface Validation {
  asyncapi: { severity: number; message: string; path: string }[];
  openapi: { valid: boolean; errors?: unknown };
}
async function validate(asyncApiPath: string, openApiPath: string): Promise<Validation> {
  return JSON.parse((await tsx('validate.ts', asyncApiPath, openApiPath)).stdout) as Validation;
}

describe('the generated contract', () => {
  it('is what the layer schemas generate today (else: run `npm run contract` and commit)', async () => {
    // Regenerated in memory by the generator itself; it fails naming each stale file.
    await expect(tsx('cli.ts', '--check')).resolves.toMatchObject({ stderr: '' });
  });

  it('has AsyncAPI and OpenAPI documents their validators find no error or warning in', async () => {
    const { asyncapi, openapi } = await validate('contract/asyncapi.json', 'contract/openapi.json');
    expect(asyncapi.filter((each) => each.severity <= 1)).toEqual([]);
    expect(openapi).toEqual({ valid: true });
  });

  it('has validators that refuse an operation whose message is not on its channel, and an answer without a description', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'contract-'));
    try {
      const asyncapi = committed('contract/asyncapi.json') as { channels: { socket: { messages: object } } };
      delete (asyncapi.channels.socket.messages as Record<string, unknown>).PingMessage;
      writeFileSync(join(scratch, 'asyncapi.json'), JSON.stringify(asyncapi));
      const openapi = committed('contract/openapi.json') as { paths: Record<string, { post?: object }> };
      openapi.paths['/broadcast'] = { post: { responses: { '200': { content: {} } } } };
      writeFileSync(join(scratch, 'openapi.json'), JSON.stringify(openapi));
      const found = await validate(join(scratch, 'asyncapi.json'), join(scratch, 'openapi.json'));
      expect(found.asyncapi.filter((each) => each.severity === 0).length).toBeGreaterThan(0);
      expect(found.openapi.valid).toBe(false);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it("gives Python TypedDicts with the JSON Schema's required and optional keys", async () => {
    const { $defs } = committed('contract/contract.schema.json') as {
      $defs: Record<string, { required?: string[]; properties?: Record<string, unknown> }>;
    };
    const script = [
      // The module alone, by path: the package's __init__ would load aiohttp and botocore.
      'import json, importlib.util as u',
      's = u.spec_from_file_location("contract", "comments_websocket_client/contract.py")',
      'c = u.module_from_spec(s); s.loader.exec_module(c)',
      'print(json.dumps({n: [sorted(t.__required_keys__), sorted(t.__optional_keys__)] for n, t in vars(c).items()',
      '  if isinstance(t, type) and hasattr(t, "__required_keys__") and not n.startswith("_")}))',
    ].join('\n');
    const { stdout } = await run('/usr/bin/python3', ['-c', script], { cwd: join(root, 'clients/python') });
    const python = JSON.parse(stdout) as Record<string, [string[], string[]]>;
    for (const name of ['BroadcastRequest', 'CompletedBroadcast', 'ContinuingBroadcast', 'BroadcastStatus']) {
      const schema = $defs[name]!;
      const required = [...(schema.required ?? [])].sort();
      const optional = Object.keys(schema.properties ?? {})
        .filter((key) => !required.includes(key))
        .sort();
      expect({ name, keys: python[name] }).toEqual({ name, keys: [required, optional] });
    }
  });

  it("is what README's example 200 body shows: every field of CompletedBroadcast, no other", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const example = /answers `200` with the delivery report:\s+```json\n([\s\S]*?)```/.exec(readme)?.[1];
    const { $defs } = committed('contract/contract.schema.json') as {
      $defs: Record<string, { properties: Record<string, unknown> }>;
    };
    expect(Object.keys(JSON.parse(example ?? '{}') as object).sort()).toEqual(
      Object.keys($defs.CompletedBroadcast!.properties).sort(),
    );
  });

  it("describes the broadcast function's 200 and 202 answers as the function writes them", () => {
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    ajv.addSchema(committed('contract/contract.schema.json'));
    const errorsOf = (name: string, body: string) => {
      const check = ajv.getSchema(`comments-websocket/contract.schema.json#/$defs/${name}`)!;
      return check(JSON.parse(body)) ? [] : check.errors;
    };
    const report = { ...emptyReport(), listed: 3, recipients: 3, sends: 3, delivered: 3 };
    const request = { headers: { host: 'localhost:3001' }, requestContext: { stage: 'dev' } };
    expect(errorsOf('CompletedBroadcast', completedAnswer(report, 'post:1').body)).toEqual([]);
    expect(errorsOf('ContinuingBroadcast', continuingAnswer(request, 'b1', report, null).body)).toEqual([]);
    const withoutAField = JSON.parse(completedAnswer(report, null).body) as Record<string, unknown>;
    delete withoutAField.unreached;
    expect(errorsOf('CompletedBroadcast', JSON.stringify(withoutAField))).not.toEqual([]);
  });
});
