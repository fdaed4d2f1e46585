export * from './reading-display.js';
export * from './simulated-pulse-oximeter.js';
