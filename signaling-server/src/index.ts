export { ConfigError, configSchema, loadConfig, type ServerConfig, type ServerConfigInput } from './config.js';
export { ConsultationServer, DATABASE_FILE, type MediaDump, type ServerRecords } from './consultation-server.js';
export { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_PATIENTS } from './demo-seed.js';
export type { HealthReport } from './http/http-app.js';
export { createLogger, type Logger } from './logger.js';
export type { RoomStats } from './room.js';
export { hashPassword } from './auth/password-hasher.js';
export { openRecords } from './provisioning.js';
