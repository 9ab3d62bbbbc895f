import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface SpawnedBot {
  child: ChildProcess;
  baseUrl: string;
  dataDir: string;
  logs: string[];
  startedAtMs: number;
  listeningAtMs: number;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts the real bot as a separate process (as `npm start` does, from the TypeScript source) on an
 * ephemeral port, with exactly the environment given: nothing is inherited but PATH and HOME.
 */
export async function spawnBot(env: Record<string, string> = {}, options: { dataDir?: string; timeoutMs?: number } = {}): Promise<SpawnedBot> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'crisis-bot-e2e-'));
  const startedAtMs = Date.now();
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'bot/index.ts'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bot did not start within ${options.timeoutMs ?? 20000} ms:\n${logs.join('')}`)), options.timeoutMs ?? 20000);
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      logs.push(chunk.toString());
      for (const line of buffer.split('\n')) {
        const match = /"url":"(http:\/\/[^"]+)"/.exec(line);
        if (match && line.includes('listening')) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bot exited with ${code} before listening:\n${logs.join('')}`));
    });
  });
  const listeningAtMs = Date.now();
  return {
    child,
    baseUrl,
    dataDir,
    logs,
    startedAtMs,
    listeningAtMs,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill(signal);
      }),
  };
}

/** Posts one message with expectReplies and returns the bot's reply texts. */
export async function say(baseUrl: string, conversationId: string, text: string, channelId = 'emulator'): Promise<string[]> {
  const res = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      channelId,
      deliveryMode: 'expectReplies',
      conversation: { id: conversationId },
      from: { id: `user-${conversationId}` },
      recipient: { id: 'bot' },
      text,
    }),
  });
  if (res.status !== 200) throw new Error(`POST /api/messages answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { activities?: { type: string; text?: string }[] };
  return (body.activities ?? []).filter((a) => a.type === 'message' && a.text).map((a) => a.text as string);
}
