/**
 * `apim-vnet-guard preflight --change FILE`: which instances a proposed change would break, before it
 * is deployed. The current state comes from --estate or live Azure (read as `check` reads it); the
 * change document is an ARM what-if result, a Terraform plan in JSON or proposed ARM resources.
 * The answer goes to stdout (or --output); warnings and errors to stderr.
 */
import { Option, type Command } from 'commander';
import { CHANGE_FORMATS, type ChangeFormat } from '../preflight/change.js';
import { PREFLIGHT_FORMATS, type PreflightFormat } from '../preflight/render/formats.js';
import { DEFAULT_FAIL_ON, FAIL_ON, type FailOn } from './exit-codes.js';
import { addLiveOptions, type LiveIo, type LiveOptions } from './live.js';

export interface PreflightIo extends LiveIo {
  stdout: { write(chunk: string): unknown };
  cwd: string;
}

export interface PreflightOptions extends LiveOptions {
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
  // The parsers, the evaluator and the renderers load only when preflight runs (start-up of the CLI).
  command.action(async (options: PreflightOptions) => setStatus(await (await import('./preflight-run.js')).runPreflight(options, io)));
  return command;
}

