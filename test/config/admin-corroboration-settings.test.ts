/** READ_ADMIN_RULES and CORROBORATE_INTERVAL_MINUTES: defaults, parsing, and a clear problem for a bad value. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';

describe('issue 13 settings', () => {
  it('by default the watcher does not read admin rules (Reader lacks the action) and corroborates hourly', () => {
    expect(loadConfig({})).toMatchObject({ readAdminRules: false, corroborateIntervalMinutes: 60 });
  });
  it('READ_ADMIN_RULES=true (any case) turns the reads on; 0 turns automatic corroboration off', () => {
    expect(loadConfig({ READ_ADMIN_RULES: 'TRUE', CORROBORATE_INTERVAL_MINUTES: '0' })).toMatchObject({ readAdminRules: true, corroborateIntervalMinutes: 0 });
  });
  it('a bad value names the setting', () => {
    expect(() => loadConfig({ READ_ADMIN_RULES: 'yes' })).toThrow(/READ_ADMIN_RULES: expected true or false, got "yes"/);
    expect(() => loadConfig({ CORROBORATE_INTERVAL_MINUTES: '2000' })).toThrow(/CORROBORATE_INTERVAL_MINUTES: expected a whole number from 0 to 1440/);
  });
});
