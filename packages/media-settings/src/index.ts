export * from './router-codecs.js';
export * from './source-settings.js';
