export * from './outbox-sender.js';
export * from './outbox-store.js';
export * from './retry-backoff.js';
