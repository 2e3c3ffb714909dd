/**
 * `gotrue-auth/core`: everything of the widget that is not DOM, importable in Node, workers and
 * SSR without side effects.
 */
export * from './errors.js';
export * from './wire.js';
export * from './client.js';
export * from './admin.js';
export * from './user.js';
export * from './session.js';
export * from './fragment.js';
export * from './machine.js';
export * from './runner.js';
export * from './i18n/index.js';
