#!/usr/bin/env node
/** The `apim-vnet-guard` executable (package.json bin): runs the command line on this process. */
import { main } from './program.js';

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
