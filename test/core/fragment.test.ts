import { expect } from '@open-wc/testing';
import { codeForMessage } from '../../src/core/errors.js';
import {
  type FragmentRoute,
  MAX_DESCRIPTION_LENGTH,
  MAX_FRAGMENT_LENGTH,
  clearFragment,
  isOwnFragment,
  parseFragment,
  takeFragmentRoute,
  withoutFragment,
} from '../../src/core/fragment.js';

// A real access token shape: three base64url parts.
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJhcGkubmV0bGlmeS5jb20iLCJleHAiOjE3OTU0MTAzMjYsInN1YiI6Ijc2ZmVkMGYxIn0.c2lnbmF0dXJl';

function base64url(text: string): string {
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The access token of a user with about 10 KB of user_metadata: GoTrue puts it all in the claims. */
const BIG_JWT = [
  base64url('{"alg":"HS256","kid":"nf-ident","typ":"JWT"}'),
  base64url(
    JSON.stringify({
      exp: 1795410326,
      sub: '76fed0f1',
      email: 'a@example.com',
      app_metadata: {},
      user_metadata: { bio: 'x'.repeat(10_000) },
    }),
  ),
  base64url('signature'),
].join('.');

/** The route of a fragment that is ours but refused, mentioning `what`, shown as a dead link. */
function expectRefused(route: FragmentRoute, what: string, hash = ''): void {
  expect(route, hash).to.include({ type: 'oauth_error', error: 'invalid_request' });
  const description = route.type === 'oauth_error' ? (route.error_description ?? '') : '';
  expect(description, hash).to.contain(what);
  expect(codeForMessage(description), hash).to.equal('invalid_token');
}

describe('parseFragment: the fragments GoTrue writes (email links, OAuth returns)', () => {
  it('reads a signup confirmation link', () => {
    expect(parseFragment('#confirmation_token=ogvWj2MLgmXL8eQADnMOLg')).to.deep.equal({
      type: 'confirmation',
      token: 'ogvWj2MLgmXL8eQADnMOLg',
    });
  });

  it('reads recovery, invite and email change links', () => {
    expect(parseFragment('#recovery_token=Q1w2E3r4T5y6')).to.deep.equal({ type: 'recovery', token: 'Q1w2E3r4T5y6' });
    expect(parseFragment('#invite_token=AbC-_123')).to.deep.equal({ type: 'invite', token: 'AbC-_123' });
    expect(parseFragment('#email_change_token=zZ9')).to.deep.equal({ type: 'email_change', token: 'zZ9' });
  });

  it('reads an OAuth success return, keys in any order', () => {
    const expected = {
      type: 'external_login',
      access_token: JWT,
      refresh_token: '6ayVhYuupSvY4w8UKSXhRA',
      expires_in: 3600,
      token_type: 'bearer',
    };
    expect(
      parseFragment(`#access_token=${JWT}&expires_in=3600&refresh_token=6ayVhYuupSvY4w8UKSXhRA&token_type=bearer`),
    ).to.deep.equal(expected);
    expect(
      parseFragment(`#token_type=bearer&refresh_token=6ayVhYuupSvY4w8UKSXhRA&expires_in=3600&access_token=${JWT}`),
    ).to.deep.equal(expected);
  });

  it('reads the observed OAuth errors, decoding + as space', () => {
    expect(
      parseFragment('#error=access_denied&error_description=The+user+has+denied+your+application+access.'),
    ).to.deep.equal({
      type: 'oauth_error',
      error: 'access_denied',
      error_description: 'The user has denied your application access.',
    });
    expect(parseFragment('#error=invalid_request&error_description=Authorization+code+missing')).to.deep.equal({
      type: 'oauth_error',
      error: 'invalid_request',
      error_description: 'Authorization code missing',
    });
    expect(parseFragment('#error=access_denied&error_description=denied')).to.deep.equal({
      type: 'oauth_error',
      error: 'access_denied',
      error_description: 'denied',
    });
  });

  it('understands any OAuth error, with or without a description', () => {
    expect(parseFragment('#error=server_error')).to.deep.equal({ type: 'oauth_error', error: 'server_error' });
    expect(parseFragment('#error=temporarily_unavailable&error_description=')).to.deep.equal({
      type: 'oauth_error',
      error: 'temporarily_unavailable',
    });
  });

  it('decodes percent-encoded values', () => {
    expect(
      parseFragment('#error=access_denied&error_description=Invited%20email%20does%20not%20match%20%26%20more'),
    ).to.deep.equal({
      type: 'oauth_error',
      error: 'access_denied',
      error_description: 'Invited email does not match & more',
    });
    expect(parseFragment('#confirmation_token=abc%2Ddef')).to.deep.equal({ type: 'confirmation', token: 'abc-def' });
  });

  it('reads the GoTrue part of a doubled fragment (a referrer that had its own)', () => {
    expect(parseFragment('#section-2#error=access_denied&error_description=denied')).to.deep.equal({
      type: 'oauth_error',
      error: 'access_denied',
      error_description: 'denied',
    });
  });
});

describe('parseFragment: fragments that are not ours', () => {
  for (const hash of ['', '#', '#section-2', '#/route', '#/members?tab=1', '#top&x=1', '#token=abc']) {
    it(`leaves ${JSON.stringify(hash)} alone`, () => {
      expect(parseFragment(hash)).to.deep.equal({ type: 'none' });
      expect(isOwnFragment(hash)).to.equal(false);
    });
  }

  it('leaves a CMS implicit-flow return alone (Decap puts JSON state with auth_type implicit)', () => {
    const state = JSON.stringify({ auth_type: 'implicit', nonce: 'n0nce' });
    const hash = `#access_token=${JWT}&token_type=bearer&expires_in=3600&refresh_token=r1&state=${encodeURIComponent(state)}`;
    expect(parseFragment(hash)).to.deep.equal({ type: 'none' });
    expect(isOwnFragment(hash)).to.equal(false);
    const twice = `#access_token=${JWT}&state=${encodeURIComponent(encodeURIComponent(state))}`;
    expect(isOwnFragment(twice)).to.equal(false);
  });

  it('keeps a state that is not an implicit flow', () => {
    const hash = `#access_token=${JWT}&expires_in=3600&refresh_token=r1&token_type=bearer&state=xyz`;
    expect(parseFragment(hash)).to.include({ type: 'external_login', state: 'xyz' });
  });
});

describe('parseFragment: hostile and broken input', () => {
  it('keeps markup as plain text, never interpreted', () => {
    const route = parseFragment('#error=access_denied&error_description=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E');
    expect(route).to.deep.equal({
      type: 'oauth_error',
      error: 'access_denied',
      error_description: '<img src=x onerror=alert(1)>',
    });
    expect(parseFragment('#confirmation_token=%3Cscript%3E')).to.deep.equal({
      type: 'confirmation',
      token: '<script>',
    });
  });

  it('accepts the OAuth return of a user with 10 KB of metadata (a JWT well over 8 KB)', () => {
    expect(BIG_JWT.length).to.be.greaterThan(13_000);
    const route = parseFragment(`#access_token=${BIG_JWT}&expires_in=3600&refresh_token=r1&token_type=bearer`);
    expect(route).to.include({ type: 'external_login', access_token: BIG_JWT });
  });

  it('refuses, and says so, a fragment longer than any token GoTrue could read back, but still removes it', () => {
    const filler = 'a'.repeat(MAX_FRAGMENT_LENGTH);
    const hash = `#access_token=${filler}&expires_in=3600&refresh_token=r1&token_type=bearer`;
    expectRefused(parseFragment(hash), 'longer than');
    expect(isOwnFragment(hash)).to.equal(true);
    const fits = `#recovery_token=${'a'.repeat(MAX_FRAGMENT_LENGTH - '#recovery_token='.length)}`;
    expect(parseFragment(fits)).to.have.property('type', 'recovery');
  });

  it('cuts a very long error description to a readable length', () => {
    const route = parseFragment(`#error=server_error&error_description=${'x'.repeat(100_000)}`);
    expect(route.type).to.equal('oauth_error');
    expect(route.type === 'oauth_error' && route.error_description?.length).to.equal(MAX_DESCRIPTION_LENGTH);
  });

  it('refuses repeated keys rather than guessing which token to verify, and says which key', () => {
    expectRefused(parseFragment('#confirmation_token=first&confirmation_token=second'), '"confirmation_token"');
    expectRefused(
      parseFragment(`#access_token=${JWT}&access_token=other&expires_in=3600&refresh_token=r&token_type=bearer`),
      '"access_token"',
    );
    expectRefused(
      parseFragment(`#access_token=${JWT}&expires_in=3600&refresh_token=r&refresh_token=s&token_type=bearer`),
      '"refresh_token"',
    );
    expect(isOwnFragment('#confirmation_token=first&confirmation_token=second')).to.equal(true);
  });

  it('refuses two different routes in one fragment', () => {
    expectRefused(parseFragment('#confirmation_token=a&recovery_token=b'), '"confirmation_token" and "recovery_token"');
  });

  it('refuses empty, blank and space-containing tokens and error codes', () => {
    for (const [hash, key] of [
      ['#confirmation_token=', 'confirmation_token'],
      ['#invite_token=+++', 'invite_token'],
      ['#recovery_token=a+b', 'recovery_token'],
      ['#error=', 'error'],
      ['#error=+', 'error'],
      [`#error=${'e'.repeat(101)}`, 'error'],
    ]) {
      expectRefused(parseFragment(hash!), `"${key}"`, hash);
    }
  });

  it('refuses an OAuth return that lacks a field or has a bad expiry, naming the field', () => {
    for (const [hash, key] of [
      [`#access_token=${JWT}`, 'refresh_token'],
      [`#access_token=${JWT}&expires_in=3600&token_type=bearer`, 'refresh_token'],
      [`#access_token=&expires_in=3600&refresh_token=r&token_type=bearer`, 'access_token'],
      [`#access_token=${JWT}&expires_in=soon&refresh_token=r&token_type=bearer`, 'expires_in'],
      [`#access_token=${JWT}&expires_in=-5&refresh_token=r&token_type=bearer`, 'expires_in'],
      [`#access_token=${JWT}&expires_in=3600&refresh_token=r&token_type=mac`, 'token_type'],
    ]) {
      expectRefused(parseFragment(hash!), `"${key}"`, hash);
    }
  });

  it('survives malformed percent-encoding', () => {
    expect(parseFragment('#confirmation_token=%E0%A4%A')).to.have.property('type');
    expect(() => isOwnFragment('#error=x&state=%E0%A4%A')).not.to.throw();
  });
});

describe('withoutFragment / clearFragment', () => {
  it('removes the fragment and keeps path and query', () => {
    expect(withoutFragment('https://x.com/app/page?tab=2#confirmation_token=abc')).to.equal(
      'https://x.com/app/page?tab=2',
    );
    expect(withoutFragment('http://localhost:8888#error=access_denied&error_description=denied')).to.equal(
      'http://localhost:8888',
    );
  });

  it('keeps the page’s own fragment when GoTrue appended a second one', () => {
    expect(withoutFragment('https://x.com/p#section-2#error=access_denied')).to.equal('https://x.com/p#section-2');
  });

  it('does not call replace for fragments that are not ours', () => {
    const calls: string[] = [];
    expect(clearFragment('https://x.com/#/route', (url) => calls.push(url))).to.equal(false);
    expect(clearFragment('https://x.com/no-hash', (url) => calls.push(url))).to.equal(false);
    expect(calls).to.deep.equal([]);
  });

  it('calls replace once with the clean URL', () => {
    const calls: string[] = [];
    expect(clearFragment('https://x.com/a?b=1#invite_token=t', (url) => calls.push(url))).to.equal(true);
    expect(calls).to.deep.equal(['https://x.com/a?b=1']);
  });
});

describe('takeFragmentRoute in the browser', () => {
  const start = location.href;
  afterEach(() => history.replaceState(history.state, '', start));

  it('returns the route and removes the token from the address without adding a history entry', () => {
    history.replaceState(null, '', `${location.pathname}?keep=1#confirmation_token=ogvWj2MLgmXL8eQADnMOLg`);
    const entries = history.length;
    const route = takeFragmentRoute();
    expect(route).to.deep.equal({ type: 'confirmation', token: 'ogvWj2MLgmXL8eQADnMOLg' });
    expect(location.hash).to.equal('');
    expect(location.href).not.to.contain('ogvWj2MLgmXL8eQADnMOLg');
    expect(location.search).to.equal('?keep=1');
    expect(history.length).to.equal(entries);
  });

  it('removes OAuth tokens from the address', () => {
    history.replaceState(
      null,
      '',
      `${location.pathname}#access_token=${JWT}&expires_in=3600&refresh_token=r1&token_type=bearer`,
    );
    expect(takeFragmentRoute().type).to.equal('external_login');
    expect(location.href).not.to.contain('access_token');
    expect(location.href).not.to.contain('r1');
  });

  it('leaves a single-page app route untouched', () => {
    history.replaceState(null, '', `${location.pathname}#/members`);
    expect(takeFragmentRoute()).to.deep.equal({ type: 'none' });
    expect(location.hash).to.equal('#/members');
  });

  it('leaves a CMS implicit return for the CMS to read', () => {
    const state = encodeURIComponent(JSON.stringify({ auth_type: 'implicit', nonce: 'n' }));
    history.replaceState(null, '', `${location.pathname}#access_token=${JWT}&token_type=bearer&state=${state}`);
    expect(takeFragmentRoute()).to.deep.equal({ type: 'none' });
    expect(location.hash).to.contain('access_token');
  });

  it('removes a refused (hostile) token too, so nothing of it stays in the address, and says it was refused', () => {
    history.replaceState(null, '', `${location.pathname}#recovery_token=a&recovery_token=b`);
    expectRefused(takeFragmentRoute(), '"recovery_token"');
    expect(location.hash).to.equal('');
  });

  it('takes a 10 KB-claims OAuth return from the address', () => {
    history.replaceState(
      null,
      '',
      `${location.pathname}#access_token=${BIG_JWT}&expires_in=3600&refresh_token=r1&token_type=bearer`,
    );
    expect(takeFragmentRoute()).to.include({ type: 'external_login', access_token: BIG_JWT });
    expect(location.href).not.to.contain('access_token');
  });

  it('keeps the history state object of the page', () => {
    history.replaceState({ page: 7 }, '', `${location.pathname}#invite_token=t`);
    takeFragmentRoute();
    expect(history.state).to.deep.equal({ page: 7 });
  });
});
