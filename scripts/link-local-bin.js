'use strict';
// npm links a package's own `bin` only for its dependants; link it here too so operators on the
// box can run `npx crisis-bot …` from the checkout.
const fs = require('node:fs');
const path = require('node:path');

const binDir = path.join(__dirname, '..', 'node_modules', '.bin');
const link = path.join(binDir, 'crisis-bot');
fs.mkdirSync(binDir, { recursive: true });
try {
  fs.unlinkSync(link);
} catch (error) {
  if (error.code !== 'ENOENT') throw error;
}
fs.symlinkSync(path.join('..', '..', 'bin', 'crisis-bot.js'), link);
