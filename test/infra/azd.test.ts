/**
 * azure.yaml and the rest of the deployment agree: the service azd deploys is the one the Bicep tags
 * for it, its `dist` is where the bundler writes, and its prepackage hook runs the bundler.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OUT_DIR } from '../../infra/bundle.js';
import { body, declarations, literalString, parseBicepDir, prop, propertyKey, propertyValue, resourceType, descendants } from './bicep-tree.js';

const ROOT = join(import.meta.dirname, '../..');
const yaml = readFileSync(join(ROOT, 'azure.yaml'), 'utf8');

/** `key: value` lines of azure.yaml (a flat reading is enough for this file). */
const value = (key: string) => new RegExp(`^\\s*${key}:\\s*(\\S.*?)\\s*$`, 'm').exec(yaml)?.[1];

describe('azure.yaml', () => {
  it('names the application and provisions infra/main.bicep with the bicep provider', () => {
    expect(value('name')).toBe('apim-vnet-guard');
    expect(value('provider')).toBe('bicep');
    expect(value('path')).toBe('infra');
    expect(value('module')).toBe('main');
  });

  it('deploys one function service, tagged for azd on the function app in Bicep', async () => {
    const service = /^services:\n {2}([a-z0-9-]+):/m.exec(yaml)?.[1];
    expect(service).toBeDefined();
    expect(value('host')).toBe('function');
    const project = await parseBicepDir(join(ROOT, 'infra'));
    const tagValues = project.files.flatMap((f) =>
      declarations(f, 'resource_declaration')
        .filter((d) => resourceType(d) === 'Microsoft.Web/sites')
        .flatMap((d) => descendants(prop(body(d), 'tags') ?? d, 'object_property'))
        .filter((p) => propertyKey(p) === 'azd-service-name')
        .map((p) => literalString(propertyValue(p))),
    );
    expect(tagValues).toEqual([service]);
  });

  it('packages the bundle as it is: dist is where the bundler writes, the prepackage hook runs it, no remote build', () => {
    expect(value('project')).toBe('.');
    expect(value('dist')).toBe(DEFAULT_OUT_DIR);
    expect(value('remoteBuild')).toBe('false');
    const hooks = yaml.slice(yaml.indexOf('prepackage:'));
    expect([...hooks.matchAll(/run:\s*(.+)/g)].map((m) => m[1]!.trim())).toEqual(['npm run bundle', 'npm run bundle']);
  });
});
