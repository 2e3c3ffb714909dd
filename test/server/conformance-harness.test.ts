// The conformance harness on the recording alone: the appendix parses into the exchanges a reader
// sees, the scenario names only real exchanges, and the comparator catches what a client would notice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadAppendix, parseCurl, mailsIn, decodedTokenIn, backdateIn, mailDeltaIn } from './fixtures/transcript.js';
import { responseDifferences, jsonDifferences, tokenDifferences, mask } from './fixtures/compare.js';
import { STEPS } from './fixtures/scenario.js';

const exchanges = loadAppendix();
const byKey = (key: string) => {
  const found = exchanges.find((e) => e.key === key);
  assert.ok(found, `no exchange ${key}`);
  return found;
};

test('every curl block of the appendix is one exchange with a unique name', () => {
  assert.equal(exchanges.length, 129);
  assert.equal(new Set(exchanges.map((e) => e.key)).size, exchanges.length);
  assert.deepEqual([...new Set(exchanges.map((e) => e.transcript))], [1, 2, 3, 4, 5, 6]);
});

test('the scenario only names exchanges that exist', () => {
  const keys = new Set(exchanges.map((e) => e.key));
  assert.deepEqual(
    Object.keys(STEPS).filter((key) => !keys.has(key)),
    [],
  );
});

test('curl lines become the request curl would send', () => {
  const login = parseCurl(
    "curl -X POST http://127.0.0.1:9999/token -H 'X-Use-Cookie: 1' -d grant_type=password --data-urlencode username=alice2+1795406655@example.com -d password=new-pw",
  );
  assert.equal(login.method, 'POST');
  assert.equal(login.port, 9999);
  assert.equal(login.body, 'grant_type=password&username=alice2%2B1795406655%40example.com&password=new-pw');
  assert.deepEqual(login.headers, [
    ['X-Use-Cookie', '1'],
    ['Content-Type', 'application/x-www-form-urlencoded'],
  ]);
  const cookie = parseCurl('curl http://127.0.0.1:9999/user --cookie nf_jwt=eyJhbGciOiJIU…');
  assert.deepEqual(cookie, {
    method: 'GET',
    port: 9999,
    path: '/user',
    headers: [['Cookie', 'nf_jwt=eyJhbGciOiJIU…']],
  });
  assert.equal(byKey('T2:GET /callback missing code').request.path, '/callback?state=eyJhbGciOiJIU…');
  assert.equal(byKey('T2:DELETE /user (method not allowed?)').response.status, 405);
});

test('answers keep their headers and body apart', () => {
  const logout = byKey('T1:POST /logout');
  assert.equal(logout.response.status, 204);
  assert.equal(logout.response.body, '');
  assert.match(logout.response.headers[0]?.[1] ?? '', /^nf_jwt=; Path=\/; Expires=/);
  const list = byKey('T2:GET /admin/users (operator)').response;
  assert.deepEqual(
    list.headers.map(([name]) => name),
    ['Content-Type', 'Link', 'X-Total-Count'],
  );
  assert.equal((JSON.parse(list.body) as { users: unknown[] }).users.length, 2);
});

test('notes yield mails, decoded tokens, mail counts and back-dated rows', () => {
  assert.deepEqual(mailsIn(byKey('T1:POST /signup (JSON)').notes), [
    {
      from: 'admin@example.com',
      to: 'alice+1795406649@example.com',
      subject: 'Confirm Your Signup',
      link: 'http://localhost:8888/#confirmation_token=kbYyg5vawuSs0AaHmn-Hig',
    },
  ]);
  assert.equal(
    mailDeltaIn(byKey('T1:POST /signup again while unconfirmed (same email, new data, different password)').notes),
    0,
  );
  assert.deepEqual(decodedTokenIn(byKey('T1:POST /verify signup').notes)?.header, {
    alg: 'HS256',
    kid: 'nf-ident',
    typ: 'JWT',
  });
  assert.equal(decodedTokenIn(byKey('T2:GET /authorize?provider=github').notes), undefined, 'state JWTs are opaque');
  assert.equal(backdateIn(byKey('T5:POST /signup').notes), 25 * 3_600_000);
  assert.equal(backdateIn(byKey('T5:POST /verify with the NEW token').notes), 31 * 86_400_000);
});

test('a recorded answer matches itself with other ids, times and tokens', () => {
  const recorded = byKey('T2:POST /token with X-Use-Cookie: 1').response;
  const live = {
    status: 200,
    headers: [
      ['Content-Type', 'application/json'],
      [
        'Set-Cookie',
        'nf_jwt=eyJa.eyJb.c; Path=/; Expires=Wed, 25 Nov 2026 10:00:00 GMT; Max-Age=86400; HttpOnly; Secure',
      ],
      ['Date', 'Mon, 23 Nov 2026 10:00:00 GMT'],
    ] as Array<[string, string]>,
    body: '{"access_token":"eyJa.eyJb.c","token_type":"bearer","expires_in":3600,"refresh_token":"AAAAAAAAAAAAAAAAAAAAAA"}',
  };
  assert.deepEqual(responseDifferences(recorded, live), []);
});

test('the comparator reports what a client would notice', () => {
  const recorded = byKey('T1:POST /token refresh again with the OLD (rotated) refresh token').response;
  const body = '{"error":"invalid_grant","error_description":"Invalid refresh token"}';
  const diffs = responseDifferences(recorded, {
    status: 401,
    headers: [['Content-Type', 'application/json; charset=utf-8']],
    body,
  });
  assert.equal(diffs.length, 4, diffs.join('\n'));
  assert.match(diffs.join('\n'), /status: expected 400, got 401/);
  assert.match(diffs.join('\n'), /content-type/);
  assert.match(diffs.join('\n'), /Set-Cookie/);
  assert.match(diffs.join('\n'), /error_description/);
});

test('JSON shape: missing, extra and null-versus-object keys differ; ids and timestamps do not', () => {
  const want = { id: 'a', email: 'x@example.com', confirmed_at: '2026-11-23T04:04:11Z', user_metadata: null };
  assert.deepEqual(jsonDifferences(want, { ...want, id: 'b', confirmed_at: '2027-01-01T00:00:00.123Z' }), []);
  assert.equal(jsonDifferences(want, { ...want, user_metadata: {} }).length, 1);
  const { confirmed_at: _omitted, ...unconfirmed } = want;
  assert.match(jsonDifferences(want, unconfirmed).join(), /confirmed_at: missing/);
  assert.match(jsonDifferences(unconfirmed, want).join(), /confirmed_at: unexpected key/);
  assert.match(jsonDifferences(want, { ...want, confirmed_at: 'yesterday' }).join(), /RFC 3339/);
});

test('masking keeps message text but hides durations, tokens and dates', () => {
  assert.equal(mask('Invalid token: token is expired by 1m40s'), mask('Invalid token: token is expired by 1m41s'));
  assert.notEqual(mask('Invalid token: signature is invalid'), mask('Invalid token: token is expired by 1s'));
  assert.equal(
    mask('http://localhost:8888#access_token=eyJa.b.c&refresh_token=abc_-1'),
    'http://localhost:8888#access_token=<jwt>&refresh_token=<token>',
  );
});

test('decoded-token notes check the header and the claim order of the access token', () => {
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = { alg: 'HS256', kid: 'nf-ident', typ: 'JWT' };
  const claims = { exp: 1, sub: 's', email: 'e@x', app_metadata: { provider: 'email' }, user_metadata: null };
  const expected = { header, claims: { ...claims, exp: 1795410251, sub: 'other' } };
  assert.deepEqual(tokenDifferences(expected, `${b64(header)}.${b64(claims)}.sig`), []);
  const withIat = { iat: 1, ...claims };
  assert.match(tokenDifferences(expected, `${b64(header)}.${b64(withIat)}.sig`).join(), /expected keys exp,sub/);
});
