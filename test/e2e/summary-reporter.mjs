// A node:test reporter for the end-to-end step: one line at the end, `e2e: N passed, M failed`,
// with the fault and hostile-input case counts the suites report as diagnostics.
// Used beside the spec reporter: `--test-reporter=spec --test-reporter=./test/e2e/summary-reporter.mjs`.
export default async function* summary(source) {
  let passed = 0;
  let failed = 0;
  const counts = [];
  for await (const event of source) {
    if (event.type === 'test:pass' && event.data.nesting === 0 && !event.data.skip) passed++;
    if (event.type === 'test:fail' && event.data.nesting === 0) failed++;
    if (event.type === 'test:diagnostic' && /^(fault|hostile) cases: \d+$/.test(event.data.message))
      counts.push(event.data.message);
  }
  yield `e2e: ${passed} passed, ${failed} failed${counts.length ? ` (${counts.join(', ')})` : ''}\n`;
}
