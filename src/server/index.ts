/** The standalone server: `startServer()` and its API-key authentication. */
export { startServer, buildServer, banner, SERVER_PREFIX, type ServerOptions, type RunningServer } from './start-server.js';
export { apiKeyAuthenticator, ensureApiKeys, readApiKeys, createDemoApiKeys, DEMO_USERS, type ApiKeys } from './api-keys.js';
export { seedDemo, type DemoSeedResult } from './demo-seed.js';
