/** READ_ADMIN_RULES and CORROBORATE_INTERVAL_MINUTES: defaults, parsing, and a clear problem for a bad value. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';

describe('issue 13 settings', () => {
  it('by default the watcher reads admin rules (the deployment grants the one action they need) and corroborates hourly', () => {
    expect(loadConfig({})).toMatchObject({ readAdminRules: true, corroborateIntervalMinutes: 60 });
  });
  it('READ_ADMIN_RULES=FALSE (any case) turns the reads off; 0 turns automatic corroboration off', () => {
    expect(loadConfig({ READ_ADMIN_RULES: 'FALSE', CORROBORATE_INTERVAL_MINUTES: '0' })).toMatchObject({ readAdminRules: false, corroborateIntervalMinutes: 0 });
    expect(loadConfig({ READ_ADMIN_RULES: 'True' })).toMatchObject({ readAdminRules: true });
  });
  it('a bad value names the setting', () => {
    expect(() => loadConfig({ READ_ADMIN_RULES: 'yes' })).toThrow(/READ_ADMIN_RULES: expected true or false, got "yes"/);
    expect(() => loadConfig({ CORROBORATE_INTERVAL_MINUTES: '2000' })).toThrow(/CORROBORATE_INTERVAL_MINUTES: expected a whole number from 0 to 1440/);
  });
});
