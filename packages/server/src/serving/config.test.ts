import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVING_CONFIG, servingConfigFromEnv, ServingConfigError, SERVING_ENV } from './config.js';

describe('servingConfigFromEnv', () => {
  it('takes the defaults when nothing is set (blank counts as unset)', () => {
    expect(servingConfigFromEnv({ CUSTSEG_PORT: '  ' })).toEqual(DEFAULT_SERVING_CONFIG);
    expect(DEFAULT_SERVING_CONFIG.model).toBe('models:/customer-segmentation@champion');
  });

  it('reads every documented variable', () => {
    const c = servingConfigFromEnv({
      CUSTSEG_MODEL: 'model.json',
      CUSTSEG_HOST: '127.0.0.1',
      CUSTSEG_PORT: '9000',
      CUSTSEG_TOKEN: 's3cret',
      CUSTSEG_CORS_ORIGINS: 'https://a.example, http://localhost:8501',
      CUSTSEG_MAX_BATCH_ROWS: '500',
      CUSTSEG_MAX_BODY_BYTES: '2048',
      CUSTSEG_MAX_UPLOAD_BYTES: '0',
      CUSTSEG_UNKNOWN_FIELDS: 'ignore',
      CUSTSEG_POLL_SECONDS: '2.5',
      CUSTSEG_TRACKING_URI: 'sqlite:///t.db',
      CUSTSEG_SERVE_TRACKING: 'yes',
      CUSTSEG_LOG_LEVEL: 'warn',
      CUSTSEG_ACCESS_LOG: 'false',
      CUSTSEG_ACCESS_LOG_LEVEL: 'info',
      CUSTSEG_SHUTDOWN_TIMEOUT_SECONDS: '3',
    });
    expect(c).toEqual({
      model: 'model.json',
      host: '127.0.0.1',
      port: 9000,
      token: 's3cret',
      corsOrigins: ['https://a.example', 'http://localhost:8501'],
      maxBatchRows: 500,
      maxBodyBytes: 2048,
      maxUploadBytes: 0,
      unknownFields: 'ignore',
      pollSeconds: 2.5,
      trackingUri: 'sqlite:///t.db',
      serveTracking: true,
      logLevel: 'warn',
      accessLog: false,
      accessLogLevel: 'info',
      shutdownTimeoutSeconds: 3,
    });
    // every variable read is documented
    expect(Object.keys(SERVING_ENV).sort()).toEqual(
      ['CUSTSEG_MODEL', 'CUSTSEG_HOST', 'CUSTSEG_PORT', 'CUSTSEG_TOKEN', 'CUSTSEG_CORS_ORIGINS', 'CUSTSEG_MAX_BATCH_ROWS', 'CUSTSEG_MAX_BODY_BYTES', 'CUSTSEG_MAX_UPLOAD_BYTES', 'CUSTSEG_UNKNOWN_FIELDS', 'CUSTSEG_POLL_SECONDS', 'CUSTSEG_TRACKING_URI', 'CUSTSEG_SERVE_TRACKING', 'CUSTSEG_LOG_LEVEL', 'CUSTSEG_ACCESS_LOG', 'CUSTSEG_ACCESS_LOG_LEVEL', 'CUSTSEG_SHUTDOWN_TIMEOUT_SECONDS', 'CUSTSEG_WEB_DIR'].sort(),
    );
  });

  it('lets flags override the environment', () => {
    expect(servingConfigFromEnv({ CUSTSEG_PORT: '9000' }, { port: 1234, host: undefined }).port).toBe(1234);
  });

  it('names the variable, the expectation and the value in one line', () => {
    const cases: [Record<string, string>, string][] = [
      [{ CUSTSEG_PORT: 'eighty' }, 'CUSTSEG_PORT: expected an integer between 0 and 65535, got "eighty"'],
      [{ CUSTSEG_PORT: '70000' }, 'CUSTSEG_PORT: expected an integer between 0 and 65535, got "70000"'],
      [{ CUSTSEG_MAX_BATCH_ROWS: '0' }, 'CUSTSEG_MAX_BATCH_ROWS: expected an integer between 1 and 10000000, got "0"'],
      [{ CUSTSEG_UNKNOWN_FIELDS: 'drop' }, 'CUSTSEG_UNKNOWN_FIELDS: expected one of reject, ignore, got "drop"'],
      [{ CUSTSEG_POLL_SECONDS: '-1' }, 'CUSTSEG_POLL_SECONDS: expected a number of seconds between 0 and 86400, got "-1"'],
      [{ CUSTSEG_SERVE_TRACKING: 'maybe' }, 'CUSTSEG_SERVE_TRACKING: expected true or false, got "maybe"'],
      [{ CUSTSEG_ACCESS_LOG_LEVEL: 'silent' }, 'CUSTSEG_ACCESS_LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, got "silent"'],
      [{ CUSTSEG_CORS_ORIGINS: 'example.com' }, 'CUSTSEG_CORS_ORIGINS: expected * or origins like https://app.example.com, got "example.com"'],
    ];
    for (const [env, message] of cases) {
      expect(() => servingConfigFromEnv(env)).toThrow(ServingConfigError);
      expect(() => servingConfigFromEnv(env)).toThrow(message);
    }
  });
});
