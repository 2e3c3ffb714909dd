/**
 * The JWT secret and operator token when the environment sets none: generated, and persisted in
 * `<dataDir>/secrets.json` (mode 600) so tokens survive restarts; fresh per in-memory instance.
 * Never a fixed value in code.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Secrets {
  jwtSecret: string;
  operatorToken: string;
}

function generate(): Secrets {
  return { jwtSecret: randomBytes(32).toString('base64url'), operatorToken: randomBytes(24).toString('base64url') };
}

export function loadSecrets(dataDir?: string): Secrets {
  if (!dataDir) return generate();
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { jwt_secret?: string; operator_token?: string };
    if (stored.jwt_secret && stored.operator_token)
      return { jwtSecret: stored.jwt_secret, operatorToken: stored.operator_token };
  }
  const fresh = generate();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(
    file,
    `${JSON.stringify({ jwt_secret: fresh.jwtSecret, operator_token: fresh.operatorToken }, null, 2)}\n`,
    { mode: 0o600 },
  );
  return fresh;
}
