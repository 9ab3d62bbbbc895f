import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

/**
 * The MongoDB-wire test engine shipped in @jongodb/memory-server-bin-linux-x64-gnu. It takes
 * --host=, --port=, --database=, --replica-set-name= and --topology-profile= (no --help), keeps
 * everything in memory, and reports readiness by printing `JONGODB_URI=mongodb://...` on stdout.
 */
export const JONGODB_BINARY = path.join(
  __dirname,
  '..',
  '..',
  'node_modules',
  '@jongodb',
  'memory-server-bin-linux-x64-gnu',
  'bin',
  'jongodb',
);

export interface JongodbServer {
  /** mongodb://127.0.0.1:<port> (no database: callers choose one). */
  readonly uri: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startJongodb(options: { startTimeoutMs?: number } = {}): Promise<JongodbServer> {
  const port = await freeLoopbackPort();
  const child = spawn(JONGODB_BINARY, ['--host=127.0.0.1', `--port=${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  await waitForReady(child, options.startTimeoutMs ?? 20_000);
  return {
    uri: `mongodb://127.0.0.1:${port}`,
    port,
    stop: () => stopProcess(child),
  };
}

function waitForReady(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`jongodb did not report readiness within ${timeoutMs} ms; output:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (/^JONGODB_URI=/m.test(output)) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve();
      }
    };
    const onExit = (code: number | null, signal: string | null): void => {
      clearTimeout(timer);
      reject(new Error(`jongodb exited before it was ready (code ${code}, signal ${signal}); output:\n${output}`));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', onExit);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const forceKill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(forceKill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not determine a free port'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}
