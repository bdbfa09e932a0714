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
    expect(loadConfig({ BASE_URL: 'https://quartet.example.com/', SMTP_URL: 'smtp://mail.example.com' }).baseUrl).toBe('https://quartet.example.com');
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

  // Without SMTP_URL every mail, log-in links of every organisation included, is kept in one inbox.
  it('refuses the mail catcher when Quartet is reachable from other machines, and names why', () => {
    const refusal = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return undefined;
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
    };
    expect(refusal({ HOST: '0.0.0.0' })).toMatch(/SMTP_URL: required when Quartet is reachable from other machines \(HOST=0\.0\.0\.0\)/);
    expect(refusal({ BASE_URL: 'https://quartet.example.com' })).toMatch(/SMTP_URL: required .*\(BASE_URL=https:\/\/quartet\.example\.com\).*for development on this machine only/);
    expect(refusal({ HOST: '::', BASE_URL: 'http://192.168.1.20:3000' })).toContain('(HOST=::, BASE_URL=http://192.168.1.20:3000)');
    // A name under .localhost is loopback by definition (RFC 6761); any other name is not.
    expect(refusal({ HOST: '127.0.0.1', BASE_URL: 'http://quartet.test' })).toContain('BASE_URL=http://quartet.test');
    expect(refusal({ HOST: 'localhost', BASE_URL: 'http://localhost.example.com' })).toContain('BASE_URL=');
  });

  it('accepts the same addresses with SMTP_URL, and the catcher on loopback', () => {
    const smtp = { SMTP_URL: 'smtp://mail.example.com:587' };
    expect(loadConfig({ HOST: '0.0.0.0', ...smtp }).host).toBe('0.0.0.0');
    expect(loadConfig({ BASE_URL: 'https://quartet.example.com', ...smtp }).baseUrl).toBe('https://quartet.example.com');
    for (const [HOST, BASE_URL] of [['localhost', 'http://localhost:3000'], ['127.0.0.1', 'http://127.0.0.1:3000'], ['::1', 'http://[::1]:3000'], ['127.0.0.2', 'http://quartet.localhost:3000']]) {
      expect(loadConfig({ HOST: HOST!, BASE_URL: BASE_URL! }).smtpUrl).toBeUndefined();
    }
  });

  it('names an address that is no URL at all, rather than failing on it', () => {
    expect(() => loadConfig({ BASE_URL: '/', SMTP_URL: 'not a url' })).toThrow(ConfigError);
    expect(() => loadConfig({ BASE_URL: '/' })).toThrow(/BASE_URL/);
  });
});
