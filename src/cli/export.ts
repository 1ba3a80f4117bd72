/**
 * `apim-vnet-guard export --subscription ID > estate.json`: sweeps live Azure and writes every resource
 * read, as ARM returned it, in the format `check --estate` reads (a JSON array), so that a user can
 * keep or share a snapshot. Progress and warnings go to stderr; stdout holds only the JSON.
 */
import { Option, type Command } from 'commander';
import { EXIT } from './exit-codes.js';
import { writeOptionFile } from './write-output.js';
import { SourceError } from './source-error.js';
import { addLiveOptions, hasLiveScope, openLiveSource, type LiveIo, type LiveOptions } from './live.js';

import { multiLine, safeJson } from '../output/safe-text.js';

export interface ExportIo extends LiveIo {
  stdout: { write(chunk: string): unknown };
  cwd: string;
}

interface ExportOptions extends LiveOptions {
  output?: string;
}

export function registerExport(program: Command, io: ExportIo, setStatus: (status: number) => void): Command {
  const command = program
    .command('export')
    .description('Read the API Management instances of live Azure subscriptions (or a management group) with their network, and write them as an estate file for `check --estate`.');
  addLiveOptions(command)
    .addOption(new Option('--output <file>', 'write the estate to this file instead of stdout'))
    .addHelpText(
      'after',
      `
Exit status of export:
  0  everything in scope was read
  2  usage error, or not signed in to Azure
  3  some part of the scope could not be read (named on stderr); what was read is written

Examples:
  apim-vnet-guard export --subscription 00000000-0000-0000-0000-000000000000 > estate.json
  apim-vnet-guard export --management-group landing-zones --output estate.json
  apim-vnet-guard check --estate estate.json`,
    )
    .action(async (options: ExportOptions) => setStatus(await runExport(options, io)));
  return command;
}

export async function runExport(options: ExportOptions, io: ExportIo): Promise<number> {
  const err = (line: string) => io.stderr.write(`${multiLine(line)}\n`);
  if (!hasLiveScope(options)) {
    err('apim-vnet-guard: export needs --subscription ID (repeatable) or --management-group NAME');
    return EXIT.usage;
  }
  let source;
  try {
    source = await openLiveSource(options, io);
  } catch (e) {
    if (e instanceof SourceError) {
      err(`apim-vnet-guard: ${e.message}`);
      return EXIT.usage;
    }
    throw e;
  }
  const result = await source.reader.sweep();
  for (const note of result.incomplete) err(`warning: ${note}`);
  const text = `${safeJson(result.resources, 2)}\n`;
  if (options.output !== undefined) {
    if (!(await writeOptionFile(io.cwd, '--output', options.output, text, err))) return EXIT.usage;
  } else {
    io.stdout.write(text);
  }
  if (io.stderr.isTTY) err(`Exported ${result.resources.length} resources of ${result.views.length} instances from ${source.description}`);
  return result.incomplete.length > 0 ? EXIT.unknown : EXIT.ok;
}
