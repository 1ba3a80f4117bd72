/**
 * Bicep as syntax trees, with tree-sitter-bicep (WebAssembly, no native build): the Bicep CLI cannot
 * be installed here, so the infra checks read the trees instead of compiled ARM JSON. This module
 * parses a directory of .bicep files and offers the few tree walks the checks need: declarations,
 * object properties, literal strings and the resolution of a name to what it stands for (a variable,
 * a parameter, or the value a module's caller passes for that parameter).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Language, Parser, type Node } from 'web-tree-sitter';

export interface BicepFile {
  /** Path relative to the directory that was parsed, with forward slashes, e.g. `modules/watcher.bicep`. */
  path: string;
  absolutePath: string;
  root: Node;
}

export interface BicepProject {
  dir: string;
  files: BicepFile[];
  /** Syntax errors as `file:line:column: message`; empty when every file parses. */
  syntaxErrors: string[];
}

let parserReady: Promise<Parser> | undefined;

function parser(): Promise<Parser> {
  parserReady ??= (async () => {
    await Parser.init();
    const require = createRequire(import.meta.url);
    const wasm = readFileSync(join(dirname(require.resolve('tree-sitter-bicep/package.json')), 'tree-sitter-bicep.wasm'));
    const p = new Parser();
    p.setLanguage(await Language.load(wasm));
    return p;
  })();
  return parserReady;
}

function bicepFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...bicepFilesUnder(full));
    else if (name.endsWith('.bicep')) out.push(full);
  }
  return out;
}

/** Parses every .bicep file under `dir` (recursively). */
export async function parseBicepDir(dir: string): Promise<BicepProject> {
  const p = await parser();
  const files: BicepFile[] = [];
  const syntaxErrors: string[] = [];
  for (const absolutePath of bicepFilesUnder(dir)) {
    const path = relative(dir, absolutePath).split(sep).join('/');
    const tree = p.parse(readFileSync(absolutePath, 'utf8'));
    if (!tree) throw new Error(`tree-sitter returned no tree for ${path}`);
    const file: BicepFile = { path, absolutePath, root: tree.rootNode };
    files.push(file);
    if (tree.rootNode.hasError) syntaxErrors.push(...describeSyntaxErrors(file));
  }
  return { dir, files, syntaxErrors };
}

function describeSyntaxErrors(file: BicepFile): string[] {
  const out: string[] = [];
  const visit = (n: Node) => {
    if (n.isMissing) out.push(`${where(file, n)}: syntax error: missing ${n.type}`);
    else if (n.isError) out.push(`${where(file, n)}: syntax error: unexpected ${JSON.stringify(snippet(n.text))}`);
    else if (n.hasError) for (const c of n.children) if (c) visit(c);
  };
  visit(file.root);
  return out.length > 0 ? out : [`${file.path}: syntax error`];
}

const snippet = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** `file:line:column` of a node, 1-based, for messages. */
export function where(file: BicepFile, node: Node): string {
  return `${file.path}:${node.startPosition.row + 1}:${node.startPosition.column + 1}`;
}

/** Named children without comments (comments are named nodes in this grammar). */
export function parts(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment' && c.type !== 'diagnostic_comment');
}

/** Top-level declarations of one kind: `parameter_declaration`, `variable_declaration`, `resource_declaration`, … */
export function declarations(file: BicepFile, type: string): Node[] {
  return parts(file.root).filter((n) => n.type === type);
}

/** The declared name of a param, var, resource, module or output. */
export function declaredName(decl: Node): string {
  const id = parts(decl).find((c) => c.type === 'identifier');
  if (!id) throw new Error(`declaration without a name: ${snippet(decl.text)}`);
  return id.text;
}

/** The decorators written above a declaration (`@secure()`, `@description(...)`), by function name. */
export function decoratorNames(decl: Node): string[] {
  const prev = decl.previousNamedSibling;
  if (!prev || prev.type !== 'decorators') return [];
  return prev.descendantsOfType('call_expression').flatMap((c) => {
    const f = c?.childForFieldName('function');
    return f && c?.parent?.type === 'decorator' ? [f.text] : [];
  });
}

/** `resourceGroup` unless the file sets `targetScope`. */
export function targetScope(file: BicepFile): string {
  const t = declarations(file, 'target_scope_assignment')[0];
  const s = t ? parts(t).find((c) => c.type === 'string') : undefined;
  return (s && literalString(s)) ?? 'resourceGroup';
}

/** The resource type of a resource declaration, without the API version: `Microsoft.Web/sites`. */
export function resourceType(decl: Node): string {
  const s = parts(decl).find((c) => c.type === 'string');
  const t = s && literalString(s);
  if (!t) throw new Error(`resource without a literal type: ${snippet(decl.text)}`);
  return t.split('@')[0]!;
}

export function isExisting(decl: Node): boolean {
  return decl.children.some((c) => c?.type === 'existing');
}

/** The object body of a resource or module, looking through `if (...)` and `[for ...: ...]`. */
export function body(decl: Node): Node | undefined {
  let n: Node | undefined = parts(decl).find((c) => c.type === 'object' || c.type === 'if_statement' || c.type === 'for_statement');
  for (let i = 0; n && n.type !== 'object' && i < 4; i++) {
    n = n.type === 'for_statement' ? (n.childForFieldName('body') ?? undefined) : parts(n).find((c) => c.type === 'object' || c.type === 'if_statement');
  }
  return n?.type === 'object' ? n : undefined;
}

/** The key of an object property as written (identifier or quoted string). */
export function propertyKey(prop: Node): string {
  const k = parts(prop)[0]!;
  return k.type === 'string' ? (literalString(k) ?? k.text) : k.text;
}

/** The value of an object property (the last part of `key: value`). */
export function propertyValue(prop: Node): Node {
  const p = parts(prop);
  return p[p.length - 1]!;
}

export function properties(object: Node): Node[] {
  return parts(object).filter((c) => c.type === 'object_property');
}

/** The value of `key` in an object literal; `a.b.c` walks nested objects. */
export function prop(object: Node | undefined, path: string): Node | undefined {
  let cur = object;
  for (const key of path.split('.')) {
    if (!cur || cur.type !== 'object') return undefined;
    const p = properties(cur).find((x) => propertyKey(x) === key);
    cur = p ? propertyValue(p) : undefined;
  }
  return cur;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", $: '$' };

/** The value of a string literal without interpolation; undefined for `'a${b}'` or a non-string. */
export function literalString(node: Node): string | undefined {
  if (node.type !== 'string') return undefined;
  let out = '';
  for (const c of parts(node)) {
    if (c.type === 'string_content') out += c.text;
    else if (c.type === 'escape_sequence') out += ESCAPES[c.text.slice(1)] ?? c.text;
    else return undefined;
  }
  return out;
}

/** The literal text of a string with every interpolation written as `${…}`: for prefix tests. */
export function stringTemplate(node: Node): string | undefined {
  if (node.type !== 'string') return undefined;
  return parts(node)
    .map((c) => (c.type === 'string_content' ? c.text : c.type === 'escape_sequence' ? (ESCAPES[c.text.slice(1)] ?? c.text) : '${…}'))
    .join('');
}

/** Nodes of `type` inside `node`, itself included. */
export function descendants(node: Node, type: string | string[]): Node[] {
  return node.descendantsOfType(type).filter((n): n is Node => n !== null);
}

/** True when `node` lies inside a decorator (descriptions may mention words the checks look for). */
export function inDecorator(node: Node): boolean {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'decorator') return true;
  return false;
}

/** What a name stands for in a file. */
export type Binding =
  | { kind: 'var'; file: BicepFile; decl: Node; value: Node }
  | { kind: 'param'; file: BicepFile; decl: Node; name: string }
  | { kind: 'resource' | 'module' | 'other'; file: BicepFile; name: string };

export function bind(file: BicepFile, name: string): Binding {
  for (const decl of declarations(file, 'variable_declaration')) {
    if (declaredName(decl) === name) return { kind: 'var', file, decl, value: parts(decl)[parts(decl).length - 1]! };
  }
  for (const decl of declarations(file, 'parameter_declaration')) {
    if (declaredName(decl) === name) return { kind: 'param', file, decl, name };
  }
  for (const type of ['resource_declaration', 'module_declaration'] as const) {
    if (declarations(file, type).some((d) => declaredName(d) === name)) return { kind: type === 'resource_declaration' ? 'resource' : 'module', file, name };
  }
  return { kind: 'other', file, name };
}

/** The default value of a parameter declaration, if it has one. */
export function parameterDefault(decl: Node): Node | undefined {
  const p = parts(decl);
  const last = p[p.length - 1]!;
  return p.length >= 3 && last.type !== 'type' ? last : undefined;
}

/** An expression together with the file it is written in. */
export interface Located {
  file: BicepFile;
  node: Node;
}

/**
 * The values a module's callers pass for parameter `name` of `file` (found through every
 * `module x '<path>' = { params: { name: … } }` in the project that points at that file).
 */
export function callerArguments(project: BicepProject, file: BicepFile, name: string): Located[] {
  const out: Located[] = [];
  for (const caller of project.files) {
    for (const mod of declarations(caller, 'module_declaration')) {
      const pathNode = parts(mod).find((c) => c.type === 'string');
      const target = pathNode && literalString(pathNode);
      if (!target || resolve(dirname(caller.absolutePath), target) !== file.absolutePath) continue;
      const arg = prop(prop(body(mod), 'params'), name);
      if (arg) out.push({ file: caller, node: arg });
    }
  }
  return out;
}

/**
 * Follows identifiers to what they stand for: a variable to its value, a module parameter to the
 * expressions its callers pass. Stops at anything else (literals, calls, resource references).
 */
export function follow(project: BicepProject, at: Located, seen = new Set<Node>()): Located[] {
  if (seen.has(at.node)) return [];
  seen.add(at.node);
  if (at.node.type === 'parenthesized_expression') return follow(project, { file: at.file, node: parts(at.node)[0]! }, seen);
  if (at.node.type !== 'identifier') return [at];
  const b = bind(at.file, at.node.text);
  if (b.kind === 'var') return follow(project, { file: at.file, node: b.value }, seen);
  if (b.kind === 'param') {
    const callers = callerArguments(project, at.file, b.name);
    return callers.length > 0 ? callers.flatMap((c) => follow(project, c, seen)) : [at];
  }
  return [at];
}

/** The strings a list expression stands for: an array literal of literals, possibly behind a variable. */
export function stringList(project: BicepProject, at: Located): { values: string[]; unresolved: Located[] } {
  const values: string[] = [];
  const unresolved: Located[] = [];
  for (const v of follow(project, at)) {
    if (v.node.type !== 'array') {
      unresolved.push(v);
      continue;
    }
    for (const item of parts(v.node)) {
      const s = literalString(item);
      if (s === undefined) unresolved.push({ file: v.file, node: item });
      else values.push(s);
    }
  }
  return { values, unresolved };
}

/** The call's function name (`listKeys` for both `listKeys(x)` and `storage.listKeys()`). */
export function calledFunction(call: Node): string {
  const f = call.childForFieldName('function');
  if (!f) return '';
  if (f.type === 'member_expression') return f.childForFieldName('property')?.text ?? '';
  return f.text;
}

/** The arguments of a call expression. */
export function callArguments(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  return args ? parts(args) : [];
}
