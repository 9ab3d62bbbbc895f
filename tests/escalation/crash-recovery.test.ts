import { spawn, type ChildProcess } from 'child_process';
import { join } from 'path';
import { SystemClock } from '../../config/clock';
import { EscalationHarness, eventually, makeTempDir } from '../support/escalation-harness';

const ROOT = join(__dirname, '..', '..');

function startChild(env: Record<string, string>): { child: ChildProcess; stored: Promise<{ id: string; reference: string }> } {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'tests/support/escalation-crash-child.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const stored = new Promise<{ id: string; reference: string }>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const match = /STORED (\S+) (\d+)/.exec(stdout);
      if (match) resolve({ id: match[1], reference: match[2] });
    });
    child.on('exit', (code, signal) => reject(new Error(`child exited (${code ?? signal}) before storing: ${stderr}`)));
  });
  return { child, stored };
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('crash recovery (SIGKILL)', () => {
  it('killed between storing and paging: the page still goes out after restart', async () => {
    const temp = makeTempDir();
    const h = await new EscalationHarness({ clock: new SystemClock(), dataDir: temp.dir }).start();
    try {
      const { child, stored } = startChild({ DATA_DIR: temp.dir, MODE: 'store-only', TWILIO_API_BASE_URL: h.fake.baseUrl });
      const { id } = await stored;
      await killed(child);
      expect(h.fake.requests).toHaveLength(0);

      h.worker.start();
      await h.fake.waitFor((r) => r.filter((x) => x.outcome === 201).length >= 2, 3000);
      await eventually(async () => (await h.store.escalations.listAttempts(id)).every((a) => a.status !== 'pending'));
      const attempts = await h.store.escalations.listAttempts(id);
      expect(attempts.map((a) => [a.channel, a.status])).toEqual([['sms', 'queued'], ['voice', 'queued']]);
      expect((await h.store.escalations.get(id))?.state).toBe('paging');
    } finally {
      await h.stop();
      temp.remove();
    }
  }, 30_000);

  it('killed while the provider call is in flight: resent once after the lease expires (one duplicate at most)', async () => {
    const temp = makeTempDir();
    const h = await new EscalationHarness({ clock: new SystemClock(), dataDir: temp.dir }).start();
    try {
      h.fake.setFailures({ mode: { kind: 'hang' } });
      const { child, stored } = startChild({ DATA_DIR: temp.dir, MODE: 'page-hangs', TWILIO_API_BASE_URL: h.fake.baseUrl });
      const { id } = await stored;
      // The worker sends a step's SMS and call concurrently, so wait until both are hanging in the
      // provider; killing after only one has arrived would race the second.
      await h.fake.waitFor((r) => r.length >= 2, 10_000);
      await killed(child);
      const before = await h.store.escalations.listAttempts(id);
      expect(before.map((a) => a.status)).toEqual(['pending', 'pending']);
      const hungSmsTo = h.fake.requests.find((r) => r.resource === 'Messages')!.params.To;

      h.fake.setFailures(undefined);
      h.worker.start();
      await h.fake.waitFor((r) => r.filter((x) => x.outcome === 201).length >= 2, 5000);
      await eventually(async () => (await h.store.escalations.listAttempts(id)).every((a) => a.status !== 'pending'));
      const after = await h.store.escalations.listAttempts(id);
      expect(after.map((a) => a.status)).toEqual(['queued', 'queued']);
      // Each page that hung was sent again exactly once: one duplicate at most, never zero pages.
      const sms = h.fake.requests.filter((r) => r.resource === 'Messages');
      expect(sms.map((r) => r.outcome)).toEqual(['hang', 201]);
      expect(h.fake.requests.filter((r) => r.resource === 'Calls').map((r) => r.outcome)).toEqual(['hang', 201]);
      expect(sms[1].params.To).toBe(hungSmsTo);
    } finally {
      await h.stop();
      temp.remove();
    }
  }, 30_000);
});
