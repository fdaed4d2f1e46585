export * from './consultation-bundle.js';
export * from './vital-sign-profiles.js';
export * from './vital-signs-check.js';
