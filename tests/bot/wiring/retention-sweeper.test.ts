import pino from 'pino';
import { DirectLineConversationLog } from '../../../bot/channels/directline/directline-conversation-log';
import type { AppStore } from '../../../bot/storage/app-store';
import { RetentionSweeper } from '../../../bot/wiring/retention-sweeper';
import { ManualClock } from '../../../config/clock';
import { openTempStore } from '../channels/support/channel-test-kit';
import { makeEntry, makeRecord } from '../storage/store-fixtures';

const DAY = 24 * 60 * 60 * 1000;

describe('RetentionSweeper (real SQLite store)', () => {
  let store: AppStore;
  let cleanup: () => Promise<void>;
  const clock = new ManualClock('2026-11-25T03:00:00Z');
  const daysAgo = (days: number) => new Date(clock.now().getTime() - days * DAY).toISOString();

  beforeEach(async () => {
    ({ store, cleanup } = await openTempStore(pino({ level: 'silent' })));
  });

  afterEach(async () => {
    await cleanup();
  });

  function sweeper(deliveryLogs = { deleteIdle: async () => 0 }) {
    return new RetentionSweeper({
      transcripts: store.transcripts,
      escalations: store.escalations,
      deliveryLogs,
      audit: store.audit,
      clock,
      wallClock: clock,
      logger: pino({ level: 'silent' }),
      retentionDays: 30,
    });
  }

  it('erases text older than the retention period, keeps conversations with an open escalation, and audits the sweep', async () => {
    await store.transcripts.append(makeEntry({ id: 'old', conversationId: 'quiet', at: daysAgo(31), text: 'i feel awful' }));
    await store.transcripts.append(makeEntry({ id: 'recent', conversationId: 'quiet', at: daysAgo(29), text: 'a bit better' }));
    await store.transcripts.append(makeEntry({ id: 'open-old', conversationId: 'escalated', at: daysAgo(40), text: 'i took pills' }));
    await store.escalations.insert(makeRecord({ id: 'e1', state: 'acknowledged', contact: { channel: 'webchat', conversationId: 'escalated', consentToContact: true } }));

    const sweep = await sweeper().sweepOnce();
    expect(sweep).toEqual({ before: daysAgo(30), transcriptEntries: 1, conversations: 1, deliveryLogs: 0 });
    expect((await store.transcripts.list('quiet')).map((e) => e.text)).toEqual([undefined, 'a bit better']);
    expect((await store.transcripts.list('escalated'))[0].text).toBe('i took pills');
    const audit = await store.audit.list({ limit: 10 });
    expect(audit.filter((e) => e.action === 'retention-erased')).toEqual([
      expect.objectContaining({ actor: 'system', source: 'retention', details: { before: daysAgo(30), transcriptEntries: 1, conversations: 1, deliveryLogs: 0 } }),
    ]);

    // Once the escalation is resolved, its conversation's old text goes too; a sweep with nothing to do is not audited.
    await store.escalations.insert(makeRecord({ id: 'e2', reference: 'R2', state: 'resolved', contact: { channel: 'webchat', conversationId: 'other', consentToContact: true } }));
    const record = await store.escalations.get('e1');
    await store.escalations.update('e1', record!.version, { state: 'resolved' }, clock.now());
    expect(await sweeper().sweepOnce()).toMatchObject({ transcriptEntries: 1, conversations: 1 });
    expect(await sweeper().sweepOnce()).toMatchObject({ transcriptEntries: 0, conversations: 0 });
    expect((await store.audit.list({ limit: 10 })).filter((e) => e.action === 'retention-erased')).toHaveLength(2);
  });

  it('measures age on the bot clock, but never ahead of real time (a drill set in the future erases nothing early)', async () => {
    const drill = new ManualClock('2027-12-25T03:00:00Z');
    await store.transcripts.append(makeEntry({ id: 'today', conversationId: 'real', at: clock.now().toISOString(), text: 'real message' }));
    const sweep = await new RetentionSweeper({
      transcripts: store.transcripts,
      escalations: store.escalations,
      deliveryLogs: { deleteIdle: async () => 0 },
      audit: store.audit,
      clock: drill,
      wallClock: clock,
      logger: pino({ level: 'silent' }),
      retentionDays: 30,
    }).sweepOnce();
    expect(sweep.before).toBe(daysAgo(30));
    expect((await store.transcripts.list('real'))[0].text).toBe('real message');
  });

  it('deletes Direct Line delivery logs nobody has touched for longer than their expiry', async () => {
    await new DirectLineConversationLog(store.state, clock).create('dl-1', 'user-1');
    await new DirectLineConversationLog(store.state, clock).append('dl-1', [{ type: 'message', text: 'i want to die' }]);
    // An expiry already passed stands in for a day of silence (the store's write times are wall-clock).
    const log = new DirectLineConversationLog(store.state, clock, { idleExpiryMs: -1000 });
    const sweep = await sweeper({ deleteIdle: () => log.deleteIdle(store.state) }).sweepOnce();
    expect(sweep.deliveryLogs).toBe(1);
    expect(await store.state.read(['channels/directline/conversation/dl-1'])).toEqual({});
  });
});
