export * from './consultation.js';
export * from './error-codes.js';
export * from './event-maps.js';
export * from './media-schemas.js';
export * from './notifications.js';
export * from './request-client.js';
export * from './requests.js';
export * from './vitals-message.js';
