/**
 * Email syntax check in the spirit of Go's `net/mail.ParseAddress`, which GoTrue uses when mail
 * is on. This server always has its outbox, so the check is always on.
 * Returns the parser's error text, or null when the address is acceptable.
 */
export function emailSyntaxError(input: string): string | null {
  const email = input.trim();
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
  if (/[\u0000-\u001f\u007f]/.test(email)) return 'mail: invalid string';
  const angle = /^[^<>]*<([^<>]+)>$/.exec(email);
  const address = angle ? (angle[1] as string) : email;
  const at = address.lastIndexOf('@');
  if (at < 0) return angle ? 'mail: no angle-addr' : "mail: missing '@' or angle-addr";
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (!local) return 'mail: invalid string';
  if (!domain || domain.startsWith('.') || domain.endsWith('.') || domain.includes('..')) return 'mail: invalid domain';
  if (/[\s"(),:;<>@[\\\]]/u.test(local) || /[\s"(),:;<>@[\\\]]/u.test(domain)) return 'mail: expected single address';
  return null;
}
