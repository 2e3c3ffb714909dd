/**
 * The machine's states × events, as a Markdown table generated from `transition` itself.
 * docs/machine.md carries the same table; test/core/machine-table.test.ts keeps the two equal.
 * To refresh the doc after a change to the machine:
 *   node --import tsx -e "import('./test/core/machine-table.ts').then((m) => m.writeTableInto('docs/machine.md'))"
 */
import { initialState, transition, type Account, type Event, type MachineState } from '../../src/core/machine.js';
import type { Settings } from '../../src/core/wire.js';

const alice: Account = { email: 'alice@example.com', name: 'Alice', newEmail: null };
const settings: Settings = {
  external: { bitbucket: false, github: true, gitlab: false, google: false, facebook: false, saml: false, email: true },
  external_labels: {},
  disable_signup: false,
  autoconfirm: false,
};

function after(events: Event[], from: MachineState = initialState): MachineState {
  return events.reduce((state, event) => transition(state, event).state, from);
}

const ready = after([{ type: 'result', op: 'settings', ok: true, value: settings }], {
  ...initialState,
  settingsStatus: 'loading',
});
const loggedIn = after([{ type: 'session', account: alice }], ready);
const typed = { email: 'alice@example.com', password: 'secret', name: 'Alice Liddell' };
const submitted = (view: 'login' | 'signup' | 'forgot' | 'account', from: MachineState) =>
  after(
    [
      { type: 'open', view },
      { type: 'submit', values: typed },
    ],
    from,
  );

/** One row per view, and per phase where a view waits for the server. */
export const STATES: ReadonlyArray<readonly [string, MachineState]> = [
  ['closed', ready],
  ['closed, logged in', loggedIn],
  ['login', after([{ type: 'open', view: 'login' }], ready)],
  ['login, submitting', submitted('login', ready)],
  ['signup', after([{ type: 'open', view: 'signup' }], ready)],
  ['signup, submitting', submitted('signup', ready)],
  ['forgot', after([{ type: 'open', view: 'forgot' }], ready)],
  ['forgot, submitting', submitted('forgot', ready)],
  ['recovery, verifying', after([{ type: 'route', route: { type: 'recovery', token: 'rt' } }], ready)],
  [
    'recovery, ready',
    after(
      [
        { type: 'route', route: { type: 'recovery', token: 'rt' } },
        { type: 'result', op: 'recovery', ok: true, value: alice },
      ],
      ready,
    ),
  ],
  [
    'recovery, saving',
    after(
      [
        { type: 'route', route: { type: 'recovery', token: 'rt' } },
        { type: 'result', op: 'recovery', ok: true, value: alice },
        { type: 'submit', values: { password: 'new secret' } },
      ],
      ready,
    ),
  ],
  ['invite', after([{ type: 'route', route: { type: 'invite', token: 'it' } }], ready)],
  [
    'invite, submitting',
    after(
      [
        { type: 'route', route: { type: 'invite', token: 'it' } },
        { type: 'submit', values: typed },
      ],
      ready,
    ),
  ],
  ['confirmation, verifying', after([{ type: 'route', route: { type: 'confirmation', token: 'ct' } }], ready)],
  ['email-change, applying', after([{ type: 'route', route: { type: 'email_change', token: 'et' } }], loggedIn)],
  ['account', after([{ type: 'open', view: 'account' }], loggedIn)],
  ['account, saving', submitted('account', loggedIn)],
  ['redirecting', after([{ type: 'open' }, { type: 'provider', provider: 'github' }], ready)],
  [
    'notice',
    after(
      [
        { type: 'route', route: { type: 'confirmation', token: 'ct' } },
        { type: 'result', op: 'confirmation', ok: true, value: alice },
      ],
      ready,
    ),
  ],
];

/** One column per kind of event; `result` is the outcome of the request the row waits for. */
export const EVENTS: ReadonlyArray<readonly [string, (state: MachineState) => Event | null]> = [
  ['open', () => ({ type: 'open' })],
  ['close', () => ({ type: 'close' })],
  ['navigate signup', () => ({ type: 'navigate', view: 'signup' })],
  ['submit', () => ({ type: 'submit', values: typed })],
  ['provider', () => ({ type: 'provider', provider: 'github' })],
  ['logout', () => ({ type: 'logout' })],
  ['confirmation link', () => ({ type: 'route', route: { type: 'confirmation', token: 'ct2' } })],
  ['OAuth error', () => ({ type: 'route', route: { type: 'oauth_error', error: 'access_denied' } })],
  ['result ok', (state) => okResult(state)],
  [
    'result failed',
    (state) =>
      state.pending
        ? { type: 'result', op: state.pending.op, ok: false, error: { code: 'network', message: 'offline' } }
        : null,
  ],
  ['session: logged in', () => ({ type: 'session', account: { ...alice, email: 'tab@example.com' } })],
  ['session: logged out', () => ({ type: 'session', account: null })],
];

function okResult(state: MachineState): Event | null {
  const op = state.pending?.op;
  switch (op) {
    case undefined:
      return null;
    case 'recover':
    case 'logout':
      return { type: 'result', op, ok: true };
    case 'signup':
      return { type: 'result', op, ok: true, value: null };
    default:
      return { type: 'result', op, ok: true, value: alice };
  }
}

/**
 * What an event does in a state: the next view (or `·` when nothing at all changes), then
 * `+op` for each request started and `!event` for each event the page hears.
 */
export function cell(state: MachineState, event: Event | null): string {
  if (!event) return '–';
  const next = transition(state, event);
  const effects = next.effects.map((effect) => (effect.op === 'emit' ? `!${effect.event.type}` : `+${effect.op}`));
  if (!effects.length && JSON.stringify(next.state) === JSON.stringify(state)) return '·';
  return [next.state.view.name, ...effects].join(' ');
}

export function machineTable(): string {
  const header = `| state | ${EVENTS.map(([name]) => name).join(' | ')} |`;
  const rule = `|---|${EVENTS.map(() => '---').join('|')}|`;
  const rows = STATES.map(
    ([name, state]) => `| ${name} | ${EVENTS.map(([, make]) => cell(state, make(state))).join(' | ')} |`,
  );
  return [header, rule, ...rows].join('\n');
}

export const START = '<!-- machine-table:start (generated by test/core/machine-table.ts) -->';
export const END = '<!-- machine-table:end -->';

/** The table between the markers of a document's text, or null when there is none. */
export function tableIn(text: string): string | null {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  return start < 0 || end < start ? null : text.slice(start + START.length, end).trim();
}

/** A Markdown table's cells, row by row, whatever the padding (Prettier aligns the columns). */
export function cellsOf(table: string): string[][] {
  return table
    .split('\n')
    .filter((line) => line.trim().startsWith('|') && !/^\|[\s:|-]+\|$/.test(line.trim()))
    .map((line) =>
      line
        .trim()
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    );
}

/** Node only: rewrites the table in `path`. */
export async function writeTableInto(path: string): Promise<void> {
  const { readFile, writeFile } = await import('node:fs/promises');
  const text = await readFile(path, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${path} has no machine-table markers`);
  await writeFile(path, `${text.slice(0, start + START.length)}\n${machineTable()}\n${text.slice(end)}`);
}
