// `npm run bench`, server section: requests/second and p50/p99 latency of the local GoTrue server
// for the password grant, the refresh grant and GET /user, at 50 concurrent keep-alive connections.
// The server runs in a child process so the load loop does not share its event loop.
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { once } from 'node:events';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const OPERATOR = 'bench-operator-token';
/** GoTrue's own bcrypt cost: the password grant is measured as users would feel it. */
const BCRYPT_COST = process.env.GOTRUE_BCRYPT_COST ?? '10';

/** The server child: imports the TypeScript source through tsx and prints its URL as one JSON line. */
const CHILD = `
const { startServer } = await import(${JSON.stringify(new URL('../src/server/index.ts', import.meta.url).href)});
const server = await startServer({ port: 0, quiet: true, env: JSON.parse(process.env.BENCH_ENV) });
console.log(JSON.stringify({ url: server.url }));
process.on('SIGTERM', async () => { await server.close(); process.exit(0); });
`;

async function startChild() {
  const env = {
    GOTRUE_SITE_URL: 'http://localhost:8888',
    GOTRUE_JWT_SECRET: 'bench-secret',
    GOTRUE_OPERATOR_TOKEN: OPERATOR,
    GOTRUE_MAILER_AUTOCONFIRM: 'true',
    GOTRUE_BCRYPT_COST: BCRYPT_COST,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
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
 */
let agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });

function call(baseUrl, method, path, headers = {}, body) {
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
  agent.destroy();
  agent = new Agent({ keepAlive: true, maxSockets: states.length });
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  await Promise.all(
    states.map(async (state) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          await once(state);
          latencies.push(performance.now() - t0);
        } catch (error) {
          errors++;
          firstError ??= error instanceof Error ? error.message : String(error);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
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
  try {
    const emails = Array.from({ length: CONNECTIONS }, (_, i) => `bench-${i}@example.com`);
    for (const email of emails) {
      const created = await call(
        url,
        'POST',
        '/admin/users',
        { Authorization: `Bearer ${OPERATOR}`, 'Content-Type': 'application/json' },
        JSON.stringify({ email, password: 'bench-pw', confirm: true }),
      );
      if (created.status !== 200) throw new Error(`creating ${email} failed: ${created.status} ${created.body}`);
    }
    const sessions = await Promise.all(emails.map((email) => tokens(url, email)));
    const rows = [];
    const passwordGrant = async ({ email }) => expectOk(await call(url, 'POST', '/token', FORM, passwordForm(email)));
    // One connection first: the cost of a single bcrypt compare, without queueing behind others.
    rows.push(await load('POST /token password grant, 1 connection', [{ email: emails[0] }], passwordGrant));
    rows.push(
      await load(
        'POST /token password grant',
        emails.map((email) => ({ email })),
        passwordGrant,
      ),
    );
    rows.push(
      await load(
        'POST /token refresh grant',
        sessions.map((s) => ({ refresh: s.refresh_token })),
        async (state) => {
          const answer = expectOk(
            await call(url, 'POST', '/token', FORM, `grant_type=refresh_token&refresh_token=${state.refresh}`),
          );
          state.refresh = JSON.parse(answer.body).refresh_token;
        },
      ),
    );
    rows.push(
      await load(
        'GET /user',
        sessions.map((s) => ({ jwt: s.access_token })),
        async ({ jwt }) => expectOk(await call(url, 'GET', '/user', { Authorization: `Bearer ${jwt}` })),
      ),
    );
    printTable(rows, BCRYPT_COST);
    return rows;
  } finally {
    agent.destroy();
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}

function printTable(rows, bcryptCost) {
  const head = ['endpoint', 'req/s', 'p50 ms', 'p99 ms', 'ok', 'errors'];
  const body = rows.map((r) => [
    r.label,
    r.rps.toFixed(0),
    r.p50.toFixed(1),
    r.p99.toFixed(1),
    String(r.requests),
    String(r.errors),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(
    `${CONNECTIONS} concurrent keep-alive connections unless noted, ${SECONDS} s per row, server in a child process`,
  );
  console.log(line(head));
  for (const row of body) console.log(line(row));
  for (const r of rows.filter((row) => row.firstError)) console.log(`first error, ${r.label}: ${r.firstError}`);
  console.log(
    `bcrypt cost ${bcryptCost} (GOTRUE_BCRYPT_COST): the password grant is bound by one bcrypt compare per request.`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await benchServer();
