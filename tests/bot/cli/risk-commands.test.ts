import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { Command } from 'commander';
import { registerRiskCommands, runScreen } from '../../../bot/cli/commands/risk-commands';
import { loadRiskScreen } from '../../../config/load-risk-rules';

const screen = loadRiskScreen();

async function screenLines(input: Buffer | string): Promise<Record<string, unknown>[]> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (c: Buffer) => chunks.push(c));
  await runScreen(Readable.from([typeof input === 'string' ? Buffer.from(input) : input]), output, screen);
  output.end();
  return Buffer.concat(chunks)
    .toString('utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('crisis-bot screen', () => {
  it('writes one result per input line with id, level, subject, flags, matches and rulesVersion', async () => {
    const out = await screenLines('{"id":"a","text":"i want to die","channel":"sms"}\n{"id":2,"text":"what time do you open"}\n');
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ id: 'a', level: 'urgent', subject: 'self', rulesVersion: screen.rulesVersion });
    expect(Array.isArray(out[0].matches)).toBe(true);
    expect(out[1]).toMatchObject({ id: 2, level: 'none', flags: [], matches: [] });
  });

  it('reports an error line for bad input and carries on', async () => {
    const out = await screenLines('not json\n{"id":"x"}\n[1,2]\n{"id":"ok","text":"kms"}\n');
    expect(out[0]).toMatchObject({ id: null });
    expect(String(out[0].error)).toMatch(/invalid JSON/);
    expect(out[1]).toMatchObject({ id: 'x', error: 'field "text" must be a string' });
    expect(out[2].error).toBeDefined();
    expect(out[3]).toMatchObject({ id: 'ok', level: 'urgent' });
  });

  it('skips empty lines and handles CRLF and a last line without newline', async () => {
    const out = await screenLines('\n\r\n   \n{"id":1,"text":"hello"}\r\n{"id":2,"text":"kms"}');
    expect(out.map((o) => o.id)).toEqual([1, 2]);
  });

  it('survives binary garbage', async () => {
    const garbage = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 131) % 256));
    const out = await screenLines(Buffer.concat([garbage, Buffer.from('\n{"id":"after","text":"fine"}\n')]));
    expect(out[out.length - 1]).toMatchObject({ id: 'after', level: 'none' });
    expect(out.slice(0, -1).every((o) => typeof o.error === 'string')).toBe(true);
  });

  it('screens a 1 MB line', async () => {
    const text = 'just a long day at work and nothing else to say. '.repeat(21000) + 'im going to kill myself tonight';
    const out = await screenLines(`${JSON.stringify({ id: 'big', text })}\n{"id":"next","text":"hi"}\n`);
    expect(out[0]).toMatchObject({ id: 'big', level: 'emergency' });
    expect(out[1]).toMatchObject({ id: 'next' });
  }, 120_000);
});

describe('crisis-bot eval', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'risk-eval-'));
  const file = path.join(dir, 'labelled.jsonl');
  writeFileSync(
    file,
    [
      { text: 'i want to die', level: 'urgent', subject: 'self' },
      { text: 'ive taken 40 paracetamol', level: 'emergency', subject: 'self' },
      { text: 'what time do you open on monday', level: 'none', subject: 'self' },
      { text: 'feeling really low today', level: 'concern', subject: 'self' },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n') + '\nnot json\n',
  );

  async function runEval(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    let code = -1;
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    stdout.on('data', (c: Buffer) => (out += c.toString()));
    stderr.on('data', (c: Buffer) => (err += c.toString()));
    const program = new Command('crisis-bot').exitOverride();
    registerRiskCommands(program, { loadRiskScreen: () => screen, stdout, stderr, setExitCode: (c) => (code = c) });
    await program.parseAsync(['node', 'crisis-bot', 'eval', ...args]);
    return { code, out, err };
  }

  it('prints a confusion matrix and the key figures, exit 0 when thresholds hold', async () => {
    const { code, out, err } = await runEval([file, '--min-sensitivity', '0.98', '--max-under-triage', '0', '--max-none-raised', '0.03']);
    expect(out).toMatch(/confusion matrix/);
    expect(out).toMatch(/sensitivity .*: 100\.0%/);
    expect(out).toMatch(/under-triage .*: 0/);
    expect(out).toMatch(/thresholds: all met/);
    expect(err).toMatch(/skipped line 5: invalid JSON/);
    expect(code).toBe(0);
  });

  it('exits non-zero when a threshold is missed', async () => {
    const hard = path.join(dir, 'hard.jsonl');
    writeFileSync(hard, `${JSON.stringify({ text: 'lovely weather', level: 'emergency', subject: 'self' })}\n`);
    const { code, out } = await runEval([hard, '--max-under-triage', '0']);
    expect(out).toMatch(/thresholds MISSED: under-triage 1 > 0/);
    expect(code).toBe(1);
  });

  it('--show-errors lists each missed risk and false alarm with its id, levels and the rules that fired', async () => {
    const mixed = path.join(dir, 'mixed.jsonl');
    writeFileSync(
      mixed,
      [
        { id: 'e1', text: 'lovely weather', level: 'emergency', subject: 'self' },
        { id: 'u1', text: 'what time do you open', level: 'urgent', subject: 'self' },
        { id: 'n1', text: 'i want to die', level: 'none', subject: 'self' },
        { id: 'ok', text: 'ive taken 40 paracetamol', level: 'emergency', subject: 'self' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const { out } = await runEval([mixed, '--show-errors']);
    const listed = out.split('\n').slice(out.split('\n').findIndex((l) => l.startsWith('errors (')));
    expect(listed[0]).toBe('errors (3):');
    expect(listed[1]).toMatch(/^UNDER-TRIAGE\te1\temergency→none\trules=-\tlovely weather$/);
    expect(listed[2]).toMatch(/^RISK-MISSED\tu1\turgent→none\t/);
    expect(listed[3]).toMatch(/^FALSE-ALARM\tn1\tnone→urgent\trules=[A-Za-z]/);
    expect(out).not.toMatch(/\tok\t/);
  });

  it('exits 2 when the file cannot be read', async () => {
    const { code, err } = await runEval([path.join(dir, 'missing.jsonl')]);
    expect(code).toBe(2);
    expect(err).toMatch(/cannot read/);
  });
});
