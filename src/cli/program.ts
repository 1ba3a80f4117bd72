/**
 * The command line, testable: `main(argv, io)` parses options with commander, calls the check use
 * case and returns the exit status. Reports go to stdout (or --output); progress and errors to
 * stderr only, so that `--format json > report.json` is always clean.
 */
import { Command, CommanderError, Option } from 'commander';
import { FORMATS, type Format } from '../report/formats.js';
import { DEFAULT_FAIL_ON, EXIT, EXIT_CODES_HELP, FAIL_ON, type FailOn } from './exit-codes.js';
import { registerExport } from './export.js';
import { registerPreflight } from './preflight.js';
import { registerRules } from './rules.js';
import { addLiveOptions, type LiveIo, type LiveOptions } from './live.js';
import { toolVersion } from './version.js';

export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  /** Terminal width, for wrapping --help. */
  columns?: number;
}

export interface CliIo extends Pick<LiveIo, 'credential' | 'retry'> {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Record<string, string | undefined>;
  /** Relative --estate, --output and --alerts-dir paths are resolved against it. */
  cwd: string;
  /** The clock of the alert previews (their evaluation time and the .eml Date); the real one by default. */
  now?: () => Date;
}

export interface CheckOptions extends LiveOptions {
  estate?: string;
  instance?: string;
  format: Format;
  output?: string;
  alertsDir?: string;
  html?: string;
  failOn: FailOn;
  serviceTags?: string;
  corroborate?: boolean;
  allowEmpty?: boolean;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let status: number = EXIT.ok;
  const program = buildProgram(io, async (options) => {
    // The reader, the rules, the engine and the renderers load only when check runs: --help and the
    // other commands start without them.
    const { runCheck } = await import('./run-check.js');
    status = await runCheck(options, io);
  });
  registerExport(program, io, (code) => {
    status = code;
  });
  registerRules(program, io);
  registerPreflight(program, io, (code) => {
    status = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw e;
  }
  return status;
}

function buildProgram(io: CliIo, onCheck: (options: CheckOptions) => Promise<void>): Command {
  const program = new Command('apim-vnet-guard')
    .description('Checks that Azure API Management instances injected into virtual networks still have the network they need.')
    .version(toolVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(s),
      getOutHelpWidth: () => io.stdout.columns ?? 100,
      getErrHelpWidth: () => io.stderr.columns ?? 100,
    })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('check')
    .description(
      'Evaluate every API Management instance of an estate (or one of them) against the VNet-injection rules: ' +
        'subnet, NSG, route table, public IP and multi-region prerequisites.',
    )
    .addOption(
      new Option('--estate <path>', 'ARM JSON of the estate: a file, or a directory read recursively (*.json), as `az` or Resource Graph return resources'),
    )
    .addOption(
      new Option('--instance <id>', 'check only this instance: its ARM resource id, or its name when unique in the estate'),
    )
    .addOption(new Option('--format <format>', 'report format: text for a terminal, json for scripts, sarif for code-scanning dashboards, html for a self-contained page to open in a browser').choices(FORMATS).default('text'))
    .addOption(new Option('--output <file>', 'write the report to this file instead of stdout'))
    .addOption(
      new Option(
        '--alerts-dir <dir>',
        'also write, for each instance that would alert (failing, or that cannot be evaluated), the Teams card (<instance>.teams.json) and the e-mail ' +
          '(<instance>.email.html, .email.txt, .eml) its team would receive; the directory is created',
      ),
    )
    .addOption(new Option('--allow-empty', 'exit 0 for an estate without any API Management instance (by default that is an input error, exit 2)'))
    .addOption(
      new Option(
        '--service-tags <file>',
        'the Service Tags JSON (the weekly download, or the discovery API answer): NSG rules that list CIDRs instead of a tag are then judged on the tag\'s real ranges',
      ),
    )
    .addOption(
      new Option(
        '--corroborate',
        'live only: also read each instance\'s own connectivity probes (networkstatus) and say per finding whether they confirm it; a failing required probe with no finding is reported as NETWORK_STATUS_FAILURE',
      ),
    )
    .addOption(
      new Option(
        '--html <file>',
        'also write the report as a self-contained HTML page (the path to each failing rule, the NSG rules in evaluation order, the fixes) and print its path',
      ),
    )
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is this severe or worse; never: only usage/input errors and unknown instances change the exit status')
        .choices(FAIL_ON)
        .default(DEFAULT_FAIL_ON),
    )
    .addHelpText(
      'after',
      `
Severities, worst first:
  breaks-now       the running gateway, management endpoint or a dependency fails now
  breaks-on-apply  runs today, but the next network apply, scale, or region change fails
  degraded         an optional feature, monitoring or the SLA is affected
  recommendation   best practice
${EXIT_CODES_HELP}

Examples:
  apim-vnet-guard check --estate examples/estate
  apim-vnet-guard check --estate examples/estate --alerts-dir alerts-preview
  apim-vnet-guard check --estate examples/estate --format html --output report.html
  apim-vnet-guard check --estate estate.json --instance apim-contoso-prod --format json --output report.json
  apim-vnet-guard check --estate estate/ --format sarif --output apim.sarif --fail-on breaks-now`,
    )
    .action(async (options: CheckOptions) => onCheck(options));
  addLiveOptions(program.commands.find((c) => c.name() === 'check')!);

  program.addHelpText('after', EXIT_CODES_HELP.replace('Exit status:', '\nExit status of check:'));
  return program;
}

