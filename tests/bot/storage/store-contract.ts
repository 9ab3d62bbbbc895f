import type { AppStore } from '../../../bot/storage/app-store';
import type { TranscriptEntry } from '../../../bot/storage/transcript-store';
import { DuplicateReferenceError } from '../../../escalation/ports/escalation-store';
import type { ScreeningResult } from '../../../escalation/risk/screening-result';
import { at, iso, makeAttempt, makeAudit, makeEntry, makeRecord, makeWatchRequest } from './store-fixtures';

export interface StoreContractFixture {
  readonly kind: AppStore['kind'];
  /** Opens a new, independent connection to the same (test-private) database. */
  open(): Promise<AppStore>;
  /** Cleans up after the test; every opened store has already been closed. */
  dispose(): Promise<void>;
}

/** The behaviour every AppStore adapter must share. Each test gets a fresh, empty database. */
export function describeStoreContract(name: string, createFixture: () => Promise<StoreContractFixture>): void {
  describe(`AppStore contract: ${name}`, () => {
    let fixture: StoreContractFixture;
    let opened: AppStore[];

    async function open(): Promise<AppStore> {
      const store = await fixture.open();
      opened.push(store);
      return store;
    }

    beforeEach(async () => {
      opened = [];
      fixture = await createFixture();
    });

    afterEach(async () => {
      await Promise.all(opened.map((store) => store.close()));
      await fixture.dispose();
    });

    test('reports its kind and answers ping', async () => {
      const store = await open();
      expect(store.kind).toBe(fixture.kind);
      await expect(store.ping()).resolves.toBeUndefined();
    });

    describe('bot state (botbuilder Storage)', () => {
      test('housekeeping deletes only idle items under the prefix', async () => {
        const store = await open();
        await store.state.write({ 'logs/a': { n: 1 }, 'logs/b': { n: 2 }, 'logsx/c': { n: 3 }, other: { n: 4 } });
        // Nothing has been idle for an hour; everything has been idle for "minus one second".
        expect(await store.state.deleteIdle('logs/', 60 * 60 * 1000)).toBe(0);
        expect(await store.state.deleteIdle('logs/', -1000)).toBe(2);
        expect(Object.keys(await store.state.read(['logs/a', 'logs/b', 'logsx/c', 'other'])).sort()).toEqual(['logsx/c', 'other']);
        await expect(store.state.deleteIdle('', 0)).rejects.toThrow(/prefix/);
      });

      test('read returns only the keys that exist, each with an eTag', async () => {
        const store = await open();
        expect(await store.state.read(['missing'])).toEqual({});
        await store.state.write({ 'conv/1': { turns: 1, nested: { 'a.b': 1, $c: [1, 2] } } });
        const items = await store.state.read(['conv/1', 'missing']);
        expect(Object.keys(items)).toEqual(['conv/1']);
        expect(items['conv/1']).toMatchObject({ turns: 1, nested: { 'a.b': 1, $c: [1, 2] } });
        expect(typeof items['conv/1'].eTag).toBe('string');
      });

      test('every write assigns a new eTag, and the current eTag is accepted', async () => {
        const store = await open();
        await store.state.write({ k: { n: 1 } });
        const first = (await store.state.read(['k'])).k;
        await store.state.write({ k: { ...first, n: 2 } });
        const second = (await store.state.read(['k'])).k;
        expect(second.n).toBe(2);
        expect(second.eTag).not.toBe(first.eTag);
      });

      test('two writers holding the same eTag: the second is rejected with an eTag conflict', async () => {
        const writerA = await open();
        const writerB = await open();
        await writerA.state.write({ k: { owner: 'none' } });
        const seenByA = (await writerA.state.read(['k'])).k;
        const seenByB = (await writerB.state.read(['k'])).k;
        expect(seenByA.eTag).toBe(seenByB.eTag);

        await writerA.state.write({ k: { ...seenByA, owner: 'A' } });
        await expect(writerB.state.write({ k: { ...seenByB, owner: 'B' } })).rejects.toThrow(
          'Storage: error writing "k" due to eTag conflict.',
        );
        expect((await writerB.state.read(['k'])).k.owner).toBe('A');
      });

      test('concurrent writers with one eTag: exactly one wins', async () => {
        const writers = [await open(), await open()];
        await writers[0].state.write({ k: { n: 0 } });
        const base = (await writers[0].state.read(['k'])).k;
        const results = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) => writers[i % 2].state.write({ k: { ...base, n: i + 1 } })),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results) {
          if (r.status === 'rejected') expect(String(r.reason)).toContain('eTag conflict');
        }
      });

      test("eTag '*' and a missing eTag overwrite unconditionally", async () => {
        const store = await open();
        await store.state.write({ k: { n: 1 } });
        await store.state.write({ k: { n: 2, eTag: '*' } });
        expect((await store.state.read(['k'])).k.n).toBe(2);
        await store.state.write({ k: { n: 3 } });
        expect((await store.state.read(['k'])).k.n).toBe(3);
      });

      test('delete removes keys; deleting a missing key is harmless', async () => {
        const store = await open();
        await store.state.write({ a: { n: 1 }, b: { n: 2 } });
        await store.state.delete(['a', 'never-written']);
        const items = await store.state.read(['a', 'b']);
        expect(Object.keys(items)).toEqual(['b']);
      });
    });

    describe('transcripts', () => {
      test('lists a conversation in time order, then append order, and only that conversation', async () => {
        const store = await open();
        await store.transcripts.append(makeEntry({ id: 't3', at: iso(3000), text: 'third' }));
        await store.transcripts.append(makeEntry({ id: 't1', at: iso(1000), text: 'first' }));
        await store.transcripts.append(makeEntry({ id: 't2a', at: iso(2000), direction: 'outbound', text: 'a' }));
        await store.transcripts.append(makeEntry({ id: 't2b', at: iso(2000), text: 'b' }));
        await store.transcripts.append(makeEntry({ id: 'other', conversationId: 'conv-2', at: iso(1500) }));
        const list = await store.transcripts.list('conv-1');
        expect(list.map((e) => e.id)).toEqual(['t1', 't2a', 't2b', 't3']);
        expect(list[1]).toEqual(makeEntryWith('t2a', iso(2000), 'outbound', 'a'));
        expect(await store.transcripts.list('nobody')).toEqual([]);
      });

      test('re-appending an id already stored does not duplicate it', async () => {
        const store = await open();
        const entry = makeEntry({ id: 'dup' });
        await store.transcripts.append(entry);
        await store.transcripts.append(entry);
        expect(await store.transcripts.list('conv-1')).toHaveLength(1);
      });

      test('appendMany writes a batch in order, interleaved by time with single appends', async () => {
        const store = await open();
        expect(store.transcripts.appendMany).toBeDefined();
        await store.transcripts.append(makeEntry({ id: 'in', at: iso(1000), text: 'hello' }));
        await store.transcripts.appendMany!([
          makeEntry({ id: 'r1', at: iso(2000), direction: 'outbound', text: 'first reply' }),
          makeEntry({ id: 'r2', at: iso(2000), direction: 'outbound', text: 'second reply' }),
          makeEntry({ id: 'r0', at: iso(1500), direction: 'outbound', text: undefined }),
        ]);
        await store.transcripts.appendMany!([]);
        const list = await store.transcripts.list('conv-1');
        expect(list.map((e) => e.id)).toEqual(['in', 'r0', 'r1', 'r2']);
        expect(list[2]).toEqual(makeEntryWith('r1', iso(2000), 'outbound', 'first reply'));
        expect(list[1].text).toBeUndefined();
      });

      test('appendMany skips ids already stored and still writes the rest', async () => {
        const store = await open();
        await store.transcripts.append(makeEntry({ id: 'dup', text: 'original' }));
        await store.transcripts.appendMany!([makeEntry({ id: 'dup', text: 'retried' }), makeEntry({ id: 'new', at: iso(5), text: 'new' })]);
        const list = await store.transcripts.list('conv-1');
        expect(list.map((e) => [e.id, e.text])).toEqual([
          ['dup', 'original'],
          ['new', 'new'],
        ]);
      });

      test('appendMany refuses a batch with an invalid time and writes none of it', async () => {
        const store = await open();
        await expect(
          store.transcripts.appendMany!([makeEntry({ id: 'ok', at: iso(1) }), makeEntry({ id: 'bad', at: 'yesterday' })]),
        ).rejects.toThrow();
        expect(await store.transcripts.list('conv-1')).toEqual([]);
      });

      test('eraseConversation removes free text but keeps metadata and rule ids', async () => {
        const store = await open();
        const screening: ScreeningResult = {
          level: 'urgent',
          subject: 'self',
          flags: ['safeguarding'],
          rulesVersion: 'sha256:abc',
          matches: [
            {
              ruleId: 'si.plan',
              category: 'suicidal_ideation',
              ruleLevel: 'urgent',
              level: 'urgent',
              text: 'end it tonight',
              start: 5,
              end: 19,
              modifiers: [],
            },
          ],
        };
        await store.transcripts.append(makeEntry({ id: 'in', at: iso(1), text: 'I am ending it tonight', screening }));
        await store.transcripts.append(makeEntry({ id: 'out', at: iso(2), direction: 'outbound', text: 'Call 999' }));
        await store.transcripts.append(makeEntry({ id: 'keep', conversationId: 'conv-2', text: 'other person' }));

        expect(await store.transcripts.eraseConversation('conv-1')).toBe(2);
        const erased = await store.transcripts.list('conv-1');
        expect(erased).toEqual([
          {
            id: 'in',
            conversationId: 'conv-1',
            channel: 'webchat',
            direction: 'inbound',
            at: iso(1),
            type: 'message',
            screening: {
              level: 'urgent',
              subject: 'self',
              flags: ['safeguarding'],
              rulesVersion: 'sha256:abc',
              matches: [
                {
                  ruleId: 'si.plan',
                  category: 'suicidal_ideation',
                  ruleLevel: 'urgent',
                  level: 'urgent',
                  text: '',
                  start: 0,
                  end: 0,
                  modifiers: [],
                },
              ],
            },
          },
          { id: 'out', conversationId: 'conv-1', channel: 'webchat', direction: 'outbound', at: iso(2), type: 'message' },
        ]);
        expect(JSON.stringify(erased)).not.toMatch(/tonight|999/);
        expect((await store.transcripts.list('conv-2'))[0].text).toBe('other person');
        expect(await store.transcripts.eraseConversation('conv-1')).toBe(0);
        expect(await store.transcripts.eraseConversation('nobody')).toBe(0);
      });

      test('retention erases text older than the cut-off, except in kept conversations, and examines each entry once', async () => {
        const store = await open();
        const screening: ScreeningResult = {
          level: 'urgent',
          subject: 'self',
          flags: [],
          rulesVersion: 'sha256:abc',
          matches: [{ ruleId: 'si.wish', category: 'suicidal_ideation', ruleLevel: 'urgent', level: 'urgent', text: 'want to die', start: 2, end: 13, modifiers: [] }],
        };
        await store.transcripts.append(makeEntry({ id: 'old-in', at: iso(1000), text: 'i want to die', screening }));
        await store.transcripts.appendMany!([
          makeEntry({ id: 'old-out', at: iso(1000), direction: 'outbound', text: 'Call 999' }),
          makeEntry({ id: 'old-unconsented', at: iso(1500), text: undefined }),
        ]);
        await store.transcripts.append(makeEntry({ id: 'old-kept', conversationId: 'conv-open', at: iso(1000), text: 'still needed' }));
        await store.transcripts.append(makeEntry({ id: 'new', at: iso(5000), text: 'recent' }));

        const first = await store.transcripts.eraseTextBefore(iso(2000), new Set(['conv-open']));
        expect(first).toEqual({ entries: 2, conversations: ['conv-1'] });
        const conv1 = await store.transcripts.list('conv-1');
        expect(conv1.map((e) => [e.id, e.text])).toEqual([
          ['old-in', undefined],
          ['old-out', undefined],
          ['old-unconsented', undefined],
          ['new', 'recent'],
        ]);
        expect(conv1[0].screening).toMatchObject({ level: 'urgent', matches: [{ ruleId: 'si.wish', text: '', start: 0, end: 0 }] });
        expect((await store.transcripts.list('conv-open'))[0].text).toBe('still needed');

        // Examined entries are not examined again; a kept conversation is swept once it is no longer kept.
        expect(await store.transcripts.eraseTextBefore(iso(2000), new Set(['conv-open']))).toEqual({ entries: 0, conversations: [] });
        expect(await store.transcripts.eraseTextBefore(iso(2000), new Set())).toEqual({ entries: 1, conversations: ['conv-open'] });
        expect((await store.transcripts.list('conv-open'))[0].text).toBeUndefined();
        expect(await store.transcripts.eraseTextBefore(iso(6000), new Set())).toEqual({ entries: 1, conversations: ['conv-1'] });
        expect(JSON.stringify(await store.transcripts.list('conv-1'))).not.toMatch(/die|999|recent/);
      });

      test('retention works through more entries than one batch', async () => {
        const store = await open();
        const entries = Array.from({ length: 1203 }, (_, i) =>
          makeEntry({ id: `bulk-${String(i).padStart(5, '0')}`, conversationId: `conv-${i % 7}`, at: iso(i), text: `message ${i}` }),
        );
        await store.transcripts.appendMany!(entries);
        const swept = await store.transcripts.eraseTextBefore(iso(1200), new Set(['conv-3']));
        const keptBefore = entries.filter((e, i) => i < 1200 && e.conversationId === 'conv-3').length;
        expect(swept.entries).toBe(1200 - keptBefore);
        expect(swept.conversations.sort()).toEqual(['conv-0', 'conv-1', 'conv-2', 'conv-4', 'conv-5', 'conv-6']);
        expect((await store.transcripts.list('conv-3')).filter((e) => e.text !== undefined)).toHaveLength(keptBefore + 1);
      });
    });

    describe('escalations', () => {
      test('insert then get round-trips the record, opaque blobs included', async () => {
        const store = await open();
        const record = makeRecord({ id: 'e1', acknowledgedBy: undefined });
        await store.escalations.insert(record);
        expect(await store.escalations.get('e1')).toEqual(stripUndefined(record));
        expect(await store.escalations.get('nope')).toBeUndefined();
      });

      test('a reference is unique among open escalations and reusable once resolved or expired', async () => {
        const store = await open();
        await store.escalations.insert(makeRecord({ id: 'e1', reference: '1111', createdAt: iso(0) }));
        await expect(
          store.escalations.insert(makeRecord({ id: 'e2', reference: '1111', state: 'paging' })),
        ).rejects.toBeInstanceOf(DuplicateReferenceError);
        await expect(store.escalations.insert(makeRecord({ id: 'e2', reference: '1111' }))).rejects.toMatchObject({
          code: 'ESCALATION_REFERENCE_TAKEN',
        });

        expect(await store.escalations.update('e1', 1, { state: 'resolved', resolvedAt: iso(10) }, at(10))).toBeDefined();
        await store.escalations.insert(makeRecord({ id: 'e2', reference: '1111', createdAt: iso(20) }));
        expect((await store.escalations.findByReference('1111'))?.id).toBe('e2');

        expect(await store.escalations.update('e2', 1, { state: 'expired' }, at(30))).toBeDefined();
        await store.escalations.insert(makeRecord({ id: 'e3', reference: '1111', createdAt: iso(40) }));
        expect((await store.escalations.findByReference('1111'))?.id).toBe('e3');
      });

      test('findByReference prefers the open escalation, else the most recent historical one', async () => {
        const store = await open();
        await store.escalations.insert(makeRecord({ id: 'old', reference: '2222', state: 'resolved', createdAt: iso(0) }));
        await store.escalations.insert(makeRecord({ id: 'newer', reference: '2222', state: 'expired', createdAt: iso(5) }));
        expect((await store.escalations.findByReference('2222'))?.id).toBe('newer');
        await store.escalations.insert(makeRecord({ id: 'open', reference: '2222', state: 'acknowledged', createdAt: iso(1) }));
        expect((await store.escalations.findByReference('2222'))?.id).toBe('open');
        expect(await store.escalations.findByReference('9999')).toBeUndefined();
      });

      test('moving a record back into an open state cannot steal a reference', async () => {
        const store = await open();
        await store.escalations.insert(makeRecord({ id: 'a', reference: '3333', state: 'resolved' }));
        await store.escalations.insert(makeRecord({ id: 'b', reference: '3333', state: 'open' }));
        await expect(store.escalations.update('a', 1, { state: 'open' }, at(1))).rejects.toBeInstanceOf(
          DuplicateReferenceError,
        );
        expect((await store.escalations.get('a'))?.state).toBe('resolved');
      });

      test('list filters by state, oldest first, with a limit', async () => {
        const store = await open();
        await store.escalations.insert(makeRecord({ id: 'c', reference: 'c', state: 'open', createdAt: iso(3) }));
        await store.escalations.insert(makeRecord({ id: 'a', reference: 'a', state: 'paging', createdAt: iso(1) }));
        await store.escalations.insert(makeRecord({ id: 'b', reference: 'b', state: 'resolved', createdAt: iso(2) }));
        await store.escalations.insert(makeRecord({ id: 'd', reference: 'd', state: 'acknowledged', createdAt: iso(4) }));
        expect((await store.escalations.list()).map((r) => r.id)).toEqual(['a', 'b', 'c', 'd']);
        expect((await store.escalations.list({ states: ['open', 'paging'] })).map((r) => r.id)).toEqual(['a', 'c']);
        expect((await store.escalations.list({ states: ['resolved'] })).map((r) => r.id)).toEqual(['b']);
        expect((await store.escalations.list({ limit: 2 })).map((r) => r.id)).toEqual(['a', 'b']);
        expect(await store.escalations.list({ states: [] })).toEqual([]);
      });

      test('update with conversationReference null removes it; undefined leaves it', async () => {
        const store = await open();
        await store.escalations.insert(makeRecord({ id: 'e1' }));
        const kept = await store.escalations.update('e1', 1, { conversationReference: undefined, currentStep: 1 }, at(5));
        expect(kept?.conversationReference).toBeDefined();
        const removed = await store.escalations.update('e1', 2, { conversationReference: null }, at(6));
        expect(removed).not.toHaveProperty('conversationReference');
        expect(await store.escalations.get('e1')).toEqual(removed);
      });

      test('update is compare-and-set on version and bumps version and updatedAt', async () => {
        const store = await open();
        await store.escalations.insert(makeRecord({ id: 'e1', leaseOwner: 'w1', leaseUntil: iso(60_000) }));
        const updated = await store.escalations.update(
          'e1',
          1,
          { state: 'acknowledged', acknowledgedBy: 'clin-7', acknowledgedAt: iso(5), leaseOwner: null, leaseUntil: null, outcome: undefined },
          at(5),
        );
        expect(updated).toMatchObject({
          state: 'acknowledged',
          acknowledgedBy: 'clin-7',
          leaseOwner: null,
          leaseUntil: null,
          version: 2,
          updatedAt: iso(5),
          reference: '4821',
          createdAt: iso(0),
        });
        expect(updated).not.toHaveProperty('outcome');
        expect(await store.escalations.get('e1')).toEqual(updated);

        expect(await store.escalations.update('e1', 1, { state: 'resolved' }, at(6))).toBeUndefined();
        expect((await store.escalations.get('e1'))?.state).toBe('acknowledged');
        expect(await store.escalations.update('missing', 1, { state: 'resolved' }, at(6))).toBeUndefined();
      });

      test('two connections updating the same version: exactly one succeeds', async () => {
        const a = await open();
        const b = await open();
        await a.escalations.insert(makeRecord({ id: 'e1' }));
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 === 0 ? a : b).escalations.update('e1', 1, { outcome: `writer-${i}` }, at(i)),
          ),
        );
        const winners = results.filter((r) => r !== undefined);
        expect(winners).toHaveLength(1);
        expect((await b.escalations.get('e1'))?.outcome).toBe(winners[0]?.outcome);
        expect((await b.escalations.get('e1'))?.version).toBe(2);
      });

      test('claimDue leases only due, open, unleased records, soonest first, up to the limit', async () => {
        const store = await open();
        const now = at(60_000);
        await store.escalations.insert(makeRecord({ id: 'due-late', reference: 'r1', nextActionAt: iso(50_000) }));
        await store.escalations.insert(makeRecord({ id: 'due-early', reference: 'r2', state: 'paging', nextActionAt: iso(10_000) }));
        await store.escalations.insert(makeRecord({ id: 'due-now', reference: 'r3', state: 'acknowledged', nextActionAt: iso(60_000) }));
        await store.escalations.insert(makeRecord({ id: 'future', reference: 'r4', nextActionAt: iso(61_000) }));
        await store.escalations.insert(makeRecord({ id: 'idle', reference: 'r5', nextActionAt: null }));
        await store.escalations.insert(makeRecord({ id: 'closed', reference: 'r6', state: 'resolved', nextActionAt: iso(0) }));
        await store.escalations.insert(
          makeRecord({ id: 'leased', reference: 'r7', nextActionAt: iso(0), leaseOwner: 'other', leaseUntil: iso(70_000) }),
        );

        const firstTwo = await store.escalations.claimDue(now, 'worker-1', 30_000, 2);
        expect(firstTwo.map((r) => r.id)).toEqual(['due-early', 'due-late']);
        for (const r of firstTwo) {
          expect(r).toMatchObject({ leaseOwner: 'worker-1', leaseUntil: iso(90_000), version: 2, updatedAt: iso(60_000) });
          expect(await store.escalations.get(r.id)).toEqual(r);
        }
        const rest = await store.escalations.claimDue(now, 'worker-1', 30_000, 10);
        expect(rest.map((r) => r.id)).toEqual(['due-now']);
        expect(await store.escalations.claimDue(now, 'worker-2', 30_000, 10)).toEqual([]);
        expect(await store.escalations.claimDue(now, 'worker-2', 30_000, 0)).toEqual([]);
      });

      test('an expired lease can be claimed by another worker; a live one cannot', async () => {
        const store = await open();
        await store.escalations.insert(makeRecord({ id: 'e1', nextActionAt: iso(0) }));
        const [claimed] = await store.escalations.claimDue(at(0), 'worker-1', 10_000, 5);
        expect(claimed.leaseUntil).toBe(iso(10_000));
        expect(await store.escalations.claimDue(at(9_999), 'worker-2', 10_000, 5)).toEqual([]);
        const [reclaimed] = await store.escalations.claimDue(at(10_000), 'worker-2', 10_000, 5);
        expect(reclaimed).toMatchObject({ id: 'e1', leaseOwner: 'worker-2', leaseUntil: iso(20_000), version: 3 });
        // The first worker's view is now stale: its compare-and-set must fail.
        expect(await store.escalations.update('e1', claimed.version, { currentStep: 1 }, at(10_001))).toBeUndefined();
      });

      test('claimDue rejects nonsense arguments with a clear error', async () => {
        const store = await open();
        await expect(store.escalations.claimDue(at(0), '', 1000, 1)).rejects.toThrow(/owner/);
        await expect(store.escalations.claimDue(at(0), 'w', 0, 1)).rejects.toThrow(/leaseMs/);
        await expect(store.escalations.claimDue(at(0), 'w', 1000, -1)).rejects.toThrow(/limit/);
      });

      test('two connections claiming concurrently never receive the same record', async () => {
        const seed = await open();
        const total = 50;
        for (let i = 0; i < total; i++) {
          await seed.escalations.insert(
            makeRecord({ id: `e${String(i).padStart(2, '0')}`, reference: `ref-${i}`, nextActionAt: iso(i) }),
          );
        }
        const claimers = [await open(), await open()];
        const claimedBy: string[][] = [[], []];
        await Promise.all(
          claimers.map(async (store, index) => {
            for (;;) {
              const batch = await store.escalations.claimDue(at(60_000), `worker-${index}`, 60_000, 3);
              if (batch.length === 0) return;
              claimedBy[index].push(...batch.map((r) => r.id));
            }
          }),
        );
        const all = [...claimedBy[0], ...claimedBy[1]];
        expect(new Set(all).size).toBe(all.length);
        expect(all.sort()).toEqual(Array.from({ length: total }, (_, i) => `e${String(i).padStart(2, '0')}`));
        for (const [index, ids] of claimedBy.entries()) {
          for (const id of ids) expect((await seed.escalations.get(id))?.leaseOwner).toBe(`worker-${index}`);
        }
      });

      test('notification attempts: insert, list in order, update, find by provider SID', async () => {
        const store = await open();
        await store.escalations.insert(makeRecord({ id: 'esc-1' }));
        await store.escalations.insertAttempt(makeAttempt({ id: 'a2', createdAt: iso(2), step: 1 }));
        await store.escalations.insertAttempt(makeAttempt({ id: 'a1', createdAt: iso(1) }));
        await store.escalations.insertAttempt(makeAttempt({ id: 'x', escalationId: 'esc-other' }));
        expect((await store.escalations.listAttempts('esc-1')).map((a) => a.id)).toEqual(['a1', 'a2']);

        const updated = await store.escalations.updateAttempt('a1', { status: 'queued', providerSid: 'SM123', updatedAt: iso(3) });
        expect(updated).toMatchObject({ id: 'a1', status: 'queued', providerSid: 'SM123', updatedAt: iso(3), to: '+447700900456' });
        expect(await store.escalations.findAttemptByProviderSid('SM123')).toEqual(updated);
        expect(await store.escalations.findAttemptByProviderSid('SM999')).toBeUndefined();

        const delivered = await store.escalations.updateAttempt('a1', { status: 'delivered', updatedAt: iso(4) });
        expect(delivered).toMatchObject({ status: 'delivered', providerSid: 'SM123' });
        expect((await store.escalations.listAttempts('esc-1'))[0]).toEqual(delivered);
        expect(await store.escalations.updateAttempt('missing', { status: 'failed' })).toBeUndefined();
        expect(await store.escalations.listAttempts('nobody')).toEqual([]);
      });
    });

    describe('audit log', () => {
      test('lists entries oldest first, filtered, and the most recent N with a limit', async () => {
        const store = await open();
        await store.audit.append(makeAudit({ id: 'a3', at: iso(3), escalationId: 'e1', fromState: 'open', toState: 'paging' }));
        await store.audit.append(makeAudit({ id: 'a1', at: iso(1), escalationId: 'e1', conversationId: 'c1' }));
        await store.audit.append(makeAudit({ id: 'a2', at: iso(2), conversationId: 'c1', details: { 'a.b': { $x: 1 } } }));
        await store.audit.append(makeAudit({ id: 'a4', at: iso(3), escalationId: 'e2' }));

        expect((await store.audit.list({})).map((e) => e.id)).toEqual(['a1', 'a2', 'a3', 'a4']);
        expect((await store.audit.list({ escalationId: 'e1' })).map((e) => e.id)).toEqual(['a1', 'a3']);
        expect((await store.audit.list({ conversationId: 'c1' })).map((e) => e.id)).toEqual(['a1', 'a2']);
        expect((await store.audit.list({ escalationId: 'e1', conversationId: 'c1' })).map((e) => e.id)).toEqual(['a1']);
        expect((await store.audit.list({ limit: 2 })).map((e) => e.id)).toEqual(['a3', 'a4']);
        expect((await store.audit.list({ conversationId: 'c1' }))[1]).toEqual(
          makeAudit({ id: 'a2', at: iso(2), conversationId: 'c1', details: { 'a.b': { $x: 1 } } }),
        );
        expect((await store.audit.list({ escalationId: 'e1' }))[1]).toMatchObject({ fromState: 'open', toState: 'paging' });
      });

      test('exposes no way to change or remove entries', async () => {
        const store = await open();
        const auditMethods = Object.getOwnPropertyNames(Object.getPrototypeOf(store.audit)).filter((m) => m !== 'constructor');
        expect(auditMethods.sort()).toEqual(['append', 'list']);
      });
    });

    describe('idempotency', () => {
      test('claimOnce is true the first time only, across connections', async () => {
        const a = await open();
        const b = await open();
        expect(await a.idempotency.claimOnce('SM1', at(0))).toBe(true);
        expect(await a.idempotency.claimOnce('SM1', at(1))).toBe(false);
        expect(await b.idempotency.claimOnce('SM1', at(2))).toBe(false);
        expect(await b.idempotency.claimOnce('SM2', at(2))).toBe(true);
      });

      test('concurrent claims of one key from two connections: exactly one wins', async () => {
        const stores = [await open(), await open()];
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => stores[i % 2].idempotency.claimOnce('race', at(i))),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      });
    });

    describe('safety-check watches', () => {
      test('a watch is claimed once it is due, and completing it removes it', async () => {
        const store = await open();
        const armId = await store.safetyCheckWatches.arm(makeWatchRequest('conv-a'), at(60_000));
        expect(await store.safetyCheckWatches.claimDue(at(59_999), 'worker-1', 30_000, 10)).toEqual([]);
        const [watch] = await store.safetyCheckWatches.claimDue(at(60_000), 'worker-1', 30_000, 10);
        expect(watch).toEqual({
          conversationId: 'conv-a',
          dueAt: iso(60_000),
          armId,
          request: makeWatchRequest('conv-a'),
          leaseOwner: 'worker-1',
          leaseUntil: iso(90_000),
        });
        expect(await store.safetyCheckWatches.claimDue(at(60_001), 'worker-2', 30_000, 10)).toEqual([]);
        expect(await store.safetyCheckWatches.complete('conv-a', armId)).toBe(true);
        expect(await store.safetyCheckWatches.complete('conv-a', armId)).toBe(false);
        expect(await store.safetyCheckWatches.claimDue(at(200_000), 'worker-2', 30_000, 10)).toEqual([]);
      });

      test('re-arming replaces the watch: new due time, new armId, lease dropped; the old claim cannot complete it', async () => {
        const store = await open();
        const first = await store.safetyCheckWatches.arm(makeWatchRequest('conv-a', 'first'), at(10_000));
        const [claimed] = await store.safetyCheckWatches.claimDue(at(10_000), 'worker-1', 30_000, 10);
        expect(claimed.armId).toBe(first);
        // The person wrote again while the worker held the lease.
        const second = await store.safetyCheckWatches.arm(makeWatchRequest('conv-a', 'second'), at(70_000));
        expect(second).not.toBe(first);
        expect(await store.safetyCheckWatches.complete('conv-a', first)).toBe(false);
        const [again] = await store.safetyCheckWatches.claimDue(at(70_000), 'worker-2', 30_000, 10);
        expect(again).toMatchObject({ armId: second, dueAt: iso(70_000), leaseOwner: 'worker-2' });
        expect(again.request.reason.summary).toBe('second');
      });

      test('disarm removes the watch; disarming nothing is fine', async () => {
        const store = await open();
        await store.safetyCheckWatches.arm(makeWatchRequest('conv-a'), at(0));
        await store.safetyCheckWatches.arm(makeWatchRequest('conv-b'), at(0));
        await store.safetyCheckWatches.disarm('conv-a');
        await store.safetyCheckWatches.disarm('never-armed');
        const due = await store.safetyCheckWatches.claimDue(at(1), 'worker-1', 1_000, 10);
        expect(due.map((w) => w.conversationId)).toEqual(['conv-b']);
      });

      test('oldest due first, up to the limit; an expired lease can be claimed again', async () => {
        const store = await open();
        await store.safetyCheckWatches.arm(makeWatchRequest('late'), at(30_000));
        await store.safetyCheckWatches.arm(makeWatchRequest('early'), at(10_000));
        await store.safetyCheckWatches.arm(makeWatchRequest('future'), at(90_000));
        const firstOne = await store.safetyCheckWatches.claimDue(at(60_000), 'worker-1', 5_000, 1);
        expect(firstOne.map((w) => w.conversationId)).toEqual(['early']);
        const rest = await store.safetyCheckWatches.claimDue(at(60_000), 'worker-1', 5_000, 10);
        expect(rest.map((w) => w.conversationId)).toEqual(['late']);
        expect(await store.safetyCheckWatches.claimDue(at(64_999), 'worker-2', 5_000, 10)).toEqual([]);
        const reclaimed = await store.safetyCheckWatches.claimDue(at(65_000), 'worker-2', 5_000, 10);
        expect(reclaimed.map((w) => [w.conversationId, w.leaseOwner])).toEqual([['early', 'worker-2'], ['late', 'worker-2']]);
        await expect(store.safetyCheckWatches.claimDue(at(0), '', 1_000, 1)).rejects.toThrow(/owner/);
      });

      test('two connections claiming concurrently never receive the same watch', async () => {
        const seed = await open();
        const total = 30;
        for (let i = 0; i < total; i++) await seed.safetyCheckWatches.arm(makeWatchRequest(`conv-${i}`), at(i));
        const workers = [await open(), await open()];
        const rounds = await Promise.all(
          workers.map(async (store, w) => {
            const got: string[] = [];
            for (let round = 0; round < 10; round++) {
              for (const watch of await store.safetyCheckWatches.claimDue(at(100_000), `worker-${w}`, 60_000, 4)) got.push(watch.conversationId);
            }
            return got;
          }),
        );
        const all = rounds.flat();
        expect(new Set(all).size).toBe(all.length);
        expect(all).toHaveLength(total);
      });

      test('a watch survives closing and reopening', async () => {
        const first = await fixture.open();
        const armId = await first.safetyCheckWatches.arm(makeWatchRequest('conv-a'), at(0));
        await first.close();
        const second = await open();
        const [watch] = await second.safetyCheckWatches.claimDue(at(0), 'worker-1', 1_000, 5);
        expect(watch).toMatchObject({ conversationId: 'conv-a', armId });
      });
    });

    describe('lifecycle', () => {
      test('everything survives closing and reopening', async () => {
        const first = await fixture.open();
        await first.state.write({ k: { n: 1 } });
        await first.transcripts.append(makeEntry({ id: 't1' }));
        await first.escalations.insert(makeRecord({ id: 'e1' }));
        await first.escalations.insertAttempt(makeAttempt({ id: 'a1', escalationId: 'e1', providerSid: 'SM1' }));
        await first.audit.append(makeAudit({ id: 'au1', escalationId: 'e1' }));
        await first.idempotency.claimOnce('key', at(0));
        await first.close();
        await expect(first.ping()).rejects.toThrow();

        const second = await open();
        expect((await second.state.read(['k'])).k.n).toBe(1);
        expect((await second.transcripts.list('conv-1')).map((e) => e.id)).toEqual(['t1']);
        expect((await second.escalations.get('e1'))?.reference).toBe('4821');
        expect((await second.escalations.findAttemptByProviderSid('SM1'))?.id).toBe('a1');
        expect((await second.audit.list({ escalationId: 'e1' })).map((e) => e.id)).toEqual(['au1']);
        expect(await second.idempotency.claimOnce('key', at(1))).toBe(false);
        // The unique reference survives too.
        await expect(second.escalations.insert(makeRecord({ id: 'e2' }))).rejects.toBeInstanceOf(DuplicateReferenceError);
      });

      test('close is idempotent', async () => {
        const store = await fixture.open();
        await store.close();
        await expect(store.close()).resolves.toBeUndefined();
      });
    });
  });
}

function makeEntryWith(id: string, atIso: string, direction: TranscriptEntry['direction'], text: string): TranscriptEntry {
  return makeEntry({ id, at: atIso, direction, text });
}

function stripUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
