// Replays every exchange recorded from the real GoTrue (fixtures/appendix-a.md) against fresh local
// servers configured like the recorded instances, prints `conformance: N of M exchanges match`, and
// fails on any replayable exchange that differs. Every behaviour a client depends on (MUST_MATCH)
// must be shown by at least one exchange or test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../src/server/index.js';
import { loadAppendix } from './fixtures/transcript.js';
import { replayExchange, type ExchangeResult, type LiveInstance, type ReplayContext } from './fixtures/replay.js';
import { INSTANCES, MUST_MATCH, STEPS, RECORDED_DEAD_HOOK, RECORDED_GITHUB, type World } from './fixtures/scenario.js';
import {
  closedPortUrl,
  startFakeGitHub,
  startHookReceiver,
  HOOK_MERGE_ANSWER,
  type Listening,
} from './fixtures/receivers.js';
import { webhookChecks } from './fixtures/webhook-checks.js';

const MUST_MATCH_ITEMS = Object.keys(MUST_MATCH).map(Number);
const coverage = new Map<number, string[]>(MUST_MATCH_ITEMS.map((item) => [item, []]));
const cover = (items: number[], what: string) => items.forEach((item) => coverage.get(item)?.push(what));

let hooks: Awaited<ReturnType<typeof startHookReceiver>>;
let github: Awaited<ReturnType<typeof startFakeGitHub>>;
const closers: Array<Listening | LiveInstance> = [];
let results: ExchangeResult[] = [];
let ctx: ReplayContext;

before(async () => {
  hooks = await startHookReceiver('hook-secret');
  github = await startFakeGitHub();
  closers.push(hooks, github);
  const world: World = { hookReceiver: hooks.url, fakeGitHub: github.url, deadHook: await closedPortUrl('/hook') };
  const started = new Map<number, Promise<LiveInstance>>();
  ctx = {
    values: new Map(),
    states: new Map(),
    aliases: [
      [github.url, RECORDED_GITHUB],
      [world.deadHook, RECORDED_DEAD_HOOK],
    ],
    clock: true,
    instance(port) {
      const config = INSTANCES[port];
      if (!config) throw new Error(`no recorded instance on port ${port}`);
      if (!started.has(port)) {
        started.set(
          port,
          (async () => {
            const env = config.env(world);
            const instance: LiveInstance = {
              name: config.name,
              url: '',
              jwtSecret: env.GOTRUE_JWT_SECRET ?? '',
              offsetMs: 0,
              close: async () => {},
            };
            // The clock stands in for the recording's back-dated rows (Transcript 5).
            const server = await startServer({ port: 0, quiet: true, env, now: () => Date.now() + instance.offsetMs });
            Object.assign(instance, { url: server.url, close: () => server.close() });
            closers.push(instance);
            await config.seed?.(instance);
            return instance;
          })(),
        );
      }
      return started.get(port) as Promise<LiveInstance>;
    },
  };
});

after(async () => {
  await Promise.all(closers.map((c) => c.close()));
});

test('every replayable exchange of Appendix A matches the local server', async () => {
  const exchanges = loadAppendix();
  results = [];
  for (const exchange of exchanges) {
    const step = STEPS[exchange.key] ?? {};
    const result = await replayExchange(exchange, step, ctx).catch((error: unknown): ExchangeResult => ({
      exchange,
      outcome: 'differs',
      reasons: [`replay failed: ${String(error)}`],
      covers: step.covers ?? [],
    }));
    results.push(result);
    if (result.outcome === 'match') cover(result.covers, `#${exchange.index} ${exchange.key}`);
  }
  const matching = results.filter((r) => r.outcome === 'match').length;
  const lines = [`conformance: ${matching} of ${exchanges.length} exchanges match`];
  for (const r of results.filter((x) => x.outcome !== 'match')) {
    lines.push(`  ${r.outcome === 'differs' ? 'DIFFERS' : 'not replayable'} #${r.exchange.index} ${r.exchange.key}`);
    for (const reason of r.reasons) lines.push(`      ${reason}`);
  }
  console.log(lines.join('\n'));
  const differing = results.filter((r) => r.outcome === 'differs').map((r) => `#${r.exchange.index} ${r.exchange.key}`);
  assert.deepEqual(differing, [], 'replayable exchanges that differ from the recording');
});

test('webhook deliveries match Transcript 7: events, headers, signature claims, replace-not-merge, retries', () => {
  const problems = webhookChecks(hooks.deliveries, HOOK_MERGE_ANSWER);
  assert.deepEqual(problems, []);
  cover([16], 'Transcript 7 deliveries (headers, signature, sha256, replaced metadata, 3 retries)');
});

test('every behaviour a client depends on is shown by a matching exchange or test', () => {
  const lines = ['must-match coverage:'];
  for (const [item, shownBy] of coverage)
    lines.push(
      `  ${String(item).padStart(2)} ${MUST_MATCH[item]}\n      ${shownBy.length ? shownBy.slice(0, 4).join('; ') : 'NOT COVERED'}${shownBy.length > 4 ? ` (+${shownBy.length - 4} more)` : ''}`,
    );
  console.log(lines.join('\n'));
  assert.deepEqual(
    MUST_MATCH_ITEMS.filter((item) => !coverage.get(item)?.length),
    [],
  );
});
