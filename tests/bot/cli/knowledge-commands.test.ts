import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Command } from 'commander';
import { registerKnowledgeCommands } from '../../../bot/cli/commands/knowledge-commands';
import { parseExtraTraining } from '../../../bot/nlu/training-data';
import { ManualClock } from '../../../config/clock';

const fixtures = join(__dirname, '..', '..', 'fixtures');

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

async function run(args: string[], options: { now?: string; knowledgeBasePath?: string; extraTrainingPath?: string } = {}) {
  const out = new Capture();
  let exitCode = 0;
  const program = new Command('crisis-bot').exitOverride();
  program.configureOutput({ writeOut: (s) => out.write(s), writeErr: (s) => out.write(s) });
  registerKnowledgeCommands(program, {
    out,
    clock: new ManualClock(options.now ?? '2026-11-24T12:00:00Z'),
    knowledgeBasePath: options.knowledgeBasePath,
    extraTrainingPath: options.extraTrainingPath ?? join(tmp, 'no-extra-training.yaml'),
    setExitCode: (code) => (exitCode = code),
  });
  await program.parseAsync(['node', 'crisis-bot', ...args]);
  return { out: out.text, exitCode };
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'kb-cli-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('crisis-bot kb check', () => {
  it('passes for the shipped knowledge base on 2026-11-24', async () => {
    const { out, exitCode } = await run(['kb', 'check']);
    expect(exitCode).toBe(0);
    expect(out).toContain('30 items, valid');
    expect(out).toContain('No item is past its review date (as of 2026-11-24)');
  });

  it('lists past-due items and exits 1', async () => {
    const { out, exitCode } = await run(['kb', 'check'], { knowledgeBasePath: join(fixtures, 'knowledge', 'past-due-kb.yaml') });
    expect(exitCode).toBe(1);
    expect(out).toContain('2 item(s) past their review date');
    expect(out).toContain('- opening-hours ("Opening hours"): review was due 2026-03-01 (268 day(s) ago); owner: Crisis service manager');
    expect(out).not.toContain('- parking');
  });

  it('explains an invalid knowledge base and exits 2', async () => {
    const bad = join(tmp, 'bad-kb.yaml');
    writeFileSync(bad, readFileSync(join(fixtures, 'knowledge', 'past-due-kb.yaml'), 'utf8').replace('owner: Estates manager', 'owner: ""'));
    const { out, exitCode } = await run(['kb', 'check'], { knowledgeBasePath: bad });
    expect(exitCode).toBe(2);
    expect(out).toContain('item "parking" → owner: must name the role responsible for this answer');
  });
});

describe('crisis-bot nlu eval', () => {
  it('prints accuracy and out-of-scope rejection and passes the default thresholds', async () => {
    const { out, exitCode } = await run(['nlu', 'eval']);
    expect(out).toMatch(/Held-out accuracy \(top-1\): (9\d|100)\.\d% \(\d+\/90\); minimum 90\.0%/);
    expect(out).toMatch(/Out-of-scope rejection \("none"\): \d+\.\d% \(\d+\/25\); minimum 70\.0%/);
    expect(out).toContain('PASS');
    expect(exitCode).toBe(0);
  });

  it('exits 1 below a stricter threshold', async () => {
    const { out, exitCode } = await run(['nlu', 'eval', '--min-accuracy', '1', '--min-rejection', '1']);
    expect(exitCode).toBe(1);
    expect(out).toContain('FAIL');
    expect(out).toContain('Held-out misses:');
  });

  it('rejects a threshold that is not a ratio', async () => {
    await expect(run(['nlu', 'eval', '--min-accuracy', '90'])).rejects.toThrow(/must be a number between 0 and 1/);
  });
});

describe('crisis-bot nlu import-luis', () => {
  it('writes a training file from a LUIS export that eval then uses', async () => {
    const outPath = join(tmp, 'extra.yaml');
    const { out, exitCode } = await run(['nlu', 'import-luis', join(fixtures, 'luis-export-7.json'), '--out', outPath]);
    expect(exitCode).toBe(0);
    expect(out).toContain('Imported LUIS app "ExampleTrustCrisisText" (schema 7.0.0): 11 utterances');
    expect(out).toContain('no knowledge-base item for parking_and_travel, gym_membership');
    const training = parseExtraTraining(readFileSync(outPath, 'utf8'), outPath);
    expect(training.intents.opening_hours).toContain('what are your opening times');

    const evalRun = await run(['nlu', 'eval'], { extraTrainingPath: outPath });
    expect(evalRun.out).toMatch(/trained on \d+ examples/);
    expect(evalRun.exitCode).toBe(0);
  });

  it('explains a malformed export and writes nothing', async () => {
    const outPath = join(tmp, 'never.yaml');
    const { out, exitCode } = await run(['nlu', 'import-luis', join(fixtures, 'luis-export-malformed.json'), '--out', outPath]);
    expect(exitCode).toBe(2);
    expect(out).toContain('cannot import LUIS export');
    expect(out).toContain('utterances.2.text: must not be empty');
    expect(() => readFileSync(outPath)).toThrow();
  });

  it('explains a missing file', async () => {
    const { out, exitCode } = await run(['nlu', 'import-luis', join(tmp, 'nope.json')]);
    expect(exitCode).toBe(2);
    expect(out).toContain('nope.json: no such file');
  });
});
