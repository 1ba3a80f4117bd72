/**
 * `apim-vnet-guard preflight --change FILE`: which instances a proposed change would break, before it
 * is deployed. The current state comes from --estate or live Azure (read as `check` reads it); the
 * change document is an ARM what-if result, a Terraform plan in JSON or proposed ARM resources.
 * The answer goes to stdout (or --output); warnings and errors to stderr.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { formatInputError } from '../arm/arm-resource.js';
import { ChangeDocumentError, CHANGE_FORMATS, type ChangeFormat } from '../preflight/change.js';
import { worseAtOrAbove } from '../preflight/diff.js';
import { parseChangeDocument } from '../preflight/parse/index.js';
import { preflight } from '../preflight/preflight.js';
import { PREFLIGHT_FORMATS, renderPreflight, type PreflightFormat } from '../preflight/render/index.js';
import { RULES } from '../rules/catalogue.js';
import { currentResourceIds } from '../preflight/current-ids.js';
import { artifactUri, openSource, SourceError, type OpenedSource } from './estate-source.js';
import { DEFAULT_FAIL_ON, EXIT, FAIL_ON, type FailOn } from './exit-codes.js';
import { addLiveOptions, hasLiveScope, LiveReadError, openLiveSource, type LiveIo, type LiveOptions } from './live.js';
import { toolVersion } from './version.js';

export interface PreflightIo extends LiveIo {
  stdout: { write(chunk: string): unknown };
  cwd: string;
}

interface PreflightOptions extends LiveOptions {
  change: string;
  changeFormat?: ChangeFormat;
  estate?: string;
  all?: boolean;
  format: PreflightFormat;
  output?: string;
  failOn: FailOn;
}

/** A change document larger than this is refused: plans of big estates are a few MB. */
export const MAX_CHANGE_BYTES = 64 * 1024 * 1024;

export const PREFLIGHT_EXIT_HELP = `
Exit status of preflight:
  0  no instance gets worse at or above --fail-on
  1  at least one instance gets worse at or above --fail-on
  2  usage error, or a change document or estate that cannot be read (named on stderr)
  3  the verdict of an affected instance is unknown (values known only after apply) and none gets worse`;

export function registerPreflight(program: Command, io: PreflightIo, setStatus: (status: number) => void): Command {
  const command = program
    .command('preflight')
    .description(
      'Tell which instances a proposed change would break, before it is deployed: an ARM what-if result, a Terraform plan (terraform show -json) or proposed ARM resources, against the current estate.',
    )
    .addOption(new Option('--change <file>', 'the change document: what-if JSON (az … what-if --no-pretty-print, or the REST body), a Terraform plan in JSON, or ARM resources').makeOptionMandatory())
    .addOption(new Option('--change-format <format>', 'read --change as this format instead of detecting it from the content').choices(CHANGE_FORMATS))
    .addOption(new Option('--estate <path>', 'the current state: ARM JSON of the estate, a file or a directory (as for check)'))
    .addOption(new Option('--all', 'report every instance, not only those whose dependencies the change touches'))
    .addOption(new Option('--format <format>', 'answer format: text, json, sarif (what the change introduces), markdown (a pull-request comment)').choices(PREFLIGHT_FORMATS).default('text'))
    .addOption(new Option('--output <file>', 'write the answer to this file instead of stdout'))
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when an instance gets worse with a finding this severe or worse; never: only input errors and unknown verdicts change the exit status')
        .choices(FAIL_ON)
        .default(DEFAULT_FAIL_ON),
    );
  addLiveOptions(command).addHelpText(
    'after',
    `${PREFLIGHT_EXIT_HELP}

Examples:
  az deployment group what-if -g rg-network -f main.bicep --no-pretty-print > whatif.json
  apim-vnet-guard preflight --change whatif.json --estate examples/estate
  terraform plan -out tf.plan && terraform show -json tf.plan > plan.json
  apim-vnet-guard preflight --change plan.json --subscription 00000000-0000-0000-0000-000000000000 --format markdown --output preflight.md
  apim-vnet-guard preflight --change nsg.json --estate estate/ --format sarif --output preflight.sarif`,
  );
  command.action(async (options: PreflightOptions) => setStatus(await runPreflight(options, io)));
  return command;
}

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
    try {
      await writeFile(resolve(io.cwd, options.output), rendered, 'utf8');
    } catch (e) {
      err(`apim-vnet-guard: cannot write --output ${options.output}: ${(e as Error).message}`);
      return EXIT.usage;
    }
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
