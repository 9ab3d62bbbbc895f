import { Writable } from 'node:stream';
import { Command } from 'commander';
import { registerEscalationCommands } from '../../../bot/cli/commands/escalation-commands';
import { ManualClock } from '../../../config/clock';
import { EscalationHarness, startInput } from '../../support/escalation-harness';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

describe('crisis-bot escalations', () => {
  let clock: ManualClock;
  let h: EscalationHarness;
  let out: Capture;
  let exitCode: number | undefined;
  let closed: number;

  async function run(...args: string[]): Promise<string> {
    out = new Capture();
    exitCode = undefined;
    const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined });
    registerEscalationCommands(program, {
      openServices: async () => ({ escalations: h.service, store: h.store, close: async () => void (closed += 1) }),
      out,
      setExitCode: (code) => (exitCode = code),
      defaultOperator: 'test-operator',
    });
    await program.parseAsync(['node', 'crisis-bot', 'escalations', ...args]);
    return out.text;
  }

  beforeEach(async () => {
    clock = new ManualClock('2026-01-12T10:00:00.000Z');
    h = await new EscalationHarness({ clock }).start();
    closed = 0;
  });
  afterEach(() => h.stop());

  it('list shows open escalations with reference, level, state and position', async () => {
    expect(await run('list')).toBe('No open escalations.\n');
    const { escalation } = await h.service.start(startInput('conv-1'));
    await h.worker.runOnce();
    const text = await run('list');
    expect(text.split('\n')[0]).toMatch(/^REF\s+LEVEL\s+STATE\s+POSITION/);
    expect(text).toMatch(new RegExp(`${escalation.reference}\\s+emergency\\s+paging\\s+step 1 of 3\\s+2026-01-12 10:00:00`));
    expect(exitCode).toBe(0);
    expect(closed).toBe(2);
  });

  it('show prints the pages with Twilio SIDs and the audit trail', async () => {
    const { escalation } = await h.service.start(startInput('conv-1'));
    await h.worker.runOnce();
    const text = await run('show', escalation.reference);
    expect(text).toContain(`Escalation ${escalation.reference}`);
    expect(text).toMatch(/sms\s+\+447700900102\s+queued\s+SM/);
    expect(text).toMatch(/voice \+447700900102\s+queued\s+CA/);
    expect(text).toContain('created →open  by system via risk-screen');
    expect(text).toContain('paging-started open→paging');
    expect(await run('show', '0000')).toContain('No escalation with reference 0000');
    expect(exitCode).toBe(1);
  });

  it('ack stops paging and is audited as the operator; resolve closes with an outcome', async () => {
    const { escalation } = await h.service.start(startInput('conv-1'));
    await h.worker.runOnce();
    expect(await run('ack', escalation.reference, '--as', 'sam')).toContain('accepted by operator:sam');
    expect(exitCode).toBe(0);
    clock.advance(3_600_000);
    await h.worker.runUntilIdle();
    expect(h.fake.accepted()).toHaveLength(2);
    expect(await run('resolve', escalation.reference, '--outcome', 'called back, safety plan agreed')).toContain('resolved: called back, safety plan agreed');
    expect(await run('list')).toBe('No open escalations.\n');
    expect(await run('list', '--all')).toMatch(/resolved/);
    const audit = await h.store.audit.list({ escalationId: escalation.id });
    expect(audit.find((a) => a.action === 'acknowledged')).toMatchObject({ actor: 'operator:sam', source: 'cli' });
    expect(audit.find((a) => a.action === 'resolved')).toMatchObject({ actor: 'operator:test-operator', reason: 'called back, safety plan agreed' });
  });

  it('refuses bad input with a helpful message', async () => {
    expect(await run('list', '--state', 'paging,bogus')).toContain('unknown state(s) bogus');
    expect(exitCode).toBe(2);
    expect(await run('ack', '9999')).toContain('No escalation with reference 9999');
    expect(exitCode).toBe(1);
    await expect(run('resolve', '9999')).rejects.toThrow(/--outcome/);
  });
});
