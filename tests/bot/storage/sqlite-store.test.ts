import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { SqliteAppStore } from '../../../bot/storage/sqlite/sqlite-app-store';
import { describeStoreContract } from './store-contract';

const logger = pino({ level: 'silent' });

describeStoreContract('sqlite', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'store-contract-'));
  const file = path.join(dir, 'store.sqlite');
  return {
    kind: 'sqlite',
    open: async () => SqliteAppStore.open(file, logger),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
