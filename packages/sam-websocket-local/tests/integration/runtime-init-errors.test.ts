import { runtimeOnFixture } from '../support/runtime';

/** Functions that cannot start answer every invocation with the reason Lambda gives. */
const stack = runtimeOnFixture('init-errors');

const errorOf = async (functionId: string) => {
  const { outcome } = await stack.runtime.invoke(functionId, {});
  expect(outcome.ok).toBe(false);
  return (outcome as { error: { errorType: string; errorMessage: string } }).error;
};

describe('functions that cannot start', () => {
  it.each([
    ['GoFunction', 'go1.x'],
    ['JavaFunction', 'java21'],
  ])('%s: its runtime is named as not emulated, at start and when called', async (functionId, runtimeName) => {
    expect(stack.runtime.log.lines).toContainEqual(
      expect.stringContaining(`${functionId} will not run locally: runtime "${runtimeName}" is not emulated`),
    );
    expect(await errorOf(functionId)).toMatchObject({
      errorType: 'Runtime.NotEmulated',
      errorMessage: expect.stringContaining(`runtime "${runtimeName}" is not emulated`),
    });
  });

  it('a Node module whose top level throws: Runtime.ImportModuleError with the cause', async () => {
    expect(await errorOf('NodeThrows')).toMatchObject({
      errorType: 'Runtime.ImportModuleError',
      errorMessage: 'Error: CONFIG_URL is not set',
    });
  });

  it('a Node module that does not parse: Runtime.UserCodeSyntaxError', async () => {
    expect(await errorOf('NodeSyntax')).toMatchObject({ errorType: 'Runtime.UserCodeSyntaxError' });
  });

  it('a Python module whose top level raises (even AttributeError): Runtime.ImportModuleError', async () => {
    expect(await errorOf('PythonThrows')).toMatchObject({
      errorType: 'Runtime.ImportModuleError',
      errorMessage: "Unable to import module 'index': settings has no attribute 'table'",
    });
  });

  it('a Python module without the handler: Runtime.HandlerNotFound', async () => {
    expect(await errorOf('PythonNoHandler')).toMatchObject({
      errorType: 'Runtime.HandlerNotFound',
      errorMessage: "Handler 'handler' missing on module 'index'",
    });
  });
});
