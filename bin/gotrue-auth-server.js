#!/usr/bin/env node
// The repository's path to the CLI, kept for the scripts and tests that run it by this path: the
// command itself is the gotrue-auth-server package's bin (`npx gotrue-auth-server`).
import '../packages/gotrue-auth-server/bin/gotrue-auth-server.js';
