/**
 * External login: `GET /authorize` and `GET /callback`, landing on the site with GoTrue's fragment.
 *
 * A provider enabled without a client id gets a built-in FAKE consent page
 * (`/_fake-oauth/<provider>/authorize`, not part of GoTrue) so "Continue with GitHub" can be tried
 * with no network. With a client id, GitHub (and GitHub Enterprise via GOTRUE_EXTERNAL_GITHUB_URL)
 * is exchanged for real; the other real providers are redirected to but not exchanged locally.
 */
import { MESSAGES, PROVIDERS, type Provider } from '../../core/wire.js';
import { issueTokens, requestAudience } from '../auth.js';
import type { Handler, Instance, RouteRequest } from '../context.js';
import { HttpError, redirect } from '../http.js';
import { JwtError, signPlain, verifyJwt } from '../jwt.js';
import { NIL_UUID } from '../hooks.js';
import { fetchGitHubProfile, type ExternalProfile } from './github.js';
import { endFakeFlow, fakeProfile, isFake, startedHere, startFakeFlow } from './fake-oauth.js';
import { applyHookAnswer, createUser, sendConfirmation } from './account.js';
import {
  emailKey,
  findUserByEmail,
  findUserByToken,
  mergeMetadata,
  newUserRow,
  saveUser,
  toWire,
  type UserRow,
} from '../users.js';

const SCOPES: Record<Provider, string> = {
  bitbucket: 'account email',
  github: 'user:email',
  gitlab: 'read_user',
  google: 'email profile',
  facebook: 'email',
  saml: '',
};

function authorizeBase(app: Instance, p: Provider): string {
  const custom = app.config.providers[p].url.replace(/\/+$/, '');
  switch (p) {
    case 'github':
      return `${custom || 'https://github.com'}/login/oauth/authorize`;
    case 'gitlab':
      return `${custom || 'https://gitlab.com'}/oauth/authorize`;
    case 'bitbucket':
      return 'https://bitbucket.org/site/oauth2/authorize';
    case 'google':
      return 'https://accounts.google.com/o/oauth2/auth';
    default:
      return 'https://www.facebook.com/dialog/oauth';
  }
}

export const authorize: Handler = async (app, r) => {
  const name = r.url.searchParams.get('provider') ?? '';
  const p = name.toLowerCase() as Provider;
  if (!PROVIDERS.includes(p)) throw new HttpError(400, `Unsupported provider: Provider ${name} could not be found`);
  const cfg = app.config.providers[p];
  if (!cfg.enabled)
    throw new HttpError(
      400,
      p === 'saml' ? 'Unsupported provider: SAML Provider is not enabled' : MESSAGES.providerNotEnabled,
    );
  const fake = isFake(app, p);
  if (!fake && p !== 'saml') {
    if (!cfg.secret) throw new HttpError(400, 'Unsupported provider: Missing Oauth secret');
    if (!cfg.redirectUri) throw new HttpError(400, 'Unsupported provider: Missing redirect URI');
  }
  const inviteToken = r.url.searchParams.get('invite_token') ?? '';
  if (inviteToken) {
    const invited = await findUserByToken(app.db, 'confirmation_token', inviteToken);
    if (!invited || invited.invited_at == null) throw new HttpError(404, MESSAGES.userNotFound);
  }
  // GoTrue ignores `redirect_to`: the landing page is the Referer on SITE_URL's host.
  const referer = String(r.req.headers.referer ?? '');
  let referrer = '';
  try {
    if (referer && new URL(referer).hostname === new URL(app.config.siteUrl).hostname) referrer = referer;
  } catch {
    referrer = '';
  }
  const claims: Record<string, unknown> = {
    exp: Math.floor(app.now() / 1000) + 300,
    site_url: app.config.siteUrl,
    id: NIL_UUID,
    netlify_id: '',
    function_hooks: {},
    provider: p,
  };
  if (inviteToken) claims.invite_token = inviteToken;
  if (referrer) claims.referrer = referrer;
  const flow = fake ? startFakeFlow(r) : null;
  if (flow) claims.fake_flow = flow.claim;
  const state = await signPlain(claims, app.config.operatorToken);
  const query = new URLSearchParams({
    client_id: cfg.clientId || 'local-fake-client',
    redirect_uri: fake ? `${r.base}/callback` : cfg.redirectUri,
    response_type: 'code',
    scope: SCOPES[p],
    state,
  });
  // The fake provider's pages are paths on this origin, never a host named by the request.
  const base = fake ? `${r.base}/_fake-oauth/${p}/authorize` : authorizeBase(app, p);
  redirect(r.res, `${base}?${query.toString().replace(/%20/g, '+')}`, flow ? { 'Set-Cookie': flow.setCookie } : {});
};

const ERROR_CODES: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthorized_client',
  403: 'access_denied',
  500: 'server_error',
  503: 'temporarily_unavailable',
};

/** `target#k=v&…` with keys sorted and spaces as `+`, as GoTrue builds it. */
function withFragment(target: string, values: Record<string, string>): string {
  const sorted = new URLSearchParams(
    Object.keys(values)
      .sort()
      .map((k) => [k, values[k] as string]),
  );
  return `${target}#${sorted.toString()}`;
}

async function profileFor(app: Instance, p: Provider, code: string, state: string): Promise<ExternalProfile> {
  if (isFake(app, p)) return fakeProfile(app, code, state);
  if (p === 'github') return fetchGitHubProfile(app.config.providers.github, code);
  throw new HttpError(500, `Unable to exchange external code for ${p} provider`);
}

function profileMetadata(profile: ExternalProfile): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  if (profile.avatarUrl) data.avatar_url = profile.avatarUrl;
  if (profile.name) data.full_name = profile.name;
  return data;
}

/** Finds or creates the user for a provider profile, as GoTrue does; null means "confirmation mail sent". */
async function resolveUser(
  app: Instance,
  r: RouteRequest,
  p: Provider,
  profile: ExternalProfile,
  inviteToken: string,
): Promise<UserRow | null> {
  const aud = requestAudience(app, r);
  if (inviteToken) {
    const invited = await findUserByToken(app.db, 'confirmation_token', inviteToken);
    if (!invited || invited.invited_at == null) throw new HttpError(404, MESSAGES.userNotFound);
    if (!profile.emails.some((e) => emailKey(e.email) === emailKey(invited.email))) {
      throw new HttpError(400, 'Invited email does not match emails from external provider');
    }
    invited.app_metadata = mergeMetadata(invited.app_metadata, { provider: p });
    invited.user_metadata = mergeMetadata(invited.user_metadata, profileMetadata(profile));
    applyHookAnswer(invited, await app.hooks.fire('signup', toWire(invited)));
    invited.confirmed_at = app.now();
    invited.confirmation_token = null;
    invited.updated_at = app.now();
    await saveUser(app.db, invited);
    return invited;
  }
  const usable = profile.emails.filter((e) => e.verified || app.config.autoconfirm);
  for (const candidate of usable) {
    const existing = await findUserByEmail(app.db, candidate.email, aud);
    if (!existing) continue;
    // Account linking by email: logs into that account, its provider stays as it was.
    if (existing.confirmed_at == null) existing.confirmed_at = app.now();
    applyHookAnswer(existing, await app.hooks.fire('login', toWire(existing)));
    existing.updated_at = app.now();
    await saveUser(app.db, existing);
    return existing;
  }
  if (app.config.disableSignup) throw new HttpError(403, MESSAGES.signupDisabled);
  const chosen = profile.emails.find((e) => e.primary) ?? profile.emails[0];
  if (!chosen) throw new HttpError(500, 'Error getting user email from external provider');
  const user = newUserRow(
    {
      email: chosen.email,
      aud,
      role: app.config.defaultGroup,
      app_metadata: { provider: p },
      user_metadata: mergeMetadata(null, profileMetadata(profile)),
    },
    app.now(),
  );
  const verified = chosen.verified || app.config.autoconfirm;
  await createUser(app, user, async () => {
    if (verified) {
      applyHookAnswer(user, await app.hooks.fire('signup', toWire(user)));
      user.confirmed_at = app.now();
    } else {
      await sendConfirmation(app, user);
    }
    await saveUser(app.db, user);
  });
  return verified ? user : null;
}

export const callback: Handler = async (app, r) => {
  const stateText = r.url.searchParams.get('state') ?? '';
  if (!stateText) throw new HttpError(400, 'OAuth state parameter missing');
  let state: Record<string, unknown>;
  try {
    state = verifyJwt(stateText, app.config.operatorToken, app.now());
  } catch (error) {
    if (error instanceof JwtError) throw new HttpError(400, `OAuth state is invalid: ${error.message}`);
    throw error;
  }
  const target =
    app.config.externalRedirectUrl || (typeof state.referrer === 'string' && state.referrer) || app.config.siteUrl;
  const fake = state.fake_flow !== undefined || isFake(app, String(state.provider ?? '') as Provider);
  if (fake && !startedHere(r, state.fake_flow))
    throw new HttpError(400, 'OAuth state is invalid: this sign-in was started in another browser');
  const headers: Record<string, string> = fake ? { 'Set-Cookie': endFakeFlow(r) } : {};
  const providerError = r.url.searchParams.get('error');
  if (providerError) {
    const values: Record<string, string> = { error: providerError };
    const description = r.url.searchParams.get('error_description');
    if (description) values.error_description = description;
    return redirect(r.res, withFragment(target, values), headers);
  }
  try {
    const code = r.url.searchParams.get('code') ?? '';
    if (!code) throw new HttpError(400, 'Authorization code missing');
    const p = String(state.provider ?? '') as Provider;
    if (!PROVIDERS.includes(p)) throw new HttpError(400, `Unsupported provider: Provider ${p} could not be found`);
    const profile = await profileFor(app, p, code, stateText);
    const user = await resolveUser(
      app,
      r,
      p,
      profile,
      typeof state.invite_token === 'string' ? state.invite_token : '',
    );
    if (!user) return redirect(r.res, target, headers); // unverified email: "check your mail", no fragment
    const tokens = await issueTokens(app, user);
    redirect(r.res, withFragment(target, { ...tokens, expires_in: String(tokens.expires_in) }), headers);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    redirect(
      r.res,
      withFragment(target, { error: ERROR_CODES[error.status] ?? 'server_error', error_description: error.message }),
      headers,
    );
  }
};
