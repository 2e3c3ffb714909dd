// Bad and unusual input gets GoTrue's answers, never a crash: oversized
// bodies, wrong methods, odd JSON, unicode and odd emails, and a clean shutdown mid-traffic.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { startServer, type RunningServer } from '../../src/server/index.js';

let server: RunningServer;

before(async () => {
  server = await startServer({
    quiet: true,
    useProcessEnv: false,
    env: {
      GOTRUE_SITE_URL: 'http://localhost:8888',
      GOTRUE_MAILER_AUTOCONFIRM: 'true',
      GOTRUE_BCRYPT_COST: '4',
      GOTRUE_MAX_BODY_BYTES: '4096',
    },
  });
});
after(() => server.close());

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, { method: 'POST', body, headers });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

const form = (fields: Record<string, string>) => ({
  body: new URLSearchParams(fields).toString(),
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
});

test('a body over the size limit is refused with 413 and the server keeps serving', async () => {
  const answer = await post(
    '/signup',
    JSON.stringify({ email: 'big@example.com', password: 'pw', data: { blob: 'x'.repeat(10_000) } }),
  );
  assert.equal(answer.status, 413);
  assert.deepEqual(JSON.parse(answer.text), { code: 413, msg: 'Request body too large' });
  const after = await post('/signup', JSON.stringify({ email: 'big@example.com', password: 'pw' }));
  assert.equal(after.status, 200, 'the same signup with a normal body works');
});

test('a chunked body that grows past the limit is cut off with 413', async () => {
  const status = await new Promise<number>((resolve, reject) => {
    const url = new URL('/signup', server.url);
    const req = request(url, { method: 'POST', headers: { 'Transfer-Encoding': 'chunked' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    for (let i = 0; i < 10; i++) req.write('{"pad":"' + 'y'.repeat(1000) + '",');
    req.end();
  });
  assert.equal(status, 413);
});

test('known paths answer wrong methods with an empty 405, unknown paths with a text 404', async () => {
  const wrong = await fetch(`${server.url}/signup`);
  assert.equal(wrong.status, 405);
  assert.equal(await wrong.text(), '');
  const patch = await fetch(`${server.url}/user`, { method: 'PATCH' });
  assert.equal(patch.status, 405);
  const missing = await fetch(`${server.url}/nothing/here`);
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get('content-type'), 'text/plain; charset=utf-8');
  assert.equal(await missing.text(), '404 page not found');
});

test('odd JSON gets Go decoder messages', async () => {
  const cases: Array<[string, string]> = [
    ['', 'Could not read Signup params: EOF'],
    ['   ', 'Could not read Signup params: EOF'],
    ['{"email":"a@b.c",', 'Could not read Signup params: unexpected EOF'],
    ['{"email" "x"}', `Could not read Signup params: invalid character '"' after object key`],
    ['{"email":"x" "y"}', `Could not read Signup params: invalid character '"' after object key:value pair`],
    ['{email:1}', `Could not read Signup params: invalid character 'e' looking for beginning of object key string`],
    ['[1,2]', 'Could not read Signup params: json: cannot unmarshal array into Go value of type api.SignupParams'],
    [
      '{"email":5,"password":"pw"}',
      'Could not read Signup params: json: cannot unmarshal number into Go struct field SignupParams.email of type string',
    ],
    [
      '{"email":"a@b.c","password":"pw","data":"text"}',
      'Could not read Signup params: json: cannot unmarshal string into Go struct field SignupParams.data of type map[string]interface {}',
    ],
  ];
  for (const [body, msg] of cases) {
    const answer = await post('/signup', body);
    assert.equal(answer.status, 400, body);
    assert.deepEqual(JSON.parse(answer.text), { code: 400, msg }, body);
  }
});

test('only the first JSON value is read, like Go: trailing bytes are ignored', async () => {
  const answer = await post('/recover', '{"email":"nobody@example.com"} trailing');
  assert.equal(answer.status, 200);
  assert.equal(answer.text, '{}');
});

test('unicode emails sign up and log in case-insensitively; the email is kept as typed', async () => {
  const signup = await post(
    '/signup',
    JSON.stringify({ email: 'Zoë.Ünïcode@Exämple.com', password: 'pässwörd', data: { full_name: '佐藤 🌸' } }),
  );
  assert.equal(signup.status, 200);
  const user = JSON.parse(signup.text) as { email: string; user_metadata: { full_name: string } };
  assert.equal(user.email, 'Zoë.Ünïcode@Exämple.com');
  assert.equal(user.user_metadata.full_name, '佐藤 🌸');
  const { body, headers } = form({ grant_type: 'password', username: 'ZOË.ÜNÏCODE@EXÄMPLE.COM', password: 'pässwörd' });
  const login = await post('/token', body, headers);
  assert.equal(login.status, 200, login.text);
  const again = await post('/signup', JSON.stringify({ email: 'zoë.ünïcode@exämple.com', password: 'other' }));
  assert.deepEqual(JSON.parse(again.text), {
    code: 400,
    msg: 'A user with this email address has already been registered',
  });
});

test('strange emails are refused with the parser error; none creates a user', async () => {
  const cases: Array<[string, string]> = [
    ['not-an-email', "Unable to validate email address: mail: missing '@' or angle-addr"],
    ['@example.com', 'Unable to validate email address: mail: invalid string'],
    ['a@', 'Unable to validate email address: mail: invalid domain'],
    ['a b@example.com', 'Unable to validate email address: mail: expected single address'],
  ];
  for (const [email, msg] of cases) {
    const answer = await post('/signup', JSON.stringify({ email, password: 'pw' }));
    assert.deepEqual(JSON.parse(answer.text), { code: 422, msg }, email);
  }
  const list = await fetch(`${server.url}/admin/users?per_page=100`, {
    headers: { Authorization: `Bearer ${server.operatorToken}` },
  });
  const { users } = (await list.json()) as { users: Array<{ email: string }> };
  assert.ok(users.every((u) => !['not-an-email', '@example.com', 'a@', 'a b@example.com'].includes(u.email)));
});

test('a password grant reads the query string when the body is not a form', async () => {
  await post('/signup', JSON.stringify({ email: 'query@example.com', password: 'pw' }));
  const answer = await post('/token?grant_type=password&username=query%40example.com&password=pw', '{"ignored":true}', {
    'Content-Type': 'application/json',
  });
  assert.equal(answer.status, 200);
  assert.equal((JSON.parse(answer.text) as { token_type: string }).token_type, 'bearer');
});

test('Bearer parsing follows ^(B|b)earer (\\S+$): BEARER and two spaces are not a bearer', async () => {
  for (const header of ['BEARER abc', 'Bearer  abc', 'Basic abc', 'Bearer a b']) {
    const answer = await fetch(`${server.url}/user`, { headers: { Authorization: header } });
    assert.equal(answer.status, 401, header);
    assert.deepEqual(await answer.json(), { code: 401, msg: 'This endpoint requires a Bearer token' }, header);
  }
  const alg = await fetch(`${server.url}/user`, { headers: { Authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' } });
  assert.deepEqual(await alg.json(), { code: 401, msg: 'Invalid token: signing method none is invalid' });
});

test('NUL characters, which the database cannot store, get ordinary answers instead of a 500', async () => {
  const signup = await post('/signup', '{"email":"nul\\u0000@example.com","password":"pw"}');
  assert.deepEqual(JSON.parse(signup.text), {
    code: 422,
    msg: 'Unable to validate email address: mail: invalid string',
  });
  assert.equal((await post('/recover', '{"email":"nul\\u0000@example.com"}')).text, '{}');
  assert.deepEqual(JSON.parse((await post('/verify', '{"type":"signup","token":"x\\u0000"}')).text), {
    code: 404,
    msg: 'User not found',
  });
  const { body, headers } = form({ grant_type: 'refresh_token', refresh_token: 'x\u0000' });
  assert.deepEqual(JSON.parse((await post('/token', body, headers)).text), {
    error: 'invalid_grant',
    error_description: 'Invalid Refresh Token',
  });
});

test('with autoconfirm, signing up again as an unconfirmed user confirms it and keeps the first password', async () => {
  const created = await fetch(`${server.url}/admin/users`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.operatorToken}` },
    body: JSON.stringify({ email: 'pending@example.com', password: 'first' }),
  });
  assert.equal(((await created.json()) as { confirmed_at?: string }).confirmed_at, undefined);
  const signup = await post(
    '/signup',
    JSON.stringify({ email: 'pending@example.com', password: 'second', data: { plan: 'pro' } }),
  );
  const user = JSON.parse(signup.text) as { confirmed_at?: string; user_metadata: unknown };
  assert.ok(user.confirmed_at, 'confirmed by the signup');
  assert.deepEqual(user.user_metadata, { plan: 'pro' });
  const first = form({ grant_type: 'password', username: 'pending@example.com', password: 'first' });
  assert.equal((await post('/token', first.body, first.headers)).status, 200);
  const second = form({ grant_type: 'password', username: 'pending@example.com', password: 'second' });
  assert.equal((await post('/token', second.body, second.headers)).status, 400);
});

test('a client hanging up mid-body does not leave a request hanging: the server still closes at once', async () => {
  const other = await startServer({ quiet: true, useProcessEnv: false, env: { GOTRUE_BCRYPT_COST: '4' } });
  const { port } = new URL(other.url);
  await new Promise<void>((resolve) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.on('close', () => resolve());
      socket.write('POST /signup HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"email":', () => socket.destroy());
    });
  });
  const answer = await fetch(`${other.url}/settings`);
  assert.equal(answer.status, 200, 'still serving');
  await other.close(); // waits for in-flight requests: resolves only if the aborted one ended
});

test('a large access token in the Authorization header is read, as GoTrue reads headers up to 1 MiB', async () => {
  // A user with several kilobytes of metadata carries them in every JWT; Node's default header
  // limit (16 KiB) would answer 431 where GoTrue checks the token.
  const response = await fetch(`${server.url}/user`, { headers: { Authorization: `Bearer ${'a'.repeat(40_000)}` } });
  assert.equal(response.status, 401);
});
