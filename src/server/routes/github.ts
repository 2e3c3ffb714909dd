/**
 * The GitHub code exchange GoTrue performs on `/callback` (Transcript 7 of test/server/fixtures/appendix-a.md):
 * token, `/user`, `/user/emails`. GOTRUE_EXTERNAL_GITHUB_URL points it at GitHub Enterprise
 * (API under `<url>/api/v3`), which is also how tests use a fake GitHub on 127.0.0.1.
 */
import type { ProviderConfig } from '../config.js';
import { HttpError } from '../http.js';

export interface ExternalProfile {
  emails: Array<{ email: string; verified: boolean; primary: boolean }>;
  name: string;
  avatarUrl: string;
}

const EXCHANGE_FAILED = 'Unable to exchange external code for github provider';

export async function fetchGitHubProfile(cfg: ProviderConfig, code: string): Promise<ExternalProfile> {
  const base = cfg.url.replace(/\/+$/, '') || 'https://github.com';
  const api = cfg.url ? `${base}/api/v3` : 'https://api.github.com';
  const signal = AbortSignal.timeout(10_000);
  let accessToken: string;
  try {
    const response = await fetch(`${base}/login/oauth/access_token`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: cfg.clientId,
        client_secret: cfg.secret,
        code,
        grant_type: 'authorization_code',
        redirect_uri: cfg.redirectUri,
      }),
      signal,
    });
    const text = await response.text();
    const token = text.trim().startsWith('{')
      ? (JSON.parse(text) as { access_token?: string }).access_token
      : new URLSearchParams(text).get('access_token');
    if (!response.ok || !token) throw new Error('no token');
    accessToken = token;
  } catch {
    throw new HttpError(500, EXCHANGE_FAILED);
  }
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${api}${path}`, {
      headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
      signal,
    });
    if (!response.ok) throw new Error(`GitHub ${path}: ${response.status}`);
    return (await response.json()) as T;
  };
  try {
    const user = await get<{ name?: string; avatar_url?: string }>('/user');
    const emails = await get<Array<{ email: string; verified?: boolean; primary?: boolean }>>('/user/emails');
    return {
      emails: emails
        .filter((e) => typeof e.email === 'string' && e.email)
        .map((e) => ({ email: e.email, verified: e.verified === true, primary: e.primary === true })),
      name: user.name ?? '',
      avatarUrl: user.avatar_url ?? '',
    };
  } catch {
    throw new HttpError(500, 'Error getting user email from external provider');
  }
}
