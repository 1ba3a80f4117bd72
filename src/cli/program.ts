/**
 * The command line, testable: `main(argv, io)` parses options with commander, calls the check use
 * case and returns the exit status. Reports go to stdout (or --output); progress and errors to
 * stderr only, so that `--format json > report.json` is always clean.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { formatInputError } from '../arm/arm-resource.js';
import { multiLine } from '../output/safe-text.js';
import { FORMATS, renderReport, type Format } from '../report/index.js';
import type { ServiceTagRanges } from '../network/service-tag-ranges.js';
import { RULES } from '../rules/catalogue.js';
import { checkEstate } from './check-estate.js';
import { artifactUri, openSource, SourceError } from './estate-source.js';
import { companionArtifact, companionArtifactOf, companionPath } from './sarif-artifact.js';
import { DEFAULT_FAIL_ON, EXIT, EXIT_CODES_HELP, exitCodeFor, FAIL_ON, type FailOn } from './exit-codes.js';
import { registerExport } from './export.js';
import { registerPreflight } from './preflight.js';
import { registerRules } from './rules.js';
import { readServiceTagsFile } from './service-tags-file.js';
import { corroborateReport } from './corroborate.js';
import { addLiveOptions, hasLiveScope, LiveReadError, openLiveSource, type LiveIo, type LiveOptions } from './live.js';
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

interface CheckOptions extends LiveOptions {
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

/** One line on a terminal, rewritten in place about every 2%: a large estate takes tens of seconds. */
function evaluationProgress(stderr: OutputStream): (done: number, total: number) => void {
  let shown = -1;
  return (done, total) => {
    const step = Math.max(1, Math.floor(total / 50));
    if (done !== total && done - shown < step) return;
    shown = done;
    stderr.write(`\rEvaluated ${done} of ${total} instances${done === total ? '\n' : ''}`);
  };
}

async function runCheck(options: CheckOptions, io: CliIo): Promise<number> {
  // Diagnostics quote file names, ids and Azure's own error texts: made safe for a terminal here.
  const err = (line: string) => io.stderr.write(`${multiLine(line)}\n`);
  const progress = io.stderr.isTTY ? err : () => {};

  let source;
  try {
    if (hasLiveScope(options) && options.estate !== undefined) throw new SourceError('give either --estate or --subscription/--management-group, not both');
    source = hasLiveScope(options)
      ? await openLiveSource(options, io)
      : await openSource({ estate: options.estate === undefined ? undefined : resolve(io.cwd, options.estate), cwd: io.cwd });
  } catch (e) {
    if (e instanceof SourceError) {
      err(`apim-vnet-guard: ${e.message}`);
      return EXIT.usage;
    }
    throw e;
  }
  let serviceTags: ServiceTagRanges | undefined;
  if (options.serviceTags !== undefined) {
    try {
      serviceTags = await readServiceTagsFile(resolve(io.cwd, options.serviceTags));
    } catch (e) {
      err(`apim-vnet-guard: --service-tags ${options.serviceTags}: ${(e as Error).message}`);
      return EXIT.usage;
    }
  }
  progress(`Read ${source.description}; evaluating…`);
  for (const inputError of source.inputErrors) err(`error: ${formatInputError(inputError)}`);

  let outcome;
  try {
    outcome = await checkEstate(source.reader, RULES, { instance: options.instance, ...(io.stderr.isTTY ? { onEvaluated: evaluationProgress(io.stderr) } : {}), ...(serviceTags ? { addressData: { serviceTags } } : {}) });
  } catch (e) {
    if (e instanceof LiveReadError) {
      err(`apim-vnet-guard: ${e.message}`);
      return EXIT.unknown;
    }
    throw e;
  }
  if (outcome.kind === 'instance-not-found') {
    err(`apim-vnet-guard: --instance ${outcome.instance}: ${outcome.reason}`);
    return EXIT.usage;
  }
  let { report } = outcome;
  if (options.corroborate) {
    if (!source.networkStatus) {
      err('apim-vnet-guard: --corroborate reads the instances\' networkstatus from Azure: use it with --subscription or --management-group');
      return EXIT.usage;
    }
    report = await corroborateReport(report, source.networkStatus, (io.now ?? (() => new Date()))(), err);
  }
  // A file estate also lists its input errors as incomplete parts: they were printed already.
  const printed = new Set(source.inputErrors.map(formatInputError));
  const incomplete = outcome.incomplete.filter((note) => !printed.has(note));
  // A gate must not pass on nothing: an estate without any instance is an input error.
  if (report.summary.instances === 0 && options.instance === undefined && !options.allowEmpty) {
    err(
      `apim-vnet-guard: no API Management instance (${'Microsoft.ApiManagement/service'}) in ${source.contents ?? source.description}: nothing was checked. ` +
        'Export the instances with the VNets, NSGs, route tables and public IPs they use (see README, "Export an estate yourself"), or give --allow-empty',
    );
    for (const note of incomplete) err(`warning: ${note}`);
    return EXIT.usage;
  }
  for (const note of incomplete) err(`warning: ${note}`);

  // `--output -` is stdout, as for most tools.
  const output = options.output === '-' ? undefined : options.output;
  if (output !== undefined && source.inputFiles?.includes(resolve(io.cwd, output))) {
    err(`apim-vnet-guard: --output ${output} is a file of the estate being read: it would be overwritten; write the report elsewhere`);
    return EXIT.usage;
  }
  const toFile = output !== undefined;
  let artifactOf = source.artifactOf;
  if (options.format === 'sarif' && artifactOf === undefined) {
    // A live check: the resources read go beside the SARIF, so that every result has a physical location.
    const path = companionPath(output);
    const companion = companionArtifact(report, outcome.resources ?? []);
    try {
      await writeFile(resolve(io.cwd, path), companion.text, 'utf8');
    } catch (e) {
      err(`apim-vnet-guard: cannot write ${path} (the resources the SARIF results point at): ${(e as Error).message}`);
      return EXIT.usage;
    }
    artifactOf = companionArtifactOf(companion, artifactUri(resolve(io.cwd, path), io.cwd));
    progress(`Resources the SARIF results point at written to ${path}`);
  }
  const notifications = [
    ...source.inputErrors.map((e) => ({ level: 'error' as const, text: formatInputError(e), ...(source.artifactUri ? { uri: source.artifactUri(e.origin.file) } : {}) })),
    ...incomplete.map((text) => ({ level: 'warning' as const, text })),
  ];
  const now = (io.now ?? (() => new Date()))();
  const renderOptions = {
    color: !toFile && io.stdout.isTTY === true && !io.env.NO_COLOR,
    toolVersion: toolVersion(),
    rules: RULES.map((r) => r.meta),
    ...(artifactOf ? { artifactOf } : {}),
    notifications,
    views: outcome.views,
    now,
    source: source.description,
  };
  const rendered = renderReport(report, options.format, renderOptions);
  if (output !== undefined) {
    const target = resolve(io.cwd, output);
    try {
      await writeFile(target, rendered, 'utf8');
    } catch (e) {
      err(`apim-vnet-guard: cannot write --output ${output}: ${(e as Error).message}`);
      return EXIT.usage;
    }
    progress(`Report written to ${output}`);
  } else {
    io.stdout.write(rendered);
  }
  if (options.html !== undefined) {
    const target = resolve(io.cwd, options.html);
    try {
      await writeFile(target, renderReport(report, 'html', renderOptions), 'utf8');
    } catch (e) {
      err(`apim-vnet-guard: cannot write --html ${options.html}: ${(e as Error).message}`);
      return EXIT.usage;
    }
    err(`HTML report: ${target}`);
  }
  if (options.alertsDir !== undefined) {
    // Failing instances get the "failing" alert, unknown ones the "cannot evaluate" notice; no
    // change is known without events, so the previews name no caller.
    // The alert renderers and nodemailer load only for this option: every other run starts without them.
    const { describeAlertPreviews, writeAlertPreviews } = await import('./alerts-preview.js');
    let written;
    try {
      written = await writeAlertPreviews(report, resolve(io.cwd, options.alertsDir), now);
    } catch (e) {
      err(`apim-vnet-guard: cannot write --alerts-dir ${options.alertsDir}: ${(e as Error).message}`);
      return EXIT.usage;
    }
    err(describeAlertPreviews(written, options.alertsDir));
  }
  if (source.inputErrors.length > 0) {
    const n = source.inputErrors.length;
    err(`apim-vnet-guard: ${n} input ${n === 1 ? 'error' : 'errors'} (see above): what ${n === 1 ? 'it names was' : 'they name were'} skipped, the report covers the rest of the estate`);
  }
  return exitCodeFor({ report, failOn: options.failOn, inputErrors: source.inputErrors.length, incomplete: incomplete.length });
}
