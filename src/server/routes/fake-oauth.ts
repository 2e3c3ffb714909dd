/**
 * The fake OAuth provider (not part of GoTrue): a provider enabled without a client id gets a local
 * consent page instead of the real one, so "Continue with GitHub" can be tried with no network.
 *
 * Whoever completes this page signs in as any email they type, admins included, so it only ever
 * completes in the browser that started the flow: `/authorize` sets a random SameSite=Lax cookie
 * whose hash the signed `state` carries, and the consent page, its approval and `/callback` all
 * check it. Another site can send a browser here but cannot make the cookie and the state match.
 * The code handed to `/callback` is signed too, so a hand-made one logs nobody in. Redirects are
 * paths on the origin the browser is already on; no `Host` header chooses where they go.
 */
import { createHash } from 'node:crypto';
import { PROVIDER_NAMES, PROVIDERS, type Provider } from '../../core/wire.js';
import type { Handler, Instance, RouteRequest } from '../context.js';
import { escapeHtml, HttpError, redirect } from '../http.js';
import { JwtError, signPlain, verifyJwt } from '../jwt.js';
import { localPage } from '../pages.js';
import { secureToken } from '../users.js';
import type { ExternalProfile } from './github.js';

const COOKIE = 'gotrue_fake_oauth';
/** As long as GoTrue's OAuth state is valid. */
const FLOW_SECONDS = 300;

export function fakeProviders(app: Instance): Provider[] {
  return PROVIDERS.filter((p) => app.config.providers[p].enabled && !app.config.providers[p].clientId);
}

export function isFake(app: Instance, p: Provider): boolean {
  return fakeProviders(app).includes(p);
}

const hashOf = (nonce: string) => createHash('sha256').update(nonce).digest('base64url');

function cookiePath(r: RouteRequest): string {
  return r.base || '/';
}

function browserNonce(r: RouteRequest): string {
  for (const part of String(r.req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return value.join('=');
  }
  return '';
}

/**
 * Starts a fake flow in this browser: the claim to put in the OAuth state, and the cookie that
 * must come back with it.
 */
export function startFakeFlow(r: RouteRequest): { claim: string; setCookie: string } {
  const nonce = secureToken();
  return {
    claim: hashOf(nonce),
    setCookie: `${COOKIE}=${nonce}; Path=${cookiePath(r)}; Max-Age=${FLOW_SECONDS}; HttpOnly; SameSite=Lax`,
  };
}

/** The cookie that ends a fake flow. */
export function endFakeFlow(r: RouteRequest): string {
  return `${COOKIE}=; Path=${cookiePath(r)}; Max-Age=0; HttpOnly; SameSite=Lax`;
}

/** Whether this browser started the fake flow whose state claim is `claim`. */
export function startedHere(r: RouteRequest, claim: unknown): boolean {
  const nonce = browserNonce(r);
  return typeof claim === 'string' && claim !== '' && nonce !== '' && hashOf(nonce) === claim;
}

/** The provider and flow claim of a state from `/authorize`, or null when it is not valid. */
function stateClaims(app: Instance, state: string): { provider: unknown; fake_flow: unknown } | null {
  try {
    return verifyJwt(state, app.config.operatorToken, app.now()) as { provider: unknown; fake_flow: unknown };
  } catch (error) {
    if (error instanceof JwtError) return null;
    throw error;
  }
}

function refuse(r: RouteRequest): void {
  r.res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  r.res.end(
    'This sign-in was not started in this browser, or it took longer than 5 minutes. Start again from the site.',
  );
}

/** The provider of a fake page, when the page may be shown to this browser; else answers itself. */
function flowOf(app: Instance, r: RouteRequest): { p: Provider; state: string } | null {
  const p = (r.params.provider ?? '') as Provider;
  if (!isFake(app, p)) throw new HttpError(404, 'Fake provider not enabled');
  const state = r.url.searchParams.get('state') ?? '';
  const claims = stateClaims(app, state);
  if (!claims || claims.provider !== p || !startedHere(r, claims.fake_flow)) {
    refuse(r);
    return null;
  }
  return { p, state };
}

/** The local consent page of a fake provider: continue as an earlier user, as another one, or deny. */
export const fakeConsent: Handler = async (app, r) => {
  const flow = flowOf(app, r);
  if (!flow) return;
  const { p, state } = flow;
  const name = escapeHtml(PROVIDER_NAMES[p]);
  // Matched as stored text: Postgres' JSON functions fail on a document with a `\u0000` anywhere.
  const known = await app.db.query<{ email: string }>(
    `select email from users where app_metadata like $1 order by created_at desc limit 5`,
    [`%${JSON.stringify({ provider: p }).slice(1, -1)}%`],
  );
  const action = escapeHtml(`${r.base}/_fake-oauth/${p}/approve`);
  const hidden = `<input type="hidden" name="state" value="${escapeHtml(state)}">`;
  const accounts = known.rows.map(
    (u) =>
      `<form method="get" action="${action}">${hidden}<input type="hidden" name="email" value="${escapeHtml(u.email)}">` +
      `<button class="button"><span>Continue as <span class="address">${escapeHtml(u.email)}</span></span></button></form>`,
  );
  const title = `Sign in with ${name}`;
  r.res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Frame-Options': 'DENY',
  });
  r.res.end(
    localPage(
      `${title} (local stand-in)`,
      `<h1>${title}</h1>
<p class="note" role="note"><strong>Local stand-in, not ${name}.</strong> Your local GoTrue development server shows this page
in place of ${name}'s consent screen and never contacts ${name}. Any email can be chosen here, including existing users and
admins; set <code>GOTRUE_EXTERNAL_${escapeHtml(p.toUpperCase())}_CLIENT_ID</code> to use the real provider.</p>
${accounts.length ? `<h2>Accounts used here before</h2>\n<div class="stack">\n${accounts.join('\n')}\n</div>\n<h2>Another account</h2>` : ''}
<form class="stack" method="get" action="${action}">${hidden}
<label>Email <input type="email" name="email" required autocomplete="off" value="${escapeHtml(`${p}-user@example.com`)}"></label>
<label>Full name <input type="text" name="name" autocomplete="off" value="Local ${name} user"></label>
<label class="check"><input type="checkbox" name="verified" value="true" checked> Email verified by the provider</label>
<button class="button">${accounts.length ? 'Use another account' : 'Continue'}</button>
</form>
<form method="get" action="${action}">${hidden}<button class="button secondary" name="deny" value="1">Deny</button></form>`,
      'narrow',
    ),
  );
};

/** Redirects back to `/callback` with a signed code carrying the chosen identity, or with access_denied. */
export const fakeApprove: Handler = async (app, r) => {
  const flow = flowOf(app, r);
  if (!flow) return;
  const q = r.url.searchParams;
  const back = new URLSearchParams();
  if (q.get('deny')) {
    back.set('error', 'access_denied');
    back.set('error_description', 'The user has denied your application access.');
  } else {
    const identity = {
      email: q.get('email') ?? '',
      name: q.get('name') ?? '',
      verified: q.get('verified') === 'true' || !q.has('name'),
    };
    back.set(
      'code',
      await signPlain(
        { ...identity, state: hashOf(flow.state), exp: Math.floor(app.now() / 1000) + FLOW_SECONDS },
        app.config.operatorToken,
      ),
    );
  }
  back.set('state', flow.state);
  // A path on this origin: the page never redirects elsewhere, whatever Host the request named.
  redirect(r.res, `${r.base}/callback?${back}`);
};

/** The identity in a code from `fakeApprove` for this `state`; anything else is the provider error GoTrue reports. */
export function fakeProfile(app: Instance, code: string, state: string): ExternalProfile {
  let identity: Record<string, unknown>;
  try {
    identity = verifyJwt(code, app.config.operatorToken, app.now());
  } catch {
    throw new HttpError(500, 'Error getting user email from external provider');
  }
  if (identity.state !== hashOf(state) || typeof identity.email !== 'string' || !identity.email) {
    throw new HttpError(500, 'Error getting user email from external provider');
  }
  return {
    emails: [{ email: identity.email, verified: identity.verified !== false, primary: true }],
    name: typeof identity.name === 'string' ? identity.name : '',
    avatarUrl: '',
  };
}
