#!/usr/bin/env node
'use strict';
// Runs the compiled CLI (built by `npm ci`/`npm run build`); falls back to the TypeScript source in a fresh checkout.
// CRISIS_BOT_FROM_SOURCE=1 always runs the source, so a rule author never tests against a stale build.
const path = require('node:path');
const fs = require('node:fs');

const compiled = path.join(__dirname, '..', 'dist', 'bot', 'cli', 'main.js');
let cli;
if (fs.existsSync(compiled) && process.env.CRISIS_BOT_FROM_SOURCE !== '1') {
  cli = require(compiled);
} else {
  require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', 'tsconfig.json') });
  cli = require(path.join(__dirname, '..', 'bot', 'cli', 'main.ts'));
}
cli.main(process.argv).then(
  (code) => {
    process.exitCode = typeof code === 'number' ? code : 0;
  },
  (error) => {
    process.stderr.write(`crisis-bot: ${error && error.message ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
