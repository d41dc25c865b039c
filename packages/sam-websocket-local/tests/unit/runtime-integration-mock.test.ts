import type { MockIntegration } from '../../src/template/route-integrations';
import { callMock } from '../../src/runtime/integrations/mock';
import type { RouteEvent } from '../../src/runtime/integrations/call-integration';
import { pickIntegrationResponse, selectionKey } from '../../src/runtime/integrations/selection';
import { renderMappingTemplate } from '../../src/runtime/integrations/vtl';

const event = (body?: string): RouteEvent => ({
  requestContext: { routeKey: 'echo', connectionId: 'conn-1', requestId: 'req-1', stage: 'dev' },
  body,
});
const silent = {
  invoke: () => Promise.reject(new Error('a mock calls no function')),
  log: { info() {}, warn() {}, error() {} },
};
const mock = (overrides: Partial<MockIntegration>): MockIntegration => ({
  type: 'MOCK',
  requestTemplates: {},
  passthroughBehavior: 'WHEN_NO_MATCH',
  responses: [],
  timeoutMs: 29_000,
  ...overrides,
});

describe('selection expressions', () => {
  it('reads an escaped $default as the literal key, and message fields by path', () => {
    expect(selectionKey('\\$default', '{}')).toBe('$default');
    expect(selectionKey('$request.body.kind', '{"kind":"ping"}')).toBe('ping');
    expect(selectionKey('${request.body.data.v}-beta', '{"data":{"v":2}}')).toBe('2-beta');
    expect(selectionKey('$request.body.kind', 'not json')).toBe('$default');
    expect(selectionKey(undefined, '{}')).toBe('$default');
  });

  it('picks the integration response whose /regex/ matches the whole status, else $default', () => {
    const responses = [
      { key: '$default', responseTemplates: { $default: 'other' } },
      { key: '/2\\d\\d/', responseTemplates: { $default: 'ok' } },
    ];
    expect(pickIntegrationResponse(responses, 204)?.responseTemplates.$default).toBe('ok');
    expect(pickIntegrationResponse(responses, 404)?.responseTemplates.$default).toBe('other');
    expect(pickIntegrationResponse(responses.slice(1), 2000)).toBeUndefined();
  });
});

describe('mapping templates (VTL)', () => {
  it('give $context, $input and $util as API Gateway documents them', () => {
    const out = renderMappingTemplate(
      '{"id":"$context.connectionId","stage":"$context.stage","who":$input.json(\'$.user\'),"name":"$input.path(\'$.user.name\')","q":"$util.escapeJavaScript($input.body)","b":"$util.base64Encode(\'hi\')"}',
      event('{"user":{"name":"ann"}}'),
    );
    expect(JSON.parse(out)).toEqual({
      id: 'conn-1',
      stage: 'dev',
      who: { name: 'ann' },
      name: 'ann',
      // escaped inside the template's string, so the JSON reads back the message itself
      q: '{"user":{"name":"ann"}}',
      b: 'aGk=',
    });
  });
});

describe('the MOCK integration', () => {
  it("takes its status from the selected request template and its body from the matching response's template", async () => {
    const integration = mock({
      templateSelectionExpression: '\\$default',
      requestTemplates: { $default: '{"statusCode": 200}' },
      responses: [
        {
          key: '$default',
          templateSelectionExpression: '\\$default',
          responseTemplates: { $default: '{"echoed":"$context.routeKey","to":"$context.connectionId"}' },
        },
      ],
    });
    const result = await callMock(integration, event('{"action":"echo"}'), silent);
    expect(result).toEqual({ ok: true, statusCode: 200, body: '{"echoed":"echo","to":"conn-1"}' });
  });

  it('chooses the request template by the message and the response by the status it gives', async () => {
    const integration = mock({
      templateSelectionExpression: '$request.body.kind',
      requestTemplates: { good: '{"statusCode": 200}', bad: '{"statusCode": 400}' },
      responses: [
        { key: '/2\\d\\d/', responseTemplates: { $default: 'fine' } },
        { key: '/4\\d\\d/', responseTemplates: { $default: 'refused' } },
      ],
    });
    await expect(callMock(integration, event('{"kind":"good"}'), silent)).resolves.toMatchObject({ body: 'fine' });
    await expect(callMock(integration, event('{"kind":"bad"}'), silent)).resolves.toMatchObject({
      statusCode: 400,
      body: 'refused',
    });
  });

  it('uses a template keyed application/json when no key matches (WebSocket messages have no content type)', async () => {
    const integration = mock({
      templateSelectionExpression: '\\$default',
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
    });
    await expect(callMock(integration, event(), silent)).resolves.toEqual({ ok: true, statusCode: 200 });
  });

  it('fails, as a configuration error, when no integer statusCode comes out', async () => {
    const errors: unknown[] = [];
    const log = { ...silent.log, error: (_m: string, fields?: unknown) => errors.push(fields) };
    await expect(callMock(mock({}), event(), { ...silent, log })).resolves.toEqual({ ok: false });
    await expect(
      callMock(mock({ requestTemplates: { $default: '{"statusCode": "200"}' } }), event(), silent),
    ).resolves.toEqual({ ok: false });
    expect(errors).toEqual([
      expect.objectContaining({ errorMessage: expect.stringMatching(/statusCode should be an integer/) }),
    ]);
  });

  it('passes a message through when no template matches, unless PassthroughBehavior is NEVER', async () => {
    const message = event('{"statusCode": 202}');
    await expect(callMock(mock({}), message, silent)).resolves.toMatchObject({ ok: true, statusCode: 202 });
    await expect(callMock(mock({ passthroughBehavior: 'NEVER' }), message, silent)).resolves.toEqual({ ok: false });
  });
});

describe('Java methods templates call', () => {
  it('give a string its length(), as Velocity on the JVM does', () => {
    expect(renderMappingTemplate("$input.path('$.s').length()", event('{"s":"abcd"}'))).toBe('4');
  });
});

describe('references to nothing', () => {
  it('render as nothing, not as their own text', () => {
    expect(renderMappingTemplate('{"room": "$input.path(\'$.room\')", "x": "$context.nothing"}', event('{}'))).toBe(
      '{"room": "", "x": ""}',
    );
  });
});
