// The floor of a check: read and JSON.parse every estate file of a path (a file or a directory), no more.
'use strict';
const { readFileSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');
const files = (p) => (statSync(p).isDirectory() ? readdirSync(p).sort().flatMap((e) => files(join(p, e))) : p.endsWith('.json') ? [p] : []);
for (const file of files(process.argv[2])) JSON.parse(readFileSync(file, 'utf8'));
