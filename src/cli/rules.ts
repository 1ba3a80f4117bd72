/**
 * `apim-vnet-guard rules [--format markdown|json]`: lists what the tool checks, from the catalogue itself.
 */
import { Option, type Command } from 'commander';
import type { CatalogueFormat } from '../report/rule-catalogue.js';

export function registerRules(program: Command, io: { stdout: { write(chunk: string): unknown } }): Command {
  return program
    .command('rules')
    .description('List every rule the check evaluates, with its default severity, where it applies and its Microsoft Learn source.')
    .addOption(new Option('--format <format>', 'markdown table or JSON').choices(['markdown', 'json']).default('markdown'))
    .action(async (options: { format: CatalogueFormat }) => {
      // The catalogue loads when listed, not for every start of the CLI.
      const [{ renderCatalogue }, { RULES }] = await Promise.all([import('../report/rule-catalogue.js'), import('../rules/catalogue.js')]);
      io.stdout.write(renderCatalogue(RULES, options.format));
    });
}
