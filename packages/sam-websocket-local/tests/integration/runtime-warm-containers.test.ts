import { fixture } from '../support/paths';
import { startRuntime, type TestRuntime } from '../support/runtime';

/** --warm-containers EAGER on real projects: every function is started and through its init before the runtime is ready. */
describe('--warm-containers EAGER', () => {
  let runtime: TestRuntime | undefined;
  afterEach(async () => {
    await runtime?.close();
    runtime = undefined;
  }, 60_000);

  it.each([
    ['invoke-and-http', 'Node'],
    ['python-handlers', 'Python'],
  ])(
    '%s: finds every %s function that runs here warm at its first call',
    async (project) => {
      runtime = await startRuntime({ template: fixture(project), warmContainers: 'EAGER' });
      // ArchivedFunction's code is in S3: not run here, so not started either.
      const functionIds = [...runtime.app.functions.keys()].filter((functionId) => functionId !== 'ArchivedFunction');
      expect(functionIds.length).toBeGreaterThan(1);
      for (const functionId of functionIds) {
        const call = await runtime.invoke(functionId, {});
        expect({ functionId, coldStart: call.coldStart }).toEqual({ functionId, coldStart: false });
      }
    },
    60_000,
  );

  it('starts around functions whose init fails, naming each, and their calls still answer the init error', async () => {
    runtime = await startRuntime({ template: fixture('init-errors'), warmContainers: 'EAGER' });
    const warnings = runtime.log.lines.filter((line) => line.includes('failed its init, started ahead of its calls'));
    for (const functionId of ['NodeThrows', 'NodeSyntax', 'PythonThrows'])
      expect(warnings).toContainEqual(expect.stringContaining(functionId));
    // Not emulated is said once, at start, as without warm containers; not as a failed init.
    expect(warnings.some((line) => /GoFunction|JavaFunction/.test(line))).toBe(false);
    const { outcome } = await runtime.invoke('NodeThrows', {});
    expect(outcome).toMatchObject({ ok: false, error: { errorType: 'Runtime.ImportModuleError' } });
  }, 60_000);
});
