import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import type { BenchReport } from './bench-report';

/**
 * Issue 4: the triage bot (risk screen, recognizer, dialogs, SQLite state) against a bare
 * botbuilder echo bot on restify. Each server runs as its own child process, so each one's RSS and
 * CPU are its own; both are driven by the same autocannon settings from this process. The machine
 * is shared, so load drifts: the measured time is split into rounds that alternate between the two
 * servers (echo, triage, then triage, echo, ...), and the ratios pool the rounds.
 * Environment knobs: BENCH_SECONDS (measured seconds per server, default 10), BENCH_ROUNDS (2),
 * BENCH_CONNECTIONS (10), BENCH_CPU_PROF=<dir> (write a V8 CPU profile of the triage child there),
 * BENCH_TRIAGE_BUILD=<dir> (triage bot from <dir>/dist), BENCH_FROM=ts|dist (force ts-node, or dist/
 * even if stale), BENCH_LOG_LEVEL (warn; `info` is the production default and logs one line per turn).
 */
const REPO_ROOT = path.resolve(__dirname, '..', __dirname.includes(`${path.sep}dist${path.sep}`) ? '..' : '');
const CONVERSATIONS = 1000;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Math.max(1, Math.round(Number(process.env.BENCH_ROUNDS ?? 2)));
const WARM_UP_SECONDS = 3;
const STARTUP_TIMEOUT_MS = 30000;
const MESSAGES = [
  'what are your opening hours?',
  'how do I get a referral',
  'can I change my appointment',
  'I have a question about my medication',
  'how do I make a complaint',
  'thanks',
];

interface LoadResult {
  seconds: number;
  turnsPerSecond: number;
  total: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** spawn → /readyz answers 200. */
  startupMs: number;
  logs: string[];
  stop(): Promise<number | null>;
}

/** Many conversations over a few connections: each request picks the next conversation id. */
async function drive(url: string, durationSeconds: number, label: string): Promise<LoadResult> {
  let sequence = 0;
  const result = await autocannon({
    url: `${url}/api/messages`,
    connections: CONNECTIONS,
    duration: durationSeconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => {
          const n = sequence++;
          return {
            ...request,
            body: JSON.stringify({
              type: 'message',
              channelId: 'emulator',
              deliveryMode: 'expectReplies',
              conversation: { id: `bench-${label}-${n % CONVERSATIONS}` },
              from: { id: `bench-user-${n % CONVERSATIONS}` },
              recipient: { id: 'bot' },
              text: MESSAGES[n % MESSAGES.length],
            }),
          };
        },
      },
    ],
  });
  return {
    seconds: result.duration,
    turnsPerSecond: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

async function waitUntilReady(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) return;
    } catch {
      // not accepting connections yet: poll again
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${url}/readyz did not answer 200 within ${STARTUP_TIMEOUT_MS} ms`);
}

/** Keeps the last few chunks of a child's output, for error reports, without growing under load. */
function keepTail(logs: string[], chunk: Buffer): void {
  logs.push(chunk.toString());
  if (logs.length > 50) logs.shift();
}

/** A free loopback port: the bot logs its URL only at info level, so the bench chooses the port. */
async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function spawnServer(args: string[], env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const stop = () =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
  try {
    child.stdout!.on('data', (chunk: Buffer) => keepTail(logs, chunk));
    child.stderr!.on('data', (chunk: Buffer) => keepTail(logs, chunk));
    const exited = new Promise<never>((_resolve, reject) =>
      child.once('exit', (code) => reject(new Error(`server exited with ${code} before ready:\n${logs.join('')}`))),
    );
    exited.catch(() => undefined);
    await Promise.race([waitUntilReady(url, Date.now() + STARTUP_TIMEOUT_MS), exited]);
    return { child, url, startupMs: performance.now() - spawnedAt, logs, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Resident and peak-resident memory of a process, from /proc (Linux). */
function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** True when every compiled source under dist/ is at least as new as its .ts (so dist start-up is meaningful). */
function distIsFresh(): boolean {
  const newestTs = (dir: string): number => {
    let newest = 0;
    for (const name of readdirSync(path.join(REPO_ROOT, dir))) {
      const rel = path.join(dir, name);
      const stat = statSync(path.join(REPO_ROOT, rel));
      if (stat.isDirectory()) newest = Math.max(newest, newestTs(rel));
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) {
        const js = path.join(REPO_ROOT, 'dist', rel.replace(/\.ts$/, '.js'));
        if (!existsSync(js) || statSync(js).mtimeMs < stat.mtimeMs) return Infinity;
      }
    }
    return newest;
  };
  const echoTs = path.join(REPO_ROOT, 'bench/echo-bot.ts');
  const echoJs = path.join(REPO_ROOT, 'dist/bench/echo-bot.js');
  const echoFresh = existsSync(echoJs) && statSync(echoJs).mtimeMs >= statSync(echoTs).mtimeMs;
  return echoFresh && ['bot', 'dialogs', 'escalation', 'config'].every((dir) => newestTs(dir) !== Infinity);
}

const fmt = (r: LoadResult) =>
  `${r.turnsPerSecond.toFixed(0)} turns/s (${r.total} turns), p50 ${r.p50} ms, p99 ${r.p99} ms, errors ${r.errors}, non-2xx ${r.non2xx}`;

/** All of a server's measured rounds as one: turns over total time; p99 the mean of the rounds' p99. */
function pool(rounds: LoadResult[]): LoadResult {
  const sum = (f: (r: LoadResult) => number) => rounds.reduce((total, r) => total + f(r), 0);
  const seconds = sum((r) => r.seconds);
  return {
    seconds,
    turnsPerSecond: sum((r) => r.total) / seconds,
    total: sum((r) => r.total),
    p50: sum((r) => r.p50) / rounds.length,
    p99: sum((r) => r.p99) / rounds.length,
    errors: sum((r) => r.errors),
    non2xx: sum((r) => r.non2xx),
  };
}

interface Contender {
  server: ServerProcess;
  label: string;
  rounds: LoadResult[];
}

/**
 * The same warm-up for both, then alternating measured rounds (E T, T E, ...) so drift in the
 * machine's load falls on both alike; memory is read once 1,000 conversations have been opened.
 */
async function measurePair(echo: Contender, triage: Contender) {
  // Same conversation ids throughout, so exactly 1,000 conversations are open when memory is read.
  await drive(echo.server.url, WARM_UP_SECONDS, echo.label);
  await drive(triage.server.url, WARM_UP_SECONDS, triage.label);
  const roundSeconds = DURATION_SECONDS / ROUNDS;
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? [echo, triage] : [triage, echo];
    for (const contender of order) contender.rounds.push(await drive(contender.server.url, roundSeconds, contender.label));
  }
  for (const contender of [echo, triage]) {
    // Make sure the memory figure is taken with all 1,000 conversations open.
    if (pool(contender.rounds).total < CONVERSATIONS) await drive(contender.server.url, roundSeconds, contender.label);
  }
  return { echo: { load: pool(echo.rounds), memory: memoryOf(echo.server.child.pid!) }, triage: { load: pool(triage.rounds), memory: memoryOf(triage.server.child.pid!) } };
}

const TS_NODE = ['-r', 'ts-node/register/transpile-only'];

/** Node flags of `npm start` (e.g. heap sizing), so the bench runs the bot as production does. */
function npmStartNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const [command, ...rest] = (pkg.scripts?.start ?? '').trim().split(/\s+/);
  if (command !== 'node') return [];
  const flags: string[] = [];
  for (const token of rest) {
    if (!token.startsWith('-')) break;
    flags.push(token);
  }
  return flags;
}

export async function runTurnThroughputBench(): Promise<BenchReport> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'crisis-bot-bench-'));
  const logLevel = process.env.BENCH_LOG_LEVEL ?? 'warn';
  const botEnv = { DATA_DIR: dataDir, LOG_LEVEL: logLevel };
  const profileDir = process.env.BENCH_CPU_PROF;
  const startFlags = npmStartNodeFlags();
  const nodeFlags = [...startFlags, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : [])];
  // Production runs the compiled build (`npm start`), and ts-node would add the TypeScript compiler
  // to each server's memory; so load and memory are measured from dist/ whenever it is fresh.
  // BENCH_FROM=dist uses dist/ even when stale (teammates' edits in progress), BENCH_FROM=ts never does.
  const distFresh = distIsFresh();
  const fromDist = process.env.BENCH_FROM === 'dist' || (process.env.BENCH_FROM !== 'ts' && distFresh);
  const echoArgs = fromDist ? ['dist/bench/echo-bot.js'] : [...TS_NODE, 'bench/echo-bot.ts'];
  // BENCH_TRIAGE_BUILD=<dir>: run the triage bot from <dir>/dist instead (A/B two builds in one run).
  const triageBuild = process.env.BENCH_TRIAGE_BUILD;
  const triageArgs = triageBuild
    ? [path.resolve(triageBuild, 'dist/bot/index.js')]
    : fromDist
      ? ['dist/bot/index.js']
      : [...TS_NODE, 'bot/index.ts'];
  const lines = [
    `load: autocannon in the bench process, ${CONNECTIONS} connections, ${WARM_UP_SECONDS} s warm-up + ${DURATION_SECONDS} s measured per server in ${ROUNDS} alternating rounds, ` +
      `${CONVERSATIONS} conversations round-robin, expectReplies; servers are child processes run ${fromDist ? `from dist/${distFresh ? '' : ' (STALE: older than some sources)'}` : 'with ts-node (dist/ stale)'}${triageBuild ? `, triage from ${triageBuild}/dist` : ''}, triage LOG_LEVEL=${logLevel}, node flags from npm start: ${startFlags.join(' ') || 'none'}`,
  ];
  try {
    const echoServer = await spawnServer(echoArgs, {});
    let triageServer: ServerProcess | undefined;
    const echo: Contender = { server: echoServer, label: 'echo', rounds: [] };
    let triageContender: Contender;
    let measured;
    try {
      triageServer = await spawnServer([...nodeFlags, ...triageArgs], botEnv);
      triageContender = { server: triageServer, label: 'triage', rounds: [] };
      measured = await measurePair(echo, triageContender);
    } finally {
      await echoServer.stop();
      if (triageServer) {
        const code = await triageServer.stop();
        if (code !== 0) lines.push(`triage bot exited with ${code}: ${triageServer.logs.join('').slice(-2000)}`);
      }
    }
    const triage = triageServer;
    const echoResult = measured.echo;
    const triageResult = measured.triage;

    // Start-up again from the TypeScript source, as the e2e tests do: includes ts-node's compile cost.
    let tsNodeStartupMs = triage.startupMs;
    if (fromDist || triageBuild) {
      const fromSource = await spawnServer([...TS_NODE, 'bot/index.ts'], { ...botEnv, DATA_DIR: mkdtempSync(path.join(dataDir, 'ts-')) });
      tsNodeStartupMs = fromSource.startupMs;
      await fromSource.stop();
    }

    const baseline = echoResult.load;
    const bot = triageResult.load;
    const throughputRatio = bot.turnsPerSecond / baseline.turnsPerSecond;
    const p99Ratio = bot.p99 / Math.max(baseline.p99, 1);
    const rssMb = triageResult.memory.rssMb;
    const perRound = (ratio: (e: LoadResult, t: LoadResult) => number) =>
      echo.rounds.map((e, i) => ratio(e, triageContender.rounds[i]).toFixed(2)).join(', ');
    lines.push(
      `echo bot:   ${fmt(baseline)}; RSS ${echoResult.memory.rssMb.toFixed(0)} MB (peak ${echoResult.memory.peakMb.toFixed(0)} MB); start-up ${echoServer.startupMs.toFixed(0)} ms`,
      `triage bot: ${fmt(bot)}`,
      `throughput ratio triage/echo: ${throughputRatio.toFixed(2)} (target >= 0.70); per round ${perRound((e, t) => t.turnsPerSecond / e.turnsPerSecond)}`,
      `p99 ratio triage/echo: ${p99Ratio.toFixed(2)} (target <= 2.00); per round ${perRound((e, t) => t.p99 / Math.max(e.p99, 1))}`,
      `triage RSS after ${CONVERSATIONS} conversations opened: ${rssMb.toFixed(0)} MB (peak ${triageResult.memory.peakMb.toFixed(0)} MB) (target < 200 MB)`,
      fromDist || triageBuild
        ? `triage start-up spawn -> /readyz 200 incl. recognizer training, from dist/: ${triage.startupMs.toFixed(0)} ms (target <= 3000 ms)`
        : 'triage start-up from dist/: not measured (dist/ is stale; `npm run build` first)',
      `triage start-up spawn -> /readyz 200 incl. recognizer training, ts-node (adds compile): ${tsNodeStartupMs.toFixed(0)} ms`,
    );
    if (profileDir) lines.push(`CPU profile of the triage child written to ${path.resolve(profileDir)}`);
    const startupMs = fromDist || triageBuild ? triage.startupMs : tsNodeStartupMs;
    const pass =
      throughputRatio >= 0.7 && p99Ratio <= 2 && rssMb < 200 && startupMs <= 3000 && bot.errors === 0 && bot.non2xx === 0;
    return { name: 'turn throughput', lines, pass };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
