/**
 * What `apim-vnet-guard check` does once its options are parsed (program.ts): open the source, evaluate,
 * render, write. Loaded only when check runs, so that --help and the other commands start without the
 * reader, the rule catalogue and the renderers.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatInputError } from '../arm/arm-resource.js';
import { multiLine } from '../output/safe-text.js';
import { renderReport } from '../report/index.js';
import type { ServiceTagRanges } from '../network/service-tag-ranges.js';
import { RULES } from '../rules/catalogue.js';
import { checkEstate } from './check-estate.js';
import { artifactUri, openSource } from './estate-source.js';
import { companionArtifact, companionArtifactOf, companionPath } from './sarif-artifact.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { writeOptionFile } from './write-output.js';
import { readServiceTagsFile } from './service-tags-file.js';
import { corroborateReport } from './corroborate.js';
import { hasLiveScope, LiveReadError, openLiveSource } from './live.js';
import type { CheckOptions, CliIo, OutputStream } from './program.js';
import { SourceError } from './source-error.js';
import { toolVersion } from './version.js';

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

export async function runCheck(options: CheckOptions, io: CliIo): Promise<number> {
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
    if (!(await writeOptionFile(io.cwd, '--output', output, rendered, err))) return EXIT.usage;
    progress(`Report written to ${output}`);
  } else {
    io.stdout.write(rendered);
  }
  if (options.html !== undefined) {
    if (!(await writeOptionFile(io.cwd, '--html', options.html, renderReport(report, 'html', renderOptions), err))) return EXIT.usage;
    err(`HTML report: ${resolve(io.cwd, options.html)}`);
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
