// `npm run bench`, server section: requests/second and p50/p99 latency of the local GoTrue server
// for the password grant (1 and 50 connections), the refresh grant, GET /user alone and while a
// login storm runs, and the CLI's cold start. The server runs in a child process so the load loop
// does not share its event loop.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
export const OPERATOR = 'bench-operator-token';
/** GoTrue's own bcrypt cost: the password grant is measured as users would feel it. */
const BCRYPT_COST = process.env.GOTRUE_BCRYPT_COST ?? '10';
/** Connections reading `GET /user`, alone and during the login storm: the same number both times. */
const READERS = Number(process.env.BENCH_READERS ?? 10);
/** Cold starts of the CLI per kind (median reported). */
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 2);
const CLI = fileURLToPath(new URL('../bin/gotrue-auth-server.js', import.meta.url));

/**
 * The server as it hashed before @node-rs/bcrypt (bcryptjs on the main thread, one hash at a time),
 * started beside the current one in the same run: the throughput targets are ratios to it.
 */
const BEFORE_HOOKS = fileURLToPath(new URL('./bench-bcryptjs.mjs', import.meta.url));

/** The server child: imports the TypeScript source through tsx and prints its URL as one JSON line. */
const CHILD = `
const { startServer } = await import(${JSON.stringify(new URL('../src/server/index.ts', import.meta.url).href)});
const server = await startServer({ port: 0, quiet: true, env: JSON.parse(process.env.BENCH_ENV) });
console.log(JSON.stringify({ url: server.url }));
process.on('SIGTERM', async () => { await server.close(); process.exit(0); });
`;

/**
 * Starts the server child; `extraEnv` adds GoTrue settings, `hashing: 'bcryptjs'` gives it the
 * hashing it had before. Resolves with `{ child, url }`.
 */
export async function startChild(extraEnv = {}, { hashing = 'current' } = {}) {
  const env = {
    GOTRUE_SITE_URL: 'http://localhost:8888',
    GOTRUE_JWT_SECRET: 'bench-secret',
    GOTRUE_OPERATOR_TOKEN: OPERATOR,
    GOTRUE_MAILER_AUTOCONFIRM: 'true',
    GOTRUE_BCRYPT_COST: BCRYPT_COST,
    ...extraEnv,
  };
  const hooks = hashing === 'bcryptjs' ? ['--import', BEFORE_HOOKS] : [];
  const child = spawn(process.execPath, ['--import', 'tsx', ...hooks, '--input-type=module', '-e', CHILD], {
    env: { ...process.env, BENCH_ENV: JSON.stringify(env) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Keep reading stdout after the URL shows: a closed pipe would kill the child on its next line.
  return new Promise((resolve, reject) => {
    let buffered = '';
    let found = false;
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const line = buffered.split('\n').find((l) => l.startsWith('{'));
      if (line && !found) {
        found = true;
        resolve({ child, ...JSON.parse(line) });
      }
    });
    child.once('exit', () => found || reject(new Error('the server child exited before printing its URL')));
  });
}

/**
 * Fresh keep-alive connections for every row: a socket left idle past the server's keep-alive
 * timeout (Node's 5 s) would be reset under the next request and count as an error it is not.
 * Rows that run at the same time each have their own agent. Setting up (creating users while
 * logins wait for a hashing slot, which can leave sockets idle for seconds) keeps no connection.
 */
const setupAgent = new Agent({ keepAlive: false, maxSockets: CONNECTIONS });

function call(baseUrl, method, path, headers = {}, body, agent = setupAgent) {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, baseUrl),
      {
        method,
        agent,
        headers: body === undefined ? headers : { ...headers, 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function expectOk(answer) {
  if (answer.status !== 200) throw new Error(`HTTP ${answer.status} ${answer.body.slice(0, 120)}`);
  return answer;
}

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
const passwordForm = (email) => `grant_type=password&username=${encodeURIComponent(email)}&password=bench-pw`;

async function tokens(url, email) {
  const answer = await call(url, 'POST', '/token', FORM, passwordForm(email));
  if (answer.status !== 200) throw new Error(`login failed: ${answer.status} ${answer.body}`);
  return JSON.parse(answer.body);
}

/**
 * Runs `CONNECTIONS` workers for `SECONDS`. Each worker owns a piece of state (its own refresh
 * token chain, for example) that `once(state)` may update.
 */
async function load(label, states, once) {
  const latencies = [];
  let errors = 0;
  let firstError;
  const agent = new Agent({ keepAlive: true, maxSockets: states.length });
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  await Promise.all(
    states.map(async (state) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          await once(state, agent);
          latencies.push(performance.now() - t0);
        } catch (error) {
          errors++;
          firstError ??= error instanceof Error ? error.message : String(error);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p) =>
    latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : NaN;
  return {
    label,
    firstError,
    requests: latencies.length,
    errors,
    rps: latencies.length / elapsed,
    p50: pct(50),
    p99: pct(99),
  };
}

export async function benchServer() {
  const { child, url } = await startChild();
  let rows;
  try {
    rows = await loadRows(url);
  } finally {
    setupAgent.destroy();
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  const before = await startChild({}, { hashing: 'bcryptjs' });
  try {
    rows.push(...(await passwordGrantRows(before.url, await createUsers(before.url), ' (before: bcryptjs)')));
  } finally {
    setupAgent.destroy();
    before.child.kill('SIGTERM');
    await once(before.child, 'exit');
  }
  const coldStarts = await coldStartRows();
  const targets = serverTargets(rows);
  printTable(rows, coldStarts, targets);
  return {
    rows,
    coldStarts,
    targets,
    settings: { connections: CONNECTIONS, readers: READERS, seconds: SECONDS, bcryptCost: BCRYPT_COST },
  };
}

/** The bench's users, one per connection, each with the password `bench-pw`; resolves with their emails. */
async function createUsers(url) {
  const emails = Array.from({ length: CONNECTIONS }, (_, i) => `bench-${i}@example.com`);
  await Promise.all(
    emails.map(async (email) => {
      const created = await call(
        url,
        'POST',
        '/admin/users',
        { Authorization: `Bearer ${OPERATOR}`, 'Content-Type': 'application/json' },
        JSON.stringify({ email, password: 'bench-pw', confirm: true }),
      );
      if (created.status !== 200) throw new Error(`creating ${email} failed: ${created.status} ${created.body}`);
    }),
  );
  return emails;
}

const passwordGrant =
  (url) =>
  async ({ email }, agent) =>
    expectOk(await call(url, 'POST', '/token', FORM, passwordForm(email), agent));

/** The password grant at 1 connection (one bcrypt compare, no queueing) and at `CONNECTIONS`. */
async function passwordGrantRows(url, emails, suffix = '') {
  return [
    await load(`POST /token password grant, 1 connection${suffix}`, [{ email: emails[0] }], passwordGrant(url)),
    await load(
      `POST /token password grant, ${CONNECTIONS} connections${suffix}`,
      emails.map((email) => ({ email })),
      passwordGrant(url),
    ),
  ];
}

async function loadRows(url) {
  const emails = await createUsers(url);
  const sessions = await Promise.all(emails.map((email) => tokens(url, email)));
  const rows = [...(await passwordGrantRows(url, emails))];
  const getUser = async ({ jwt }, agent) =>
    expectOk(await call(url, 'GET', '/user', { Authorization: `Bearer ${jwt}` }, undefined, agent));
  const readers = () => sessions.slice(0, READERS).map((s) => ({ jwt: s.access_token }));
  rows.push(
    await load(
      `POST /token refresh grant, ${CONNECTIONS} connections`,
      sessions.map((s) => ({ refresh: s.refresh_token })),
      async (state, agent) => {
        const answer = expectOk(
          await call(url, 'POST', '/token', FORM, `grant_type=refresh_token&refresh_token=${state.refresh}`, agent),
        );
        state.refresh = JSON.parse(answer.body).refresh_token;
      },
    ),
  );
  rows.push(await load(`GET /user alone, ${READERS} connections`, readers(), getUser));
  // The same readers while every other connection logs in: a login must not stall other requests.
  const [storm, during] = await Promise.all([
    load(
      `  login storm beside it, ${CONNECTIONS} connections`,
      emails.map((email) => ({ email })),
      passwordGrant(url),
    ),
    load(`GET /user during login storm, ${READERS} connections`, readers(), getUser),
  ]);
  rows.push(during, storm);
  return rows;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Milliseconds from spawning `gotrue-auth-server` to its first `200` answer to `GET /settings`. */
async function coldStart(args) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [CLI, '--port', String(port), '--quiet', '--site-url', 'http://localhost:8888', ...args],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  let exited = false;
  child.once('exit', () => (exited = true));
  try {
    for (;;) {
      if (exited) throw new Error(`gotrue-auth-server exited before answering: ${stderr.trim()}`);
      if (performance.now() - started > 60_000) throw new Error('gotrue-auth-server did not answer within 60 s');
      const answer = await call(`http://127.0.0.1:${port}`, 'GET', '/settings', {}, undefined, false).catch(() => null);
      if (answer?.status === 200) return performance.now() - started;
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    if (!exited) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }
}

async function coldStartRows() {
  const dataDir = mkdtempSync(join(tmpdir(), 'gotrue-auth-bench-data-'));
  try {
    const kinds = [
      // The first start creates the database; later ones open it, as a developer's daily start does.
      { label: 'cold start, new data folder', args: ['--data', dataDir], runs: 1 },
      { label: 'cold start, existing data folder', args: ['--data', dataDir], runs: COLD_RUNS },
      { label: 'cold start, --memory', args: ['--memory'], runs: COLD_RUNS },
    ];
    const rows = [];
    for (const kind of kinds) {
      const times = [];
      for (let i = 0; i < kind.runs; i++) times.push(await coldStart(kind.args));
      times.sort((a, b) => a - b);
      rows.push({
        label: kind.label,
        runs: times.length,
        median: times[Math.floor(times.length / 2)],
        min: times[0],
        max: times.at(-1),
      });
    }
    return rows;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function serverTargets(rows) {
  const find = (label) => rows.find((r) => r.label === label);
  const grant = (connections, suffix = '') =>
    find(`POST /token password grant, ${connections === 1 ? '1 connection' : `${connections} connections`}${suffix}`);
  const alone = find(`GET /user alone, ${READERS} connections`);
  const during = find(`GET /user during login storm, ${READERS} connections`);
  const throughput = (connections) => {
    const now = grant(connections);
    const before = grant(connections, ' (before: bcryptjs)');
    return {
      name: `password grant throughput, ${connections === 1 ? '1 connection' : `${connections} connections`} ≥ 1.8× bcryptjs`,
      ratio: now.rps / before.rps,
      met: now.rps / before.rps >= 1.8,
      detail: `${now.rps.toFixed(1)} vs ${before.rps.toFixed(1)} req/s`,
    };
  };
  return [
    throughput(1),
    throughput(CONNECTIONS),
    {
      name: 'GET /user p99 during login storm ≤ 2× alone',
      ratio: during.p99 / alone.p99,
      met: during.p99 / alone.p99 <= 2,
      detail: `${during.p99.toFixed(1)} vs ${alone.p99.toFixed(1)} ms`,
    },
  ];
}

export function printTargets(targets) {
  for (const t of targets) {
    console.log(`${t.met ? 'met    ' : 'NOT met'}  ${t.name}: ${t.ratio.toFixed(2)}× (${t.detail})`);
  }
}

function printTable(rows, coldStarts, targets) {
  const head = ['endpoint', 'req/s', 'p50 ms', 'p99 ms', 'ok', 'errors'];
  const body = rows.map((r) => [
    r.label,
    r.rps.toFixed(1),
    r.p50.toFixed(1),
    r.p99.toFixed(1),
    String(r.requests),
    String(r.errors),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`keep-alive connections, ${SECONDS} s per row, server in a child process, bcrypt cost ${BCRYPT_COST}`);
  console.log(line(head));
  for (const row of body) console.log(line(row));
  for (const r of rows.filter((row) => row.firstError)) console.log(`first error, ${r.label}: ${r.firstError}`);
  console.log('');
  console.log('gotrue-auth-server start → first GET /settings answer (ms)   median   min–max   runs');
  for (const c of coldStarts) {
    console.log(
      `${c.label.padEnd(56)}${c.median.toFixed(0).padStart(9)}   ${`${c.min.toFixed(0)}–${c.max.toFixed(0)}`.padStart(9)}   ${c.runs}`,
    );
  }
  console.log('');
  printTargets(targets);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchServer();
