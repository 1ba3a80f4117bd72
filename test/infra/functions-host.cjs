/*
 * Stands in for the Azure Functions Node.js worker, so that a function app can be loaded the way
 * Azure loads it, in a fresh process, and its registrations read back:
 *
 *   node test/infra/functions-host.cjs <app dir | entry file> <report.json> [file to load later...]
 *
 * The worker provides the module `@azure/functions-core` (it is no package; bundles keep it
 * external) by hooking Node's module loader; @azure/functions requires it lazily and, when present,
 * hands every `app.*` registration to `registerFunction(metadata, callback)`, with the binding
 * metadata the host would index. Without it the library falls back to "test mode" and registers
 * nothing, which proves nothing. So this file provides the module the same way, loads the app's
 * entry point (package.json `main`, as the worker does), refuses what the worker refuses
 * (registration after startup, duplicate names, a function without exactly one trigger) and writes
 * what was registered, the time the entry point took to load and the CommonJS files it loaded,
 * to <report.json>. Files named after the report (relative to the app dir) are then required one by
 * one and timed, as the app would at their first use (a lazy chunk: lib/arm-sdk.js); `modules` lists
 * only what the entry point loaded.
 */
'use strict';
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const [target, reportPath, ...later] = process.argv.slice(2);
if (!target || !reportPath) {
  process.stderr.write('usage: node functions-host.cjs <app dir | entry file> <report.json> [file to load later...]\n');
  process.exit(2);
}

const report = { entry: '', programmingModel: null, functions: [], hooks: [], errors: [], loadMs: 0, modules: [], later: [] };
let locked = false;

function refuse(message) {
  report.errors.push(message);
  throw new Error(message);
}

const core = {
  setProgrammingModel(model) {
    report.programmingModel = { name: model.name, version: model.version };
  },
  getProgrammingModel() {
    return report.programmingModel;
  },
  registerFunction(metadata, callback) {
    if (locked) refuse(`function "${metadata.name}" registered after app startup`);
    if (!report.programmingModel) refuse(`function "${metadata.name}" registered before a programming model was set`);
    if (typeof callback !== 'function') refuse(`function "${metadata.name}" has no callback`);
    const name = String(metadata.name);
    if (report.functions.some((f) => f.name.toLowerCase() === name.toLowerCase())) refuse(`a function named "${name}" is already registered`);
    const bindings = Object.entries(metadata.bindings || {}).map(([bindingName, b]) => ({ ...b, name: bindingName }));
    const triggers = bindings.filter((b) => /trigger$/i.test(b.type) && b.direction === 'in');
    if (triggers.length !== 1) refuse(`function "${name}" has ${triggers.length} triggers; the host needs exactly one`);
    report.functions.push({ name, trigger: triggers[0], bindings, retry: metadata.retryOptions || null });
    return { dispose() {} };
  },
  registerHook(hookName) {
    report.hooks.push(hookName);
    return { dispose() {} };
  },
  log() {},
};

const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === '@azure/functions-core') return core;
  return load.call(this, request, ...rest);
};

function entryOf(p) {
  if (!fs.statSync(p).isDirectory()) return p;
  const pkg = JSON.parse(fs.readFileSync(path.join(p, 'package.json'), 'utf8'));
  if (!pkg.main) throw new Error(`${p}/package.json has no "main": the worker would not find the entry point`);
  return path.join(p, pkg.main);
}

function write(code) {
  fs.writeFileSync(reportPath, JSON.stringify(report, null, 2));
  process.exit(code);
}

(async () => {
  const entry = path.resolve(entryOf(path.resolve(target)));
  report.entry = entry;
  const started = performance.now();
  // As the worker: require CommonJS, import ES modules.
  if (/\.(mjs|ts|mts)$/.test(entry)) await import(pathToFileURL(entry).href);
  else require(entry);
  report.loadMs = performance.now() - started;
  locked = true;
  // The CommonJS files the app loaded (a bundle must need nothing from outside its package).
  report.modules = Object.keys(require.cache).filter((f) => f !== __filename);
  for (const file of later) {
    const full = path.resolve(path.dirname(entry), file);
    const t = performance.now();
    const exported = require(full);
    report.later.push({ file, ms: performance.now() - t, exports: Object.keys(exported) });
  }
  write(0);
})().catch((e) => {
  report.errors.push(String((e && e.stack) || e));
  write(1);
});
