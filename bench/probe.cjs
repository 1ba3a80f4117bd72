// Preloaded into each measured process (node --require): reports the process's CPU time and peak
// resident memory on stderr's last line, so that the benchmark measures whole processes alike.
'use strict';
process.on('exit', () => {
  const cpu = process.cpuUsage();
  const { maxRSS } = process.resourceUsage();
  require('node:fs').writeSync(2, `\n@probe ${(cpu.user + cpu.system) / 1000} ${maxRSS}\n`);
});
