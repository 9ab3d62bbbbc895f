import { readFile } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { Command, InvalidArgumentError } from 'commander';
import { RISK_LEVELS, riskRank, type RiskLevel, type RiskSubject } from '../../../escalation/risk/risk-level';
import {
  evaluate,
  formatReport,
  missedThresholds,
  type EvaluationReport,
  type EvaluationThresholds,
  type LabelledOutcome,
} from '../../../escalation/risk/risk-evaluation';
import type { ScreeningResult } from '../../../escalation/risk/screening-result';

/** What the commands need from the risk screen (RiskScreen satisfies it). */
export interface Screener {
  screen(text: string): ScreeningResult;
  readonly rulesVersion: string;
}

export interface RiskCommandOptions {
  loadRiskScreen: () => Screener;
  stdin?: Readable;
  stdout?: Writable;
  stderr?: Writable;
  /** Receives the exit code of each command; defaults to setting process.exitCode. */
  setExitCode?: (code: number) => void;
}

/** Longer lines are screened on their first MAX_LINE_CHARS characters only; the output says so. */
export const MAX_LINE_CHARS = 2 * 1024 * 1024;

function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function idOf(value: unknown): string | number | null {
  if (typeof value === 'object' && value !== null && 'id' in value) {
    const id = (value as { id: unknown }).id;
    if (typeof id === 'string' || typeof id === 'number') return id;
  }
  return null;
}

function write(output: Writable, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = output.write(`${line}\n`, (err) => (err ? reject(err) : undefined));
    if (ok) resolve();
    else output.once('drain', resolve);
  });
}

/**
 * Splits a byte stream into lines without ever holding more than one line (capped) in memory.
 * Invalid UTF-8 is replaced, not fatal.
 */
async function* readLines(input: Readable): AsyncGenerator<{ line: string; truncated: boolean }> {
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let pending = '';
  let truncated = false;
  for await (const chunk of input) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk as Uint8Array, { stream: true });
    let start = 0;
    let newline: number;
    while ((newline = text.indexOf('\n', start)) !== -1) {
      const piece = text.slice(start, newline);
      if (!truncated) pending += piece;
      yield { line: pending.length > MAX_LINE_CHARS ? pending.slice(0, MAX_LINE_CHARS) : pending, truncated: truncated || pending.length > MAX_LINE_CHARS };
      pending = '';
      truncated = false;
      start = newline + 1;
    }
    if (!truncated) {
      pending += text.slice(start);
      if (pending.length > MAX_LINE_CHARS) {
        pending = pending.slice(0, MAX_LINE_CHARS);
        truncated = true;
      }
    }
  }
  pending += decoder.decode();
  if (pending.length > 0) yield { line: pending, truncated };
}

/** One output line for one input line: a screening result, or an error naming the input. */
export function screenLine(line: string, screener: Screener): string | null {
  const trimmed = line.replace(/\r$/, '');
  if (trimmed.trim().length === 0) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch (err) {
    return JSON.stringify({ id: null, error: `invalid JSON: ${describeError(err)}` });
  }
  const id = idOf(parsed);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return JSON.stringify({ id, error: 'each line must be a JSON object like {"id": ..., "text": ...}' });
  }
  const text = (parsed as { text?: unknown }).text;
  if (typeof text !== 'string') {
    return JSON.stringify({ id, error: 'field "text" must be a string' });
  }
  const result = screener.screen(text);
  return JSON.stringify({
    id,
    level: result.level,
    subject: result.subject,
    flags: result.flags,
    matches: result.matches,
    rulesVersion: result.rulesVersion,
  });
}

/** `crisis-bot screen`: JSON Lines in, one JSON line out per non-empty input line; never stops on bad input. */
export async function runScreen(input: Readable, output: Writable, screener: Screener): Promise<{ screened: number; errors: number }> {
  let screened = 0;
  let errors = 0;
  for await (const { line, truncated } of readLines(input)) {
    let out: string | null;
    if (truncated) {
      out = JSON.stringify({ id: null, error: `line longer than ${MAX_LINE_CHARS} characters` });
    } else {
      try {
        out = screenLine(line, screener);
      } catch (err) {
        // The screen itself failed on this input: report it for this line and keep going.
        out = JSON.stringify({ id: null, error: `screening failed: ${describeError(err)}` });
      }
    }
    if (out === null) continue;
    if (out.includes('"error"')) errors++;
    else screened++;
    await write(output, out);
  }
  return { screened, errors };
}

function parseLevel(value: unknown): RiskLevel | null {
  return typeof value === 'string' && (RISK_LEVELS as readonly string[]).includes(value) ? (value as RiskLevel) : null;
}

export interface EvalRun {
  report: EvaluationReport;
  invalidLines: string[];
  /** One tab-separated line per triage error (kind, id, labelled→screened, rules, text). */
  errors: string[];
}

/** Screens a labelled JSON Lines text (fields text, level, subject) and computes the metrics. */
export function evaluateLabelled(content: string, screener: Screener): EvalRun {
  const outcomes: LabelledOutcome[] = [];
  const invalidLines: string[] = [];
  const errors: string[] = [];
  content.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line.length === 0) return;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      invalidLines.push(`line ${index + 1}: invalid JSON`);
      return;
    }
    const record = (typeof row === 'object' && row !== null ? row : {}) as Record<string, unknown>;
    const expected = parseLevel(record.level);
    if (typeof record.text !== 'string' || expected === null) {
      invalidLines.push(`line ${index + 1}: needs "text" (string) and "level" (${RISK_LEVELS.join('/')})`);
      return;
    }
    const result = screener.screen(record.text);
    const subject = record.subject === 'self' || record.subject === 'other' ? (record.subject as RiskSubject) : undefined;
    outcomes.push({ expected, screened: result.level, expectedSubject: subject, screenedSubject: result.subject });
    const error = triageErrorOf(expected, result.level);
    if (error) {
      const id = idOf(record) ?? `line ${index + 1}`;
      const rules = result.matches.map((m) => m.ruleId).join(',') || '-';
      errors.push(`${error}\t${id}\t${expected}→${result.level}\trules=${rules}\t${record.text.slice(0, 200)}`);
    }
  });
  return { report: evaluate(outcomes), invalidLines, errors };
}

/** The errors a rule author must look at: missed risk, missed emergency, and a false alarm on a `none` message. */
function triageErrorOf(expected: RiskLevel, screened: RiskLevel): string | null {
  if (expected === 'emergency' && screened !== 'emergency') return riskRank(screened) < riskRank('urgent') ? 'UNDER-TRIAGE' : 'EMERGENCY-MISSED';
  if (riskRank(expected) >= riskRank('urgent') && riskRank(screened) < riskRank('urgent')) return 'RISK-MISSED';
  if (expected === 'none' && riskRank(screened) >= riskRank('urgent')) return 'FALSE-ALARM';
  return null;
}

function probability(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError(`${name} must be a number between 0 and 1`);
    return n;
  };
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number ≥ 0');
  return n;
}

export function registerRiskCommands(program: Command, options: RiskCommandOptions): void {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const setExitCode = options.setExitCode ?? ((code: number) => (process.exitCode = code));

  program
    .command('screen')
    .description('Screen JSON Lines from stdin ({"id","text"}) and write one JSON result line per input')
    .action(async () => {
      const screener = options.loadRiskScreen();
      const { errors } = await runScreen(options.stdin ?? process.stdin, stdout, screener);
      if (errors > 0) stderr.write(`crisis-bot screen: ${errors} input line(s) could not be screened (see error lines)\n`);
      setExitCode(0);
    });

  program
    .command('eval')
    .description('Screen a labelled JSON Lines file (text, level, subject) and print a confusion matrix and metrics')
    .argument('<file>', 'labelled JSON Lines file')
    .option('--min-sensitivity <ratio>', 'fail if sensitivity is below this (0–1)', probability('--min-sensitivity'))
    .option('--min-emergency-recall <ratio>', 'fail if emergency recall is below this (0–1)', probability('--min-emergency-recall'))
    .option('--max-under-triage <count>', 'fail if more emergencies than this are screened concern/none', count)
    .option('--max-none-raised <ratio>', 'fail if a larger share of none messages is raised to urgent+', probability('--max-none-raised'))
    .option('--show-errors', 'list each missed risk, missed emergency and false alarm with the rules that fired')
    .action(async (file: string, flags: EvaluationThresholds & { showErrors?: boolean }) => {
      let content: string;
      try {
        content = await readFile(file, 'utf8');
      } catch (err) {
        stderr.write(`crisis-bot eval: cannot read ${file}: ${describeError(err)}\n`);
        setExitCode(2);
        return;
      }
      const screener = options.loadRiskScreen();
      const { report, invalidLines, errors } = evaluateLabelled(content, screener);
      for (const problem of invalidLines) stderr.write(`crisis-bot eval: skipped ${problem}\n`);
      const lines = [`rules version: ${screener.rulesVersion}`, ...formatReport(report)];
      const missed = missedThresholds(report, flags);
      lines.push(missed.length === 0 ? 'thresholds: all met' : `thresholds MISSED: ${missed.join('; ')}`);
      if (flags.showErrors) lines.push(`errors (${errors.length}):`, ...errors);
      stdout.write(`${lines.join('\n')}\n`);
      setExitCode(missed.length === 0 && report.total > 0 ? 0 : 1);
    });
}
