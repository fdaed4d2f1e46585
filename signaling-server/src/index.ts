export { ConfigError, configSchema, loadConfig, type ServerConfig, type ServerConfigInput } from './config.js';
export { ConsultationServer, type MediaDump } from './consultation-server.js';
export type { HealthReport } from './http-handler.js';
export { createLogger, type Logger } from './logger.js';
export type { RoomStats } from './room.js';
