import { describe, expect, it } from 'vitest';
import { evaluateInstance } from '../../../src/engine/evaluate.js';
import { regimeNotCovered } from '../../../src/rules/instance/regime-not-covered.js';
import { buildView } from '../../support/view-builder.js';
import { runRuleTests } from '../../support/rule-tester.js';

const noSubnet = { location: { subnetId: undefined } };

runRuleTests(regimeNotCovered, {
  valid: [
    { name: 'classic Premium', view: buildView() },
    { name: 'v2 without a virtual network', view: buildView({ instance: { skuName: 'StandardV2', networkMode: 'None' } }) },
    { name: 'StandardV2 integrated (covered by the v2 rules)', view: buildView({ instance: { skuName: 'StandardV2' } }) },
    { name: 'PremiumV2 injected (covered by the v2 rules)', view: buildView({ instance: { skuName: 'PremiumV2', networkMode: 'Internal' } }) },
    { name: 'classic Premium without a subnet (classic rules decide)', view: buildView({ locations: [noSubnet] }) },
  ],
  invalid: [
    {
      name: 'StandardV2 External without a subnet',
      view: buildView({ instance: { skuName: 'StandardV2' }, locations: [noSubnet] }),
      errors: [{ location: 'instance', severity: 'info', messageIncludes: ['StandardV2', 'External', 'no subnet', 'documents no such combination'] }],
    },
    {
      name: 'PremiumV2 Internal without a subnet',
      view: buildView({ instance: { skuName: 'PremiumV2', networkMode: 'Internal' }, locations: [noSubnet] }),
      errors: [{ messageIncludes: ['PremiumV2', 'Internal'] }],
    },
  ],
});

describe('REGIME_NOT_COVERED in the engine', () => {
  it('makes an undocumented v2 combination unknown', () => {
    const view = buildView({ instance: { skuName: 'PremiumV2' }, locations: [noSubnet] });
    expect(evaluateInstance(view, [regimeNotCovered]).status).toBe('unknown');
  });
});
