/**
 * The structural checks of infra/, each a function of a directory that returns its problems (empty
 * when the Bicep holds), so that the same checks run on infra/ and on mutated copies of it. They read
 * syntax trees (bicep-tree.ts), and the lists they compare against come from the code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Node } from 'web-tree-sitter';
import {
  bind,
  body,
  callArguments,
  callerArguments,
  calledFunction,
  declarations,
  declaredName,
  decoratorNames,
  descendants,
  follow,
  inDecorator,
  isExisting,
  literalString,
  parameterDefault,
  parseBicepDir,
  parts,
  prop,
  properties,
  propertyKey,
  propertyValue,
  resourceType,
  stringList,
  stringTemplate,
  targetScope,
  where,
  type BicepFile,
  type BicepProject,
  type Located,
} from './bicep-tree.js';
import {
  CUSTOM_ROLE,
  EVENT_GRID_MAX_FILTER_VALUES,
  FORBIDDEN_ROLES,
  NOT_DEPLOYED,
  PLATFORM_SETTINGS,
  RESOURCE_ROLES,
  ROLE_NAMES,
  WATCHED_SCOPE_ROLE,
  principalOf,
} from './infra-policy.js';

export interface SettingSpecLike {
  name: string;
  default: string | undefined;
  secret: boolean;
}

const at = (file: BicepFile, node: Node) => `${where(file, node)}: `;

function resourcesOfType(project: BicepProject, type: string): Located[] {
  return project.files.flatMap((file) =>
    declarations(file, 'resource_declaration')
      .filter((d) => resourceType(d).toLowerCase() === type.toLowerCase())
      .map((node) => ({ file, node })),
  );
}

// ---------------------------------------------------------------------------------------------
// Syntax

export async function checkSyntax(dir: string): Promise<string[]> {
  const project = await parseBicepDir(dir);
  if (project.files.length === 0) return [`${dir}: no .bicep files`];
  return project.syntaxErrors;
}

// ---------------------------------------------------------------------------------------------
// Event Grid: the filter lists exactly what the code handles

export interface EventFilterExpectation {
  /** `data.operationName` values of the Microsoft.Resources.Subscriptions topic (WATCHED_OPERATIONS). */
  operations: readonly string[];
  /** `data.resourceInfo.type` values of the Resource Notifications topic. */
  resourceTypes: readonly string[];
  /** `includedEventTypes` per source (SUBSCRIBED_EVENT_TYPES). */
  eventTypes: { 'resources-topic': readonly string[]; 'resource-notifications': readonly string[] };
}

/** Set equality, case-insensitive as Event Grid's StringIn compares; lists what is missing and extra. */
function compareSets(what: string, actual: readonly string[], expected: readonly string[]): string[] {
  const problems: string[] = [];
  const lower = (xs: readonly string[]) => new Set(xs.map((x) => x.toLowerCase()));
  const a = lower(actual);
  const e = lower(expected);
  const missing = expected.filter((x) => !a.has(x.toLowerCase()));
  const extra = actual.filter((x) => !e.has(x.toLowerCase()));
  if (missing.length) problems.push(`${what} lacks ${missing.join(', ')}`);
  if (extra.length) problems.push(`${what} has ${extra.join(', ')}, which the code does not handle`);
  if (a.size !== actual.length) problems.push(`${what} lists a value twice`);
  return problems;
}

export async function checkEventFilter(dir: string, expected: EventFilterExpectation): Promise<string[]> {
  const project = await parseBicepDir(dir);
  const problems: string[] = [];
  const subscriptions = [
    ...resourcesOfType(project, 'Microsoft.EventGrid/systemTopics/eventSubscriptions'),
    ...resourcesOfType(project, 'Microsoft.EventGrid/eventSubscriptions'),
  ];
  if (subscriptions.length === 0) return ['no Event Grid event subscription (Microsoft.EventGrid/systemTopics/eventSubscriptions) in infra'];

  const seen = { operations: 0, types: 0 };
  for (const sub of subscriptions) {
    const filter = prop(body(sub.node), 'properties.filter');
    if (!filter) {
      problems.push(`${at(sub.file, sub.node)}event subscription ${declaredName(sub.node)} has no filter: it would deliver every resource change`);
      continue;
    }
    // The filter may be a ternary between the two sources: look at every object inside it.
    for (const candidate of [filter, ...descendants(filter, 'object')]) {
      if (candidate.type !== 'object') continue;
      const advanced = prop(candidate, 'advancedFilters');
      if (!advanced) continue;
      let valueCount = 0;
      let source: 'resources-topic' | 'resource-notifications' | undefined;
      for (const f of follow(project, { file: sub.file, node: advanced }).flatMap((l) => (l.node.type === 'array' ? parts(l.node).map((n) => ({ file: l.file, node: n })) : []))) {
        if (f.node.type !== 'object') continue;
        const key = literalString(prop(f.node, 'key') ?? f.node) ?? '';
        const op = literalString(prop(f.node, 'operatorType') ?? f.node) ?? '';
        const valuesNode = prop(f.node, 'values');
        const list = valuesNode ? stringList(project, { file: f.file, node: valuesNode }) : { values: [], unresolved: [] };
        valueCount += list.values.length;
        for (const u of list.unresolved) problems.push(`${at(u.file, u.node)}filter value is not a literal string, so it cannot be checked`);
        if (key === 'data.operationName') {
          seen.operations++;
          source = 'resources-topic';
          if (op !== 'StringIn') problems.push(`${at(f.file, f.node)}the data.operationName filter uses ${op || 'no operator'}, expected StringIn`);
          problems.push(...compareSets(`${at(f.file, f.node)}the data.operationName StringIn filter`, list.values, expected.operations));
        } else if (key === 'data.resourceInfo.type') {
          seen.types++;
          source = 'resource-notifications';
          if (op !== 'StringIn') problems.push(`${at(f.file, f.node)}the data.resourceInfo.type filter uses ${op || 'no operator'}, expected StringIn`);
          problems.push(...compareSets(`${at(f.file, f.node)}the data.resourceInfo.type StringIn filter`, list.values, expected.resourceTypes));
        }
      }
      if (valueCount > EVENT_GRID_MAX_FILTER_VALUES) {
        problems.push(`${at(sub.file, candidate)}${valueCount} advanced filter values; Event Grid allows ${EVENT_GRID_MAX_FILTER_VALUES} per event subscription`);
      }
      const included = prop(candidate, 'includedEventTypes');
      if (source && included) {
        const list = stringList(project, { file: sub.file, node: included });
        problems.push(...compareSets(`${at(sub.file, included)}includedEventTypes of the ${source} filter`, list.values, expected.eventTypes[source]));
      } else if (source) {
        problems.push(`${at(sub.file, candidate)}the ${source} filter has no includedEventTypes`);
      }
    }
  }
  if (seen.operations === 0) problems.push('no event subscription filters data.operationName with StringIn');
  if (seen.types === 0) problems.push('no event subscription filters data.resourceInfo.type (Resource Notifications) with StringIn');
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Roles: Reader on watched scopes, an allow-list on the watcher's own resources

/** The role definition id a roleDefinitionId expression names (the GUID), or undefined. */
function roleIdOf(project: BicepProject, at: Located): string | undefined {
  const guid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
  for (const v of follow(project, at)) {
    const s = literalString(v.node);
    if (s !== undefined) return guid.exec(s)?.[0]?.toLowerCase();
    if (v.node.type === 'call_expression') {
      const last = callArguments(v.node).at(-1);
      if (last) return roleIdOf(project, { file: v.file, node: last });
    }
    if (v.node.type === 'member_expression') {
      // roles.readerRoleId → the property of the object variable `roles`
      const object = v.node.childForFieldName('object');
      const property = v.node.childForFieldName('property')?.text;
      if (object && property) {
        for (const o of follow(project, { file: v.file, node: object })) {
          const value = prop(o.node, property);
          if (value) return roleIdOf(project, { file: o.file, node: value });
        }
      }
    }
    // `.id` of an `existing` roleDefinitions resource
    if (v.node.type === 'member_expression' || v.node.type === 'identifier') {
      const name = v.node.type === 'identifier' ? v.node.text : v.node.childForFieldName('object')?.text;
      const decl = declarations(v.file, 'resource_declaration').find((d) => declaredName(d) === name);
      const nameValue = decl && prop(body(decl), 'name');
      if (nameValue) return roleIdOf(project, { file: v.file, node: nameValue });
    }
  }
  return undefined;
}

/** The `if (…)` condition of a conditional resource, as written; undefined when it is unconditional. */
function conditionOf(decl: Node): string | undefined {
  const condition = parts(decl).find((c) => c.type === 'if_statement');
  return condition?.text.split('{')[0];
}

/** The custom role definition a roleDefinitionId expression names (`someRole.id`, someRole declared in the same file). */
function customRoleOf(at: Located): Node | undefined {
  if (at.node.type !== 'member_expression' || at.node.childForFieldName('property')?.text !== 'id') return undefined;
  const name = at.node.childForFieldName('object')?.text;
  return declarations(at.file, 'resource_declaration').find(
    (d) => declaredName(d) === name && !isExisting(d) && resourceType(d).toLowerCase() === 'microsoft.authorization/roledefinitions',
  );
}

/**
 * A custom role definition holds exactly CUSTOM_ROLE.actions (no wildcard, no data action), is
 * assignable on the scope it is written at alone, and is deployed only under CUSTOM_ROLE.condition.
 */
function customRoleProblems(project: BicepProject, role: Located): string[] {
  const problems: string[] = [];
  const here = at(role.file, role.node);
  const name = declaredName(role.node);
  const b = body(role.node);
  if (!conditionOf(role.node)?.includes(CUSTOM_ROLE.condition)) {
    problems.push(`${here}custom role ${name} must be deployed only when ${CUSTOM_ROLE.condition} is true (if (${CUSTOM_ROLE.condition}))`);
  }
  if (literalString(prop(b, 'properties.type') ?? b!) !== 'CustomRole') problems.push(`${here}custom role ${name}: properties.type must be 'CustomRole'`);
  const permissions = prop(b, 'properties.permissions');
  const entries = permissions?.type === 'array' ? parts(permissions) : [];
  if (entries.length !== 1) problems.push(`${here}custom role ${name} must have exactly one permissions entry, has ${entries.length}`);
  for (const entry of entries) {
    const actions = prop(entry, 'actions');
    const listed = actions ? stringList(project, { file: role.file, node: actions }) : { values: [], unresolved: [] };
    for (const u of listed.unresolved) problems.push(`${at(u.file, u.node)}custom role ${name}: cannot tell the action ${u.node.text}`);
    for (const a of listed.values) {
      if (!CUSTOM_ROLE.actions.includes(a)) problems.push(`${here}custom role ${name} holds ${a}; it may hold only ${CUSTOM_ROLE.actions.join(', ')}`);
    }
    for (const a of CUSTOM_ROLE.actions) if (!listed.values.includes(a)) problems.push(`${here}custom role ${name} lacks ${a}, which the watcher needs`);
    for (const key of ['notActions', 'dataActions', 'notDataActions']) {
      const v = prop(entry, key);
      if (v && (v.type !== 'array' || parts(v).length > 0)) problems.push(`${here}custom role ${name}: ${key} must be empty, is ${v.text}`);
    }
  }
  const scopes = prop(b, 'properties.assignableScopes');
  const want = CUSTOM_ROLE.assignableScope[targetScope(role.file)];
  // Compared as text: the tree-sitter grammar splits `subscription().id` in a multi-line array into two items.
  const written = scopes?.text.replace(/\s+/g, ' ').replace(/^\[ ?| ?\]$/g, '') ?? '';
  if (!want || written !== want) {
    problems.push(`${here}custom role ${name} must be assignable only on the scope it is deployed at (${want ?? 'a subscription or management group'}), is assignable on ${written || 'nothing'}`);
  }
  return problems;
}

/**
 * Every module parameter named CUSTOM_ROLE.condition is fed from the parameter that sets
 * READ_ADMIN_RULES, so the role exists exactly when the watcher reads admin rules.
 */
function customRoleConditionFeed(project: BicepProject): string[] {
  const problems: string[] = [];
  const setting = deployedSettings(project).settings.find((x) => x.name === 'READ_ADMIN_RULES');
  const feed = setting?.input.node.type === 'identifier' ? setting.input.node.text : undefined;
  if (!feed) return ['READ_ADMIN_RULES is not deployed from a parameter'];
  for (const file of project.files) {
    // main.bicep declares the READ_ADMIN_RULES parameter itself; management-group.bicep is deployed on its own.
    if (file === setting!.input.file || !declarations(file, 'parameter_declaration').some((d) => declaredName(d) === CUSTOM_ROLE.condition)) continue;
    const callers = callerArguments(project, file, CUSTOM_ROLE.condition);
    if (callers.length === 0 && file.path !== 'management-group.bicep') problems.push(`${file.path}: nobody passes ${CUSTOM_ROLE.condition}`);
    for (const c of callers) {
      if (!new RegExp(`\\b${feed}\\b`).test(c.node.text)) {
        problems.push(`${at(c.file, c.node)}${CUSTOM_ROLE.condition} must come from ${feed} (the READ_ADMIN_RULES parameter), is ${c.node.text}`);
      }
    }
  }
  return problems;
}

export async function checkRoles(dir: string): Promise<string[]> {
  const project = await parseBicepDir(dir);
  const problems: string[] = [];
  let readerOnWatchedSubscription = 0;
  let customOnWatchedSubscription = 0;
  const assignedCustomRoles = new Set<Node>();
  for (const ra of resourcesOfType(project, 'Microsoft.Authorization/roleAssignments')) {
    if (isExisting(ra.node)) continue;
    const b = body(ra.node);
    const here = at(ra.file, ra.node);
    const name = declaredName(ra.node);
    const roleExpr = prop(b, 'properties.roleDefinitionId');
    const principalExpr = prop(b, 'properties.principalId');
    const customRole = roleExpr && customRoleOf({ file: ra.file, node: roleExpr });
    if (customRole) {
      assignedCustomRoles.add(customRole);
      const principal = principalOf(principalExpr?.text ?? '');
      const scope = prop(b, 'scope') !== undefined ? 'resource' : targetScope(ra.file);
      if (principal !== 'watcher' || (scope !== 'subscription' && scope !== 'managementGroup')) {
        problems.push(`${here}role assignment ${name} grants the custom role ${declaredName(customRole)} to the ${principal} identity at ${scope} scope; it is for the watcher on watched scopes only`);
      }
      if (!conditionOf(ra.node)?.includes(CUSTOM_ROLE.condition)) {
        problems.push(`${here}role assignment ${name} must be made only when ${CUSTOM_ROLE.condition} is true (if (${CUSTOM_ROLE.condition}))`);
      }
      if (scope === 'subscription') customOnWatchedSubscription++;
      continue;
    }
    const roleId = roleExpr && roleIdOf(project, { file: ra.file, node: roleExpr });
    if (!roleId) {
      problems.push(`${here}role assignment ${name}: cannot tell its role from ${roleExpr?.text ?? 'no roleDefinitionId'}`);
      continue;
    }
    const role = ROLE_NAMES[roleId] ?? roleId;
    const principal = principalOf(principalExpr?.text ?? '');
    if (FORBIDDEN_ROLES.includes(roleId)) {
      problems.push(`${here}role assignment ${name} grants ${role}, which must appear nowhere`);
      continue;
    }
    const scoped = prop(b, 'scope') !== undefined;
    const scope = scoped ? 'resource' : targetScope(ra.file);
    if (scope === 'subscription' || scope === 'managementGroup' || scope === 'tenant') {
      if (roleId !== WATCHED_SCOPE_ROLE || principal !== 'watcher') {
        problems.push(`${here}role assignment ${name} grants ${role} to the ${principal} identity at ${scope} scope; only Reader for the watcher is allowed on watched scopes`);
      } else if (scope === 'subscription') readerOnWatchedSubscription++;
    } else if (scope === 'resource') {
      if (!RESOURCE_ROLES[principal].includes(roleId)) {
        problems.push(`${here}role assignment ${name} grants ${role} to the ${principal} identity, which is not on its allow-list`);
      }
    } else {
      problems.push(`${here}role assignment ${name} grants ${role} on a whole resource group; scope it to one resource`);
    }
  }
  if (readerOnWatchedSubscription === 0) problems.push('no Reader role assignment for the watcher on a watched subscription');
  if (customOnWatchedSubscription === 0) problems.push('no admin-rules custom role assignment for the watcher on a watched subscription');
  problems.push(...customRoleConditionFeed(project));
  for (const role of resourcesOfType(project, 'Microsoft.Authorization/roleDefinitions')) {
    if (isExisting(role.node)) continue;
    problems.push(...customRoleProblems(project, role));
    if (!assignedCustomRoles.has(role.node)) problems.push(`${at(role.file, role.node)}custom role ${declaredName(role.node)} is assigned to nobody`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// App settings: what Bicep sets, where each value comes from

export interface DeployedSetting {
  name: string;
  /** `keyvault`: a Key Vault reference; `value`: anything else. */
  kind: 'keyvault' | 'value';
  /** The value expression and where it is written. */
  value: Located;
  /** What feeds the value: for settings built with map(), the value in the object it enumerates. */
  input: Located;
  /** Where the setting's name is written. */
  origin: Located;
}

const KEY_VAULT_REFERENCE = '@Microsoft.KeyVault(';

function isKeyVaultReference(node: Node): boolean {
  return stringTemplate(node)?.startsWith(KEY_VAULT_REFERENCE) ?? false;
}

/** The object literal(s) with setting names as keys that `items(x)` / `filter(items(x), …)` enumerate. */
function enumeratedObjects(project: BicepProject, source: Located): Located[] {
  return follow(project, source).flatMap((s) => {
    if (s.node.type !== 'call_expression') return [];
    const fn = calledFunction(s.node);
    const first = callArguments(s.node)[0];
    if (!first) return [];
    if (fn === 'items') return follow(project, { file: s.file, node: first }).filter((o) => o.node.type === 'object');
    if (fn === 'filter' || fn === 'sort') return enumeratedObjects(project, { file: s.file, node: first });
    return [];
  });
}

/** Expands an appSettings expression into the settings it sets. */
function expandSettings(project: BicepProject, expr: Located, out: DeployedSetting[], problems: string[]): void {
  for (const v of follow(project, expr)) {
    const n = v.node;
    if (n.type === 'array') {
      for (const item of parts(n)) {
        const nameNode = prop(item, 'name');
        const valueNode = prop(item, 'value');
        const name = nameNode && literalString(nameNode);
        if (item.type !== 'object' || !name || !valueNode) {
          problems.push(`${at(v.file, item)}app setting entry without a literal name and a value: ${item.text.slice(0, 60)}`);
          continue;
        }
        const value = { file: v.file, node: valueNode };
        out.push({ name, kind: isKeyVaultReference(valueNode) ? 'keyvault' : 'value', value, input: value, origin: { file: v.file, node: item } });
      }
    } else if (n.type === 'call_expression' && ['concat', 'union', 'flatten'].includes(calledFunction(n))) {
      for (const a of callArguments(n)) expandSettings(project, { file: v.file, node: a }, out, problems);
    } else if (n.type === 'ternary_expression') {
      for (const field of ['consequence', 'alternative']) {
        const branch = n.childForFieldName(field);
        if (branch) expandSettings(project, { file: v.file, node: branch }, out, problems);
      }
    } else if (n.type === 'call_expression' && calledFunction(n) === 'map') {
      // map(items(obj), s => { name: s.key, value: … }): one setting per key of obj.
      const [source, lambda] = callArguments(n);
      const lambdaBody = lambda?.type === 'lambda_expression' ? parts(lambda).at(-1) : undefined;
      const variable = lambda ? parts(lambda)[0]?.text : undefined;
      const nameExpr = prop(lambdaBody, 'name');
      const valueExpr = prop(lambdaBody, 'value');
      if (!source || !valueExpr || nameExpr?.text !== `${variable}.key`) {
        problems.push(`${at(v.file, n)}app settings built with map() must name each setting after the key: ${n.text.slice(0, 60)}`);
        continue;
      }
      const objects = enumeratedObjects(project, { file: v.file, node: source });
      if (objects.length === 0) problems.push(`${at(v.file, n)}cannot tell which settings map() enumerates`);
      for (const o of objects) {
        for (const p of properties(o.node)) {
          const passThrough = valueExpr.text === `${variable}.value`;
          const kind = isKeyVaultReference(valueExpr) ? 'keyvault' : 'value';
          if (!passThrough && kind !== 'keyvault') problems.push(`${at(v.file, valueExpr)}map() must pass values through or make Key Vault references`);
          out.push({
            name: propertyKey(p),
            kind,
            value: passThrough ? { file: o.file, node: propertyValue(p) } : { file: v.file, node: valueExpr },
            input: { file: o.file, node: propertyValue(p) },
            origin: { file: o.file, node: p },
          });
        }
      }
    } else {
      problems.push(`${at(v.file, n)}cannot expand app settings from ${n.text.slice(0, 60)}`);
    }
  }
}

/** Every app setting the function app resources set, with where its value comes from. */
export function deployedSettings(project: BicepProject): { settings: DeployedSetting[]; problems: string[] } {
  const settings: DeployedSetting[] = [];
  const problems: string[] = [];
  const sites = resourcesOfType(project, 'Microsoft.Web/sites');
  for (const site of sites) {
    const appSettings = prop(body(site.node), 'properties.siteConfig.appSettings');
    if (appSettings) expandSettings(project, { file: site.file, node: appSettings }, settings, problems);
  }
  for (const config of resourcesOfType(project, 'Microsoft.Web/sites/config')) {
    // Other config resources (authsettingsV2, web, logs) hold no app settings.
    const name = prop(body(config.node), 'name');
    if (name && literalString(name) !== undefined && literalString(name)!.toLowerCase() !== 'appsettings') continue;
    problems.push(`${at(config.file, config.node)}app settings must live in siteConfig.appSettings of the site, where the checks read them`);
  }
  if (sites.length === 0) problems.push('no function app (Microsoft.Web/sites) in infra');
  return { settings, problems };
}

/** Parameters an expression reads, directly or through variables, in the file it is written in. */
function parametersRead(project: BicepProject, at: Located, seen = new Set<Node>()): { file: BicepFile; decl: Node }[] {
  if (seen.has(at.node)) return [];
  seen.add(at.node);
  const ids = at.node.type === 'identifier' ? [at.node] : descendants(at.node, 'identifier');
  return ids.flatMap((id) => {
    const b = bind(at.file, id.text);
    if (b.kind === 'param') return [{ file: at.file, decl: b.decl }];
    if (b.kind === 'var') return parametersRead(project, { file: at.file, node: b.value }, seen);
    return [];
  });
}

// ---------------------------------------------------------------------------------------------
// No keys, secrets only through Key Vault

export async function checkNoKeys(dir: string, table: readonly SettingSpecLike[]): Promise<string[]> {
  const project = await parseBicepDir(dir);
  const problems: string[] = [];
  for (const file of project.files) {
    for (const call of descendants(file.root, 'call_expression')) {
      const fn = calledFunction(call);
      // listKeys, listAccountSas, listServiceSas, listConnectionStrings, listSecrets, …
      if (/^list[A-Z]/.test(fn) || fn === 'list') problems.push(`${at(file, call)}${fn}() reads a key or secret into the template`);
    }
    for (const s of descendants(file.root, 'string')) {
      if (inDecorator(s)) continue;
      const text = stringTemplate(s) ?? '';
      if (/AccountKey=|SharedAccessKey=|SharedAccessSignature=|;accesskey=/i.test(text)) problems.push(`${at(file, s)}a string carries a key: ${text.slice(0, 60)}`);
    }
    for (const p of descendants(file.root, 'object_property')) {
      if (!/connectionstring/i.test(propertyKey(p))) continue;
      const v = propertyValue(p);
      if (!isKeyVaultReference(v) && descendants(v, 'call_expression').some((c) => /^list/.test(calledFunction(c)))) {
        problems.push(`${at(file, p)}${propertyKey(p)} is built from keys`);
      }
    }
  }
  const storage = resourcesOfType(project, 'Microsoft.Storage/storageAccounts').filter((s) => !isExisting(s.node));
  if (storage.length === 0) problems.push('no storage account in infra');
  for (const s of storage) {
    const v = prop(body(s.node), 'properties.allowSharedKeyAccess');
    if (v?.type !== 'boolean' || v.text !== 'false') {
      problems.push(`${at(s.file, s.node)}storage account ${declaredName(s.node)} must set allowSharedKeyAccess: false (found ${v?.text ?? 'nothing'})`);
    }
  }
  const { settings, problems: expandProblems } = deployedSettings(project);
  problems.push(...expandProblems);
  const secret = new Set(table.filter((t) => t.secret).map((t) => t.name));
  for (const s of settings) {
    if (secret.has(s.name) && s.kind !== 'keyvault') {
      problems.push(`${at(s.origin.file, s.origin.node)}${s.name} is a secret (settings table) but its app setting is not a Key Vault reference`);
    }
    if (s.kind === 'value') {
      for (const p of parametersRead(project, s.value)) {
        if (decoratorNames(p.decl).includes('secure')) {
          problems.push(`${at(s.origin.file, s.origin.node)}${s.name} puts the secure parameter ${declaredName(p.decl)} into a plain app setting`);
        }
      }
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Settings: Bicep and the settings table agree both ways

/** `${NAME=default}` / `${NAME}` of azd's main.parameters.json. */
const AZD_PLACEHOLDER = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?:=([^}]*))?\}$/;

export async function checkSettings(dir: string, table: readonly SettingSpecLike[]): Promise<string[]> {
  const project = await parseBicepDir(dir);
  const problems: string[] = [];
  const { settings, problems: expandProblems } = deployedSettings(project);
  problems.push(...expandProblems);
  const byName = new Map(table.map((t) => [t.name, t]));

  const counts = new Map<string, number>();
  for (const s of settings) counts.set(s.name, (counts.get(s.name) ?? 0) + 1);
  for (const [name, n] of counts) if (n > 1) problems.push(`app setting ${name} is set ${n} times`);

  for (const s of settings) {
    if (!byName.has(s.name) && !(s.name in PLATFORM_SETTINGS)) {
      problems.push(`${at(s.origin.file, s.origin.node)}Bicep sets ${s.name}, which the code does not read (not in src/config/settings.ts) and is no known platform setting`);
    }
  }
  for (const t of table) {
    if (counts.has(t.name)) {
      if (t.name in NOT_DEPLOYED) problems.push(`${t.name} is listed as deliberately not deployed, yet Bicep sets it`);
    } else if (!(t.name in NOT_DEPLOYED)) {
      problems.push(`the code reads ${t.name}, but Bicep sets no app setting for it (add it to main.bicep, or to NOT_DEPLOYED with a reason)`);
    }
  }
  for (const name of Object.keys(NOT_DEPLOYED)) if (!byName.has(name)) problems.push(`NOT_DEPLOYED lists ${name}, which the settings table no longer has`);

  // A setting fed by one parameter: the parameter's default is the table's default.
  const feeds = new Map<string, string>(); // parameter name → setting name
  for (const s of settings) {
    // Through module parameters to the deployment's own parameter, if one feeds the setting alone.
    const fed = follow(project, s.input);
    if (fed.length !== 1 || fed[0]!.node.type !== 'identifier') continue;
    const b = bind(fed[0]!.file, fed[0]!.node.text);
    if (b.kind !== 'param') continue;
    feeds.set(b.name, s.name);
    const spec = byName.get(s.name);
    if (!spec) continue;
    const d = parameterDefault(b.decl);
    const given = d ? literalString(d) : undefined;
    const expected = spec.default ?? '';
    if (d === undefined) problems.push(`${at(b.file, b.decl)}parameter ${b.name} (${s.name}) has no default; the table's is ${JSON.stringify(expected)}`);
    else if (given !== expected) problems.push(`${at(b.file, b.decl)}parameter ${b.name} (${s.name}) defaults to ${d.text}, the settings table to ${JSON.stringify(expected)}`);
  }

  // azd's main.parameters.json: every parameter exists, and a setting's placeholder is named and defaulted like the setting.
  const main = project.files.find((f) => f.path === 'main.bicep');
  let json: { parameters?: Record<string, { value?: unknown }> } | undefined;
  try {
    json = JSON.parse(readFileSync(join(dir, 'main.parameters.json'), 'utf8')) as typeof json;
  } catch (e) {
    problems.push(`main.parameters.json: ${(e as Error).message}`);
  }
  if (main && json?.parameters) {
    const declared = new Set(declarations(main, 'parameter_declaration').map(declaredName));
    for (const [param, entry] of Object.entries(json.parameters)) {
      if (!declared.has(param)) {
        problems.push(`main.parameters.json sets ${param}, which main.bicep does not declare`);
        continue;
      }
      const setting = feeds.get(param);
      const m = typeof entry.value === 'string' ? AZD_PLACEHOLDER.exec(entry.value) : null;
      if (!setting || !m) continue;
      const spec = byName.get(setting);
      if (m[1] !== setting) problems.push(`main.parameters.json: ${param} feeds ${setting} but reads the azd variable ${m[1]}`);
      if (spec && (m[2] ?? '') !== (spec.default ?? '')) {
        problems.push(`main.parameters.json: ${param} defaults to ${JSON.stringify(m[2] ?? '')}, the settings table to ${JSON.stringify(spec.default ?? '')}`);
      }
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Status page sign-in (App Service Authentication with Entra ID)

/**
 * The optional sign-in: one authsettingsV2 on the function app, deployed only when the client id
 * parameter is set, with the Entra ID provider on that client id, and anonymous requests let through
 * (requiring authentication app-wide would lock Event Grid and the keyed routes out; the status
 * routes send visitors to sign in themselves). The client id reaches STATUS_SIGN_IN_CLIENT_ID too.
 */
export async function checkStatusSignIn(dir: string): Promise<string[]> {
  const project = await parseBicepDir(dir);
  const problems: string[] = [];
  const auth = resourcesOfType(project, 'Microsoft.Web/sites/config').filter((c) => {
    const name = prop(body(c.node), 'name');
    return name !== undefined && literalString(name) === 'authsettingsV2';
  });
  if (auth.length !== 1) return [`expected one authsettingsV2 resource, found ${auth.length}`];
  const { file, node } = auth[0]!;
  const b = body(node);
  const condition = parts(node).find((c) => c.type === 'if_statement');
  if (!condition || !/!\s*empty\(\s*signInClientId\s*\)/.test(condition.text.split('{')[0]!)) {
    problems.push(`${at(file, node)}authsettingsV2 must be deployed only when signInClientId is set (if (!empty(signInClientId)))`);
  }
  const expect = (path: string, want: string) => {
    const v = prop(b, path);
    if (v?.text !== want) problems.push(`${at(file, node)}${path} is ${v?.text ?? 'missing'}, expected ${want}`);
  };
  expect('properties.platform.enabled', 'true');
  expect('properties.globalValidation.requireAuthentication', 'false');
  expect('properties.globalValidation.unauthenticatedClientAction', "'AllowAnonymous'");
  expect('properties.identityProviders.azureActiveDirectory.enabled', 'true');
  expect('properties.identityProviders.azureActiveDirectory.registration.clientId', 'signInClientId');
  const issuer = prop(b, 'properties.identityProviders.azureActiveDirectory.registration.openIdIssuer');
  if (!issuer || !stringTemplate(issuer)?.endsWith('/v2.0')) problems.push(`${at(file, node)}the issuer must be the tenant's v2.0 endpoint`);
  // The same parameter feeds the module and the app setting the code reads.
  const settings = deployedSettings(project).settings.filter((s) => s.name === 'STATUS_SIGN_IN_CLIENT_ID');
  if (settings.length !== 1) problems.push('STATUS_SIGN_IN_CLIENT_ID is not deployed exactly once');
  const main = project.files.find((f) => f.path === 'main.bicep');
  const passed = main && declarations(main, 'module_declaration').some((m) => prop(body(m), 'params.signInClientId')?.text === 'statusSignInClientId');
  if (!passed) problems.push('main.bicep must pass statusSignInClientId to the watcher module as signInClientId');
  return problems;
}
