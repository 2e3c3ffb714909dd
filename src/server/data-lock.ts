/**
 * One process per data folder: PGlite is a single-process database, so a second server (or the
 * Vite plugin and the CLI at once) on the same folder would corrupt it. The owner writes
 * `<dataDir>/server.json` with its pid and, once known, the URL the API answers on; admin
 * commands use that URL to reach the running server instead of opening the folder.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface LockFile {
  pid: number;
  url?: string;
}

const held = new Set<string>();

function lockPath(dataDir: string): string {
  return join(dataDir, 'server.json');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live owner of the folder, if any (a lock left by a killed process does not count). */
export function dataDirOwner(dataDir: string): LockFile | null {
  if (held.has(dataDir)) return JSON.parse(readFileSync(lockPath(dataDir), 'utf8')) as LockFile;
  if (!existsSync(lockPath(dataDir))) return null;
  try {
    const lock = JSON.parse(readFileSync(lockPath(dataDir), 'utf8')) as LockFile;
    return lock.pid !== process.pid && alive(lock.pid) ? lock : null;
  } catch {
    return null;
  }
}

export function claimDataDir(dataDir: string): void {
  const owner = dataDirOwner(dataDir);
  if (owner) {
    throw new Error(
      `the data folder ${dataDir} is in use by process ${owner.pid}${owner.url ? ` (${owner.url})` : ''}: stop it, or use another folder`,
    );
  }
  writeFileSync(lockPath(dataDir), JSON.stringify({ pid: process.pid }));
  held.add(dataDir);
}

export function announceUrl(dataDir: string, url: string): void {
  if (held.has(dataDir)) writeFileSync(lockPath(dataDir), JSON.stringify({ pid: process.pid, url }));
}

export function releaseDataDir(dataDir: string): void {
  if (!held.delete(dataDir)) return;
  rmSync(lockPath(dataDir), { force: true });
}
