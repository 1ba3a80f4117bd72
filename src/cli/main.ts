#!/usr/bin/env node
/** The `apim-vnet-guard` executable (package.json bin): runs the command line on this process. */
import { main } from './program.js';

// `check … | head` closes the pipe early: that is no error of ours (no stack trace); the exit status
// stays the check's own.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
}

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
