import { type ActivityDetail, summary } from '../../src/runtime/console/activity';

describe("the console list's view of a failed invocation", () => {
  it('shows its last log lines as they are when asked, a line that came after the result included', () => {
    // The invocation's log array is the live one: a worker's output may land after its result.
    const logs = ['first', 'second'];
    const detail: ActivityDetail = { id: 1, at: 0, kind: 'invocation', functionId: 'Fail', error: 'boom', logs };
    logs.push('about to fail');
    expect(summary(detail).errorLines).toEqual(['first', 'second', 'about to fail']);
  });

  it('keeps only the last five lines, and none for an invocation that did not fail', () => {
    const logs = Array.from({ length: 8 }, (_, i) => `line ${i}`);
    const failed = summary({ id: 1, at: 0, kind: 'invocation', error: 'boom', logs });
    expect(failed.errorLines).toEqual(['line 3', 'line 4', 'line 5', 'line 6', 'line 7']);
    expect(summary({ id: 2, at: 0, kind: 'invocation', logs }).errorLines).toBeUndefined();
  });
});
