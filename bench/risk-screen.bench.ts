import { performance } from 'node:perf_hooks';
import { loadRiskScreen } from '../config/load-risk-rules';
import type { RiskScreen } from '../escalation/risk/risk-screen';

/** Synthetic messages (not from any corpus): everyday, distressed and high-risk, roughly 60 characters each. */
const SHORT_MESSAGES = [
  'what time does the crisis cafe open on a sunday evening pls?',
  'my commute is killing me and work was awful today, so tired',
  'feel really low and cant stop crying, dont know who to talk to',
  'honestly dont want to be here anymore, everything is too much',
  'ive taken a load of my tablets and now i feel really strange',
  'can i bring my partner with me to the appointment next week?',
];

function longMessage(targetChars: number, seed: number): string {
  const parts: string[] = [];
  let length = 0;
  let i = seed;
  while (length < targetChars) {
    const part = SHORT_MESSAGES[i % SHORT_MESSAGES.length];
    parts.push(part);
    length += part.length + 1;
    i++;
  }
  return parts.join(' ').slice(0, targetChars);
}

function toLines(texts: string[]): string[] {
  return texts.map((text, i) => JSON.stringify({ id: `m${i}`, text, channel: 'bench' }));
}

const ROUNDS = 3;

/** Runs `fn` over every line repeatedly for at least `minMs`; returns lines per second. */
function throughput(lines: string[], fn: (line: string) => string, minMs: number): number {
  let sink = 0;
  for (let i = 0; i < Math.min(lines.length, 200); i++) sink += fn(lines[i]).length;
  let processed = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (const line of lines) sink += fn(line).length;
    processed += lines.length;
    elapsed = performance.now() - start;
  }
  if (sink < 0) throw new Error('unreachable');
  return (processed / elapsed) * 1000;
}

function jsonOnly(line: string): string {
  const parsed = JSON.parse(line) as { id: unknown; text: string };
  return JSON.stringify({ id: parsed.id, text: parsed.text });
}

function withScreen(screen: RiskScreen) {
  return (line: string): string => {
    const parsed = JSON.parse(line) as { id: unknown; text: string };
    const result = screen.screen(parsed.text);
    return JSON.stringify({ id: parsed.id, text: parsed.text, ...result });
  };
}

function timePerMessage(screen: RiskScreen, text: string, minMs: number): number {
  screen.screen(text);
  let runs = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    screen.screen(text);
    runs++;
    elapsed = performance.now() - start;
  }
  return elapsed / runs;
}

/**
 * Screening throughput against the JSON handling around it (parse the input line, write an output line), in one
 * run. Pass: screening keeps at least half the JSON-only throughput (it costs no more than the JSON work) on short
 * and long messages, and a 100 KB message takes at most 100× a 1 KB one (linear growth).
 */
export async function runRiskScreenBench(): Promise<{ name: string; lines: string[]; pass: boolean }> {
  // Start-up cost: read, validate and compile the rules (the bot does this once before serving).
  const loadStart = performance.now();
  const screen = loadRiskScreen();
  const loadMs = performance.now() - loadStart;
  const shortLines = toLines(Array.from({ length: 600 }, (_, i) => SHORT_MESSAGES[i % SHORT_MESSAGES.length] + ` ${i}`));
  const longLines = toLines(Array.from({ length: 120 }, (_, i) => longMessage(1024, i)));
  const minMs = 700;

  const results: { label: string; ratio: number }[] = [];
  const lines: string[] = [`rules ${screen.rulesVersion}: load + compile ${Math.round(loadMs).toLocaleString('en-GB')} ms (first load in this process)`];
  for (const [label, input] of [
    ['short (~60 chars)', shortLines],
    ['long (~1 KB)', longLines],
  ] as const) {
    // Alternate the two workloads and keep each one's best round, so a busy machine (shared CI, other
    // processes) slows both sides alike instead of whichever happened to run during the noise.
    let json = 0;
    let screened = 0;
    for (let round = 0; round < ROUNDS; round++) {
      json = Math.max(json, throughput(input, jsonOnly, minMs / ROUNDS));
      screened = Math.max(screened, throughput(input, withScreen(screen), minMs / ROUNDS));
    }
    const ratio = screened / json;
    results.push({ label, ratio });
    lines.push(
      `${label}: parse+screen+write ${Math.round(screened).toLocaleString('en-GB')} lines/s vs parse+write ${Math.round(json).toLocaleString('en-GB')} lines/s → ratio ${ratio.toFixed(2)} (target ≥ 0.50)`,
    );
  }

  const oneKb = longMessage(1024, 3);
  const hundredKb = longMessage(100 * 1024, 3);
  const t1 = timePerMessage(screen, oneKb, 500);
  const t100 = timePerMessage(screen, hundredKb, 1500);
  const growth = t100 / t1;
  lines.push(`1 KB message ${(t1 * 1000).toFixed(1)} µs, 100 KB message ${(t100 * 1000).toFixed(1)} µs → ×${growth.toFixed(1)} (target ≤ 100)`);

  const pass = results.every((r) => r.ratio >= 0.5) && growth <= 100;
  return { name: 'risk screen', lines, pass };
}
