import { describe, expect, it } from 'vitest';
import { evaluateInstance } from '../../../src/engine/evaluate.js';
import { regimeNotCovered } from '../../../src/rules/instance/regime-not-covered.js';
import { buildView } from '../../support/view-builder.js';
import { runRuleTests } from '../../support/rule-tester.js';

runRuleTests(regimeNotCovered, {
  valid: [
    { name: 'classic Premium', view: buildView() },
    { name: 'v2 without a virtual network', view: buildView({ instance: { skuName: 'StandardV2', networkMode: 'None' } }) },
  ],
  invalid: [
    {
      name: 'StandardV2 integrated',
      view: buildView({ instance: { skuName: 'StandardV2' } }),
      errors: [{ location: 'instance', severity: 'info', messageIncludes: ['StandardV2', 'not implemented'] }],
    },
    {
      name: 'PremiumV2 injected',
      view: buildView({ instance: { skuName: 'PremiumV2', networkMode: 'Internal' } }),
      errors: [{ messageIncludes: ['PremiumV2', 'Internal'] }],
    },
  ],
});

describe('REGIME_NOT_COVERED in the engine', () => {
  it('makes a v2 instance unknown', () => {
    expect(evaluateInstance(buildView({ instance: { skuName: 'PremiumV2' } }), [regimeNotCovered]).status).toBe('unknown');
  });
});
