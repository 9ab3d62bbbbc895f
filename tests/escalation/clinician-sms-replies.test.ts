import pino from 'pino';
import { ManualClock } from '../../config/clock';
import { ClinicianSmsReplies } from '../../escalation/clinician-sms-replies';
import { EscalationHarness, startInput, TEST_PUBLIC_BASE_URL } from '../support/escalation-harness';

const MONDAY = '2026-01-12T10:00:00.000Z';
const OKAFOR = '+447700900102';
const PATEL = '+447700900101';

describe('clinician SMS replies', () => {
  let clock: ManualClock;
  let h: EscalationHarness;
  let replies: ClinicianSmsReplies;

  beforeEach(async () => {
    clock = new ManualClock(MONDAY);
    h = await new EscalationHarness({ clock }).start();
    replies = new ClinicianSmsReplies({
      service: h.service, store: h.store.escalations, currentConfig: () => h.config, publicBaseUrl: TEST_PUBLIC_BASE_URL, logger: pino({ level: 'silent' }),
    });
  });
  afterEach(() => h.stop());

  it('knows rota numbers: people, team phones and fallbacks', () => {
    expect(replies.isRotaNumber(OKAFOR)).toBe(true);
    expect(replies.isRotaNumber('+44 7700 900199')).toBe(true);
    expect(replies.isRotaNumber('whatsapp:+447700900105')).toBe(true);
    expect(replies.isRotaNumber('+447700900555')).toBe(false);
  });

  it('"1" accepts the single open page sent to that clinician and stops re-paging', async () => {
    const { escalation } = await h.service.start(startInput('conv-1'));
    await h.worker.runOnce();
    const result = await replies.handleRotaSmsReply(OKAFOR, '1');
    expect(result).toMatchObject({ outcome: 'acknowledged', reference: escalation.reference });
    expect(result.reply).toContain(`Accepted crisis alert ${escalation.reference}`);
    expect(result.reply).toContain(`${TEST_PUBLIC_BASE_URL}/dashboard/escalations/${escalation.reference}`);
    clock.advance(3_600_000);
    await h.worker.runUntilIdle();
    expect(h.fake.accepted()).toHaveLength(2);
    expect(h.person.eventsFor(escalation.id)).toEqual(['acknowledged']);
    expect(await replies.handle(OKAFOR, `ACK ${escalation.reference}`)).toContain('You already accepted');
  });

  it('"ACK ref" only works for a number the escalation paged', async () => {
    const { escalation } = await h.service.start(startInput('conv-1'));
    await h.worker.runOnce();
    expect(await replies.handleRotaSmsReply(PATEL, `ACK ${escalation.reference}`)).toMatchObject({ outcome: 'not-paged' });
    clock.advance(120_000);
    await h.worker.runOnce();
    const accepted = await replies.handleRotaSmsReply(PATEL, `ACK ${escalation.reference}`);
    expect(accepted.outcome).toBe('acknowledged');
    expect(await h.store.escalations.get(escalation.id)).toMatchObject({ acknowledgedBy: 'clinician:dr-patel' });
    expect((await replies.handleRotaSmsReply(OKAFOR, `ACK ${escalation.reference}`)).reply).toContain('already accepted by a colleague');
  });

  it('asks for the reference when the clinician has several open pages, and says when there are none', async () => {
    expect(await replies.handleRotaSmsReply(OKAFOR, 'yes')).toMatchObject({ outcome: 'no-open-page' });
    const a = await h.service.start(startInput('conv-a'));
    const b = await h.service.start(startInput('conv-b'));
    await h.worker.runUntilIdle();
    const result = await replies.handleRotaSmsReply(OKAFOR, 'ACCEPT');
    expect(result.outcome).toBe('ambiguous');
    expect(result.reply).toContain(a.escalation.reference);
    expect(result.reply).toContain(b.escalation.reference);
    expect(await replies.handleRotaSmsReply(OKAFOR, 'what?')).toMatchObject({ outcome: 'unrecognised' });
  });
});
