// docs/machine.md shows the machine's states × events; this keeps it true.
import { expect } from '@open-wc/testing';
import { EVENTS, STATES, cellsOf, machineTable, tableIn } from './machine-table.js';

describe('the machine table in docs/machine.md', () => {
  it('is what transition() does today', async () => {
    const doc = await (await fetch('/docs/machine.md')).text();
    const documented = tableIn(doc);
    expect(documented, 'docs/machine.md has no table between the machine-table markers').to.not.equal(null);
    // On a change to the machine, regenerate the doc (see test/core/machine-table.ts).
    expect(cellsOf(documented!)).to.deep.equal(cellsOf(machineTable()));
  });

  it('has a row for every view and a column for every kind of event', () => {
    const views = new Set(STATES.map(([, state]) => state.view.name));
    expect([...views].sort()).to.deep.equal(
      [
        'account',
        'closed',
        'confirmation',
        'email-change',
        'forgot',
        'invite',
        'login',
        'notice',
        'recovery',
        'redirecting',
        'signup',
      ].sort(),
    );
    const kinds = new Set(EVENTS.map(([, make]) => STATES.map(([, state]) => make(state)?.type)).flat());
    kinds.delete(undefined);
    // edit and load-settings change no view: they only keep what was typed and fetch /settings.
    expect([...kinds].sort()).to.deep.equal(
      ['close', 'logout', 'navigate', 'open', 'provider', 'result', 'route', 'session', 'submit'].sort(),
    );
  });
});
