/**
 * The SARIF 2.1.0 output format, for code-scanning dashboards. The driver lists every rule of the
 * catalogue (with its Microsoft Learn page and default level); each finding is a result whose
 * logical location is the ARM id of the resource to change, and whose partial fingerprint is
 * stable per instance, rule, location and resource, so a dashboard tracks one problem across runs.
 */
import { createHash } from 'node:crypto';
import { normalizeResourceId } from '../arm/resource-id.js';
import type { Finding, InstanceReport, Report } from '../model/finding.js';
import { modeInWords, REGIME_WORDS } from '../model/mode.js';
import type { Severity } from '../model/severity.js';
import type { RuleMeta } from '../rules/rule.js';
import { safeJson } from '../output/safe-text.js';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const FINGERPRINT_KEY = 'apimVnetGuard/v1';

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

/** The one mapping from severity to SARIF level: breaking is an error, degraded a warning. */
export function sarifLevel(severity: Severity): SarifLevel {
  switch (severity) {
    case 'breaks-now':
    case 'breaks-on-apply':
      return 'error';
    case 'degraded':
      return 'warning';
    case 'recommendation':
    case 'info':
      return 'note';
  }
}

export interface SarifOptions {
  toolVersion: string;
  /** The rule catalogue's metas (RULES.map(r => r.meta)). */
  rules: readonly RuleMeta[];
  /**
   * The estate file a resource was read from, as a URI relative to the working directory, when
   * known. Code-scanning services need a physical location to show a result.
   */
  artifactOf?: (resourceId: string) => SarifArtifact | string | undefined;
  /** Input problems of the run (malformed files, incomplete reads), as tool execution notifications. */
  notifications?: readonly SarifNotificationInput[];
}

/** Where a resource is: a file (relative to the working directory) and the line and column it starts at. */
export interface SarifArtifact {
  uri: string;
  line?: number;
  column?: number;
}

export interface SarifNotificationInput {
  level: 'error' | 'warning';
  text: string;
  /** The file the problem is in, when known. */
  uri?: string;
}

export interface SarifInvocation {
  executionSuccessful: boolean;
  toolExecutionNotifications: Array<{
    level: 'error' | 'warning';
    message: { text: string };
    locations?: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>;
  }>;
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}

export interface SarifRun {
  tool: { driver: SarifDriver };
  invocations: SarifInvocation[];
  results: SarifResult[];
  properties: { summary: Report['summary'] };
}

export interface SarifDriver {
  name: string;
  version: string;
  semanticVersion: string;
  rules: SarifRule[];
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  /** Absent for engine-made findings without a page. */
  helpUri?: string;
  help: { text: string };
  defaultConfiguration: { level: SarifLevel };
  properties: { severity: Severity; tags: string[]; appliesTo?: RuleMeta['appliesTo'] };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  properties: {
    severity: Severity;
    instanceId: string;
    instanceName: string;
    /** The instance's virtual network mode in words (`outbound VNet integration`, `VNet injection`, `External VNet`). */
    instanceMode: string;
    location: string;
    remediation: string;
    evidence: Finding['evidence'];
  };
}

export interface SarifLocation {
  /**
   * Required by GitHub code scanning for every result: it rejects a whole upload that has a result
   * without one ("locationFromSarifResult: expected artifact location", github/codeql-action#1738,
   * forcedotcom/code-analyzer#1970) and its ingestion rule GH1001 says each result location must
   * provide physicalLocation.artifactLocation.uri (microsoft/sarif-sdk#2694).
   */
  physicalLocation?: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn?: number } };
  logicalLocations: Array<{ fullyQualifiedName: string; name: string; kind: 'resource' }>;
}

export function toSarif(report: Report, options: SarifOptions): SarifLog {
  const rules = options.rules.map(ruleDescriptor);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  // Findings whose rule is not in the catalogue (engine-made ones) still need a descriptor.
  for (const f of report.instances.flatMap((i) => i.findings)) {
    if (!index.has(f.ruleId)) {
      index.set(f.ruleId, rules.length);
      rules.push(findingDescriptor(f));
    }
  }
  const results = report.instances.flatMap((instance) =>
    instance.findings.map((f) => result(instance, f, index.get(f.ruleId) ?? 0, options)),
  );
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'apim-vnet-guard',
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            rules,
          },
        },
        invocations: [invocation(options.notifications ?? [])],
        results,
        properties: { summary: report.summary },
      },
    ],
  };
}

export function renderSarif(report: Report, options: SarifOptions): string {
  return `${safeJson(toSarif(report, options), 2)}\n`;
}

/** Stable across runs and renames of nothing but case: ids compare case-insensitively in Azure. */
export function findingFingerprint(instanceId: string, f: Pick<Finding, 'ruleId' | 'location' | 'resourceId'>): string {
  const key = [normalizeResourceId(instanceId), f.ruleId, f.location.toLowerCase(), normalizeResourceId(f.resourceId)].join('|');
  return createHash('sha256').update(key).digest('hex');
}

function result(instance: InstanceReport, f: Finding, ruleIndex: number, options: SarifOptions): SarifResult {
  // A resource that is not in any file (absent from the estate) is shown at its instance.
  const found = options.artifactOf?.(f.resourceId) ?? options.artifactOf?.(instance.id);
  const artifact = typeof found === 'string' ? { uri: found } : found;
  const location: SarifLocation = {
    logicalLocations: [{ fullyQualifiedName: f.resourceId, name: lastSegment(f.resourceId), kind: 'resource' }],
  };
  if (artifact !== undefined) {
    location.physicalLocation = {
      artifactLocation: { uri: artifact.uri },
      ...(artifact.line !== undefined ? { region: { startLine: artifact.line, ...(artifact.column !== undefined ? { startColumn: artifact.column } : {}) } } : {}),
    };
  }
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: sarifLevel(f.severity),
    message: { text: f.message || f.title },
    locations: [location],
    partialFingerprints: { [FINGERPRINT_KEY]: findingFingerprint(instance.id, f) },
    properties: {
      severity: f.severity,
      instanceId: instance.id,
      instanceName: instance.name,
      instanceMode: modeInWords(instance.sku, instance.networkMode),
      location: f.location,
      remediation: f.remediation,
      evidence: f.evidence,
    },
  };
}

function invocation(notifications: readonly SarifNotificationInput[]): SarifInvocation {
  return {
    executionSuccessful: !notifications.some((n) => n.level === 'error'),
    toolExecutionNotifications: notifications.map((n) => ({
      level: n.level,
      message: { text: n.text },
      ...(n.uri ? { locations: [{ physicalLocation: { artifactLocation: { uri: n.uri } } }] } : {}),
    })),
  };
}

function ruleDescriptor(meta: RuleMeta): SarifRule {
  const { appliesTo } = meta;
  const regimes = appliesTo.regimes.map((r) => REGIME_WORDS[r]).join('/');
  // A v2 regime names its tier and mode; platforms and modes are classic notions.
  const classicOnly = appliesTo.regimes.length === 1 && appliesTo.regimes[0] === 'classic';
  const scope = classicOnly
    ? `Applies to ${regimes} injection, platforms ${appliesTo.platforms.join('/')}, ${appliesTo.modes.join('/')} mode, checked per ${appliesTo.scope}.`
    : `Applies to ${regimes}, checked per ${appliesTo.scope}.`;
  return {
    id: meta.id,
    name: pascalCase(meta.id),
    shortDescription: { text: meta.title },
    fullDescription: { text: `${meta.title}. ${scope}` },
    helpUri: meta.docs,
    help: { text: `${meta.title}. See ${meta.docs}` },
    defaultConfiguration: { level: sarifLevel(meta.severity) },
    properties: { severity: meta.severity, tags: ['azure', 'api-management', 'network', meta.severity], appliesTo },
  };
}

function findingDescriptor(f: Finding): SarifRule {
  return {
    id: f.ruleId,
    name: pascalCase(f.ruleId),
    shortDescription: { text: f.title },
    fullDescription: { text: f.title },
    ...(f.docs ? { helpUri: f.docs } : {}),
    help: { text: f.docs ? `${f.title}. See ${f.docs}` : f.title },
    defaultConfiguration: { level: sarifLevel(f.severity) },
    properties: { severity: f.severity, tags: ['azure', 'api-management', 'network', f.severity] },
  };
}

function pascalCase(id: string): string {
  return id
    .toLowerCase()
    .split(/[_\W]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function lastSegment(id: string): string {
  const parts = id.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? id;
}
