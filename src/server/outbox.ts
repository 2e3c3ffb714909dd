/**
 * Mail without SMTP: every mail GoTrue would send lands in an outbox persisted with the data
 * (GoTrue's subjects, and links on SITE_URL with the token in the fragment), readable as JSON or as a small HTML page.
 */
import type { Config, MailKind } from './config.js';
import type { Database } from './database.js';
import { PROVIDER_NAMES, type Provider } from '../core/wire.js';
import { escapeHtml } from './http.js';
import { localPage } from './pages.js';

export interface OutboxMessage {
  id: number;
  to: string;
  from: string;
  subject: string;
  kind: MailKind;
  link: string;
  token: string;
  sent_at: string;
}

const FRAGMENT_KEYS: Record<MailKind, string> = {
  confirmation: 'confirmation_token',
  invite: 'invite_token',
  recovery: 'recovery_token',
  email_change: 'email_change_token',
};

/** `SITE_URL` resolved against the kind's path, token in the fragment, as GoTrue's mails link: `http://x/#confirmation_token=t`. */
export function mailLink(config: Config, kind: MailKind, token: string): string {
  const url = new URL(config.mail[kind].path, config.siteUrl);
  url.hash = '';
  return `${url.href}#${FRAGMENT_KEYS[kind]}=${token}`;
}

export class Outbox {
  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly now: () => number,
  ) {}

  async send(kind: MailKind, to: string, token: string): Promise<void> {
    const link = mailLink(this.config, kind, token);
    const subject = this.config.mail[kind].subject;
    const html = `<h2>${escapeHtml(subject)}</h2><p><a href="${escapeHtml(link)}">${escapeHtml(subject)}</a></p>`;
    await this.db.query(
      'insert into mails (recipient, sender, subject, kind, link, token, html, sent_at) values ($1, $2, $3, $4, $5, $6, $7, $8)',
      [to, this.config.smtpAdminEmail, subject, kind, link, token, html, this.now()],
    );
  }

  async list(): Promise<OutboxMessage[]> {
    const result = await this.db.query<{
      id: number;
      recipient: string;
      sender: string;
      subject: string;
      kind: MailKind;
      link: string;
      token: string;
      sent_at: number;
    }>('select id, recipient, sender, subject, kind, link, token, sent_at from mails order by id');
    return result.rows.map((r) => ({
      id: r.id,
      to: r.recipient,
      from: r.sender,
      subject: r.subject,
      kind: r.kind,
      link: r.link,
      token: r.token,
      sent_at: new Date(r.sent_at).toISOString(),
    }));
  }

  async clear(): Promise<void> {
    await this.db.query('delete from mails');
  }
}

/** The outbox page: newest first, every value escaped. `base` is where the API is mounted. */
export function outboxPage(messages: OutboxMessage[], base: string, fakeProviders: Provider[]): string {
  const mails = [...messages]
    .reverse()
    .map(
      (m) => `<li class="mail">
<h2>${escapeHtml(m.subject)}</h2>
<p class="muted">To <span class="address">${escapeHtml(m.to)}</span> · <time datetime="${escapeHtml(m.sent_at)}">${escapeHtml(m.sent_at.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'))}</time></p>
<p><a class="address" href="${escapeHtml(m.link)}">${escapeHtml(m.link)}</a></p>
</li>`,
    )
    .join('\n');
  const fake = fakeProviders.length
    ? `<p class="note" role="note">A local stand-in answers "Continue with …" for ${fakeProviders.map((p) => `<strong>${escapeHtml(PROVIDER_NAMES[p])}</strong>`).join(', ')}: ` +
      `a consent page on this server, no network. Set <code>GOTRUE_EXTERNAL_&lt;P&gt;_CLIENT_ID</code> to use the real provider.</p>`
    : '';
  const json = `${base}/_outbox/messages`;
  return localPage(
    'Outbox: local GoTrue',
    `<h1>Outbox</h1>
<p>Mails the local GoTrue server would have sent (${messages.length}), newest first. As JSON: <a class="address" href="${escapeHtml(json)}">${escapeHtml(json)}</a>.</p>
${fake}
${messages.length ? `<ol class="mails">\n${mails}\n</ol>` : '<p class="muted">No mail yet.</p>'}`,
    'wide',
  );
}
