import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import pino from 'pino';
import { MongoAppStore } from '../../../bot/storage/mongo/mongo-app-store';
import { startJongodb, type JongodbServer } from '../../support/jongodb-server';
import { describeStoreContract } from './store-contract';

const logger = pino({ level: 'silent' });
const externalUri = process.env.MONGODB_URI?.trim() || undefined;
let engine: JongodbServer | undefined;

beforeAll(async () => {
  if (!externalUri) engine = await startJongodb();
});

afterAll(async () => {
  await engine?.stop();
});

function serverUri(): string {
  const uri = externalUri ?? engine?.uri;
  if (!uri) throw new Error('no MongoDB server: set MONGODB_URI or let the suite start jongodb');
  return uri;
}

describeStoreContract(externalUri ? 'mongodb (MONGODB_URI)' : 'mongodb (jongodb engine)', async () => {
  const dbName = `store_contract_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  return {
    kind: 'mongodb',
    open: async () => MongoAppStore.open(serverUri(), logger, { dbName }),
    dispose: async () => {
      // The test engine has no dropDatabase (and dies with the suite); a real server gets cleaned.
      if (!externalUri) return;
      const connection = await mongoose.createConnection(externalUri, { dbName }).asPromise();
      try {
        await connection.dropDatabase();
      } finally {
        await connection.close();
      }
    },
  };
});
