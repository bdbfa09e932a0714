// Settings: defaults, and a clear refusal naming every wrong variable.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has working defaults for a newcomer', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.baseUrl).toBe('http://localhost:3000');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.smtpUrl).toBeUndefined();
    expect(config.dataDir).toMatch(/data$/);
  });

  it('derives the base address from the port and reads a given one', () => {
    expect(loadConfig({ PORT: '8080' }).baseUrl).toBe('http://localhost:8080');
    expect(loadConfig({ BASE_URL: 'https://quartet.example.com/' }).baseUrl).toBe('https://quartet.example.com');
  });

  it('names every wrong variable at once', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SMTP_URL: 'http://mail', LOG_LEVEL: 'loud' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    for (const name of ['PORT', 'DATABASE_URL', 'SMTP_URL', 'LOG_LEVEL']) expect(message).toContain(name);
  });

  it('names an address that is no URL at all, rather than failing on it', () => {
    expect(() => loadConfig({ BASE_URL: '/', SMTP_URL: 'not a url' })).toThrow(ConfigError);
    expect(() => loadConfig({ BASE_URL: '/' })).toThrow(/BASE_URL/);
  });
});
