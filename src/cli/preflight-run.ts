/**
 * What `apim-vnet-guard preflight` does once its options are parsed (preflight.ts): read the change and
 * the current estate, evaluate both, render the answer. Loaded only when preflight runs.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatInputError } from '../arm/arm-resource.js';
import { ChangeDocumentError } from '../preflight/change.js';
import { worseAtOrAbove } from '../preflight/diff.js';
import { parseChangeDocument } from '../preflight/parse/index.js';
import { preflight } from '../preflight/preflight.js';
import { renderPreflight } from '../preflight/render/index.js';
import { RULES } from '../rules/catalogue.js';
import { currentResourceIds } from '../preflight/current-ids.js';
import { artifactUri, openSource, type OpenedSource } from './estate-source.js';
import { EXIT } from './exit-codes.js';
import { writeOptionFile } from './write-output.js';
import { hasLiveScope, LiveReadError, openLiveSource } from './live.js';
import { MAX_CHANGE_BYTES, type PreflightIo, type PreflightOptions } from './preflight.js';
import { SourceError } from './source-error.js';
import { toolVersion } from './version.js';

export async function runPreflight(options: PreflightOptions, io: PreflightIo): Promise<number> {
  const err = (line: string) => io.stderr.write(`${line}\n`);
  const changePath = resolve(io.cwd, options.change);
  let text: string;
  try {
    text = await readChange(changePath);
  } catch (e) {
    err(`apim-vnet-guard: cannot read --change ${options.change}: ${(e as Error).message}`);
    return EXIT.usage;
  }

  let source: OpenedSource;
  try {
    if (hasLiveScope(options) && options.estate !== undefined) throw new SourceError('give either --estate or --subscription/--management-group, not both');
    source = hasLiveScope(options) ? await openLiveSource(options, io) : await openSource({ estate: options.estate === undefined ? undefined : resolve(io.cwd, options.estate), cwd: io.cwd });
  } catch (e) {
    if (e instanceof SourceError) {
      err(`apim-vnet-guard: ${e.message}`);
      return EXIT.usage;
    }
    throw e;
  }
  for (const inputError of source.inputErrors) err(`error: ${formatInputError(inputError)}`);

  let sweep;
  try {
    sweep = await source.reader.sweep();
  } catch (e) {
    if (e instanceof LiveReadError) {
      err(`apim-vnet-guard: ${e.message}`);
      return EXIT.unknown;
    }
    throw e;
  }
  const printed = new Set(source.inputErrors.map(formatInputError));
  const incomplete = sweep.incomplete.filter((note) => !printed.has(note));
  for (const note of incomplete) err(`warning: ${note}`);

  const file = artifactUri(changePath, io.cwd);
  let document;
  try {
    document = parseChangeDocument(text, { file, ...(options.changeFormat ? { format: options.changeFormat } : {}), currentIds: currentResourceIds(sweep.resources) });
  } catch (e) {
    if (e instanceof ChangeDocumentError) {
      err(`apim-vnet-guard: --change: ${e.message}`);
      return EXIT.usage;
    }
    throw e;
  }
  const result = preflight({ current: sweep.resources, document, rules: RULES, all: options.all === true });
  const rendered = renderPreflight(result, options.format, {
    toolVersion: toolVersion(),
    rules: RULES.map((r) => r.meta),
    changeArtifact: file,
    ...(source.artifactOf ? { artifactOf: source.artifactOf } : {}),
  });
  if (options.output !== undefined) {
    if (!(await writeOptionFile(io.cwd, '--output', options.output, rendered, err))) return EXIT.usage;
  } else {
    io.stdout.write(rendered);
  }
  if (source.inputErrors.length > 0) return EXIT.usage;
  if (options.failOn !== 'never' && worseAtOrAbove(result.instances, options.failOn)) return EXIT.failed;
  if (result.summary.byVerdict.unknown > 0 || incomplete.length > 0) return EXIT.unknown;
  return EXIT.ok;
}

async function readChange(path: string): Promise<string> {
  const buffer = await readFile(path);
  if (buffer.length > MAX_CHANGE_BYTES) throw new Error(`larger than ${MAX_CHANGE_BYTES / 1024 / 1024} MiB`);
  return buffer.toString('utf8');
}
