// docs/local-server.md shows the CLI's commands and options as `gotrue-auth-server --help` prints
// them, so the page cannot drift from the CLI: this test fails when they differ, and
// `UPDATE_LOCAL_SERVER_DOC=1` rewrites the block from the real output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const DOC = fileURLToPath(new URL('../../docs/local-server.md', import.meta.url));
const BIN = fileURLToPath(new URL('../../packages/gotrue-auth-server/bin/gotrue-auth-server.js', import.meta.url));
const BLOCK = /(<!-- help:start -->\n\n```text\n)([\s\S]*?)(```\n\n<!-- help:end -->)/;

test('docs/local-server.md lists the commands and options that gotrue-auth-server --help prints', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [BIN, '--help']);
  const help = `${stdout.trimEnd()}\n`;
  const doc = readFileSync(DOC, 'utf8');
  assert.match(doc, BLOCK, 'the page has its help block between <!-- help:start --> and <!-- help:end -->');
  if (process.env.UPDATE_LOCAL_SERVER_DOC) {
    writeFileSync(
      DOC,
      doc.replace(BLOCK, (_whole, start: string, _old: string, end: string) => start + help + end),
    );
    return;
  }
  assert.equal(BLOCK.exec(doc)?.[2], help, 'run with UPDATE_LOCAL_SERVER_DOC=1 to rewrite the block');
});
