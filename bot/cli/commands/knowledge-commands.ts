import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { Command, InvalidArgumentError } from 'commander';
import { DateTime } from 'luxon';
import type { Clock } from '../../../config/clock';
import { DEFAULT_KNOWLEDGE_BASE_PATH, loadKnowledgeBase } from '../../../config/load-knowledge-base';
import { itemsPastReview } from '../../../dialogs/knowledge/knowledge-base';
import type { KnowledgeBaseConfig } from '../../../config/knowledge-base-schema';
import { DEFAULT_THRESHOLDS } from '../../../dialogs/knowledge/recognizer';
import { evaluateEmbeddedRecognizer } from '../../nlu/evaluation';
import { extraTrainingToYaml, importLuisExportText } from '../../nlu/luis-import';
import { DEFAULT_EXTRA_TRAINING_PATH, loadExtraTraining } from '../../nlu/training-data';

export interface KnowledgeCommandDeps {
  out: Writable;
  clock: Clock;
  knowledgeBasePath?: string;
  extraTrainingPath?: string;
  /** Defaults to setting process.exitCode; tests pass their own. */
  setExitCode?: (code: number) => void;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function write(out: Writable, line = ''): void {
  out.write(`${line}\n`);
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** `kb check`: validates the knowledge base and lists items past their review date. Exit 0 = all reviewed. */
export function runKbCheck(out: Writable, options: { knowledgeBasePath?: string; now: Date }): number {
  const path = options.knowledgeBasePath ?? DEFAULT_KNOWLEDGE_BASE_PATH;
  let kb: KnowledgeBaseConfig;
  try {
    kb = loadKnowledgeBase(path);
  } catch (err) {
    write(out, errorMessage(err));
    return 2;
  }
  const past = itemsPastReview(kb.items, options.now);
  const today = DateTime.fromJSDate(options.now, { zone: 'Europe/London' }).toISODate();
  write(out, `Knowledge base ${path}: ${kb.items.length} items, valid.`);
  if (past.length === 0) {
    write(out, `No item is past its review date (as of ${today}).`);
    return 0;
  }
  write(out, `${past.length} item(s) past their review date (as of ${today}):`);
  for (const p of past) {
    write(out, `  - ${p.id} ("${p.title}"): review was due ${p.reviewDue} (${p.daysOverdue} day(s) ago); owner: ${p.owner}`);
  }
  return 1;
}

export interface NluEvalOptions {
  knowledgeBasePath?: string;
  extraTrainingPath?: string;
  minAccuracy: number;
  minRejection: number;
}

/** `nlu eval`: held-out accuracy and out-of-scope rejection of the embedded recognizer. Exit 1 below thresholds. */
export async function runNluEval(out: Writable, options: NluEvalOptions): Promise<number> {
  let report;
  try {
    const kb = loadKnowledgeBase(options.knowledgeBasePath ?? DEFAULT_KNOWLEDGE_BASE_PATH);
    const extra = loadExtraTraining(options.extraTrainingPath ?? DEFAULT_EXTRA_TRAINING_PATH);
    report = await evaluateEmbeddedRecognizer(kb, extra, DEFAULT_THRESHOLDS);
  } catch (err) {
    write(out, errorMessage(err));
    return 2;
  }
  const t = report.thresholds;
  write(out, `Embedded recognizer (NLP.js): trained on ${report.trainingExamples} examples in ${report.trainingMs} ms`);
  write(out, `Thresholds: confident ≥ ${t.confident}, "did you mean" ≥ ${t.suggest}`);
  write(out, `Held-out accuracy (top-1): ${pct(report.accuracy)} (${report.correct}/${report.heldOut}); minimum ${pct(options.minAccuracy)}`);
  write(out, `  answered confidently and correctly: ${pct(report.confidentCorrectRate)}; confidently wrong: ${pct(report.confidentWrongRate)}`);
  write(
    out,
    `Out-of-scope rejection ("none"): ${pct(report.outOfScope.rejectionRate)} (${report.outOfScope.rejected}/${report.outOfScope.total}); minimum ${pct(options.minRejection)}`,
  );
  write(out, `  not answered confidently: ${pct(report.outOfScope.notConfidentRate)}`);
  if (report.failures.length > 0) {
    write(out, 'Held-out misses:');
    for (const f of report.failures) write(out, `  - "${f.text}": expected ${f.expected}, got ${f.got} (${f.score.toFixed(2)})`);
  }
  if (report.outOfScopeAccepted.length > 0) {
    write(out, 'Out-of-scope messages not rejected:');
    for (const f of report.outOfScopeAccepted) write(out, `  - "${f.text}": got ${f.got} (${f.score.toFixed(2)})`);
  }
  const ok = report.accuracy >= options.minAccuracy && report.outOfScope.rejectionRate >= options.minRejection;
  write(out, ok ? 'PASS' : 'FAIL: below the required thresholds');
  return ok ? 0 : 1;
}

/** `nlu import-luis`: converts a LUIS export into the embedded recognizer's extra training file. */
export function runImportLuis(
  out: Writable,
  options: { file: string; outPath: string; knowledgeBasePath?: string; now: Date },
): number {
  if (!existsSync(options.file)) {
    write(out, `${options.file}: no such file`);
    return 2;
  }
  try {
    const kb = loadKnowledgeBase(options.knowledgeBasePath ?? DEFAULT_KNOWLEDGE_BASE_PATH);
    const { training, summary } = importLuisExportText(readFileSync(options.file, 'utf8'), options.file, kb.items.map((i) => i.intent));
    writeFileSync(options.outPath, extraTrainingToYaml(training, options.now), 'utf8');
    write(out, `Imported LUIS app "${summary.appName}" (schema ${summary.schemaVersion}): ${summary.utterances} utterances → ${options.outPath}`);
    for (const [intent, n] of Object.entries(summary.perIntent)) write(out, `  ${intent}: ${n}`);
    if (summary.duplicatesDropped > 0) write(out, `Dropped ${summary.duplicatesDropped} duplicate utterance(s).`);
    if (summary.intentsWithoutKbItem.length > 0) {
      write(
        out,
        `Warning: no knowledge-base item for ${summary.intentsWithoutKbItem.join(', ')}; those utterances are kept in the file but not trained until an item with that intent exists.`,
      );
    }
    write(out, 'Run `crisis-bot nlu eval` to check accuracy with the new data.');
    return 0;
  } catch (err) {
    write(out, errorMessage(err));
    return 2;
  }
}

function ratio(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('must be a number between 0 and 1, e.g. 0.9');
  return n;
}

export const DEFAULT_MIN_ACCURACY = 0.9;
export const DEFAULT_MIN_REJECTION = 0.7;

/** Adds `kb check`, `nlu eval` and `nlu import-luis` to the crisis-bot program. */
export function registerKnowledgeCommands(program: Command, deps: KnowledgeCommandDeps): void {
  const setExitCode = deps.setExitCode ?? ((code: number) => void (process.exitCode = code));

  const kb = program.command('kb').description('knowledge base tools');
  kb.command('check')
    .description('validate config/knowledge-base.yaml and list items past their review date (exit 1 if any)')
    .action(() => setExitCode(runKbCheck(deps.out, { knowledgeBasePath: deps.knowledgeBasePath, now: deps.clock.now() })));

  const nlu = program.command('nlu').description('language understanding tools');
  nlu
    .command('eval')
    .description('measure the embedded recognizer on held-out KB questions and out-of-scope messages')
    .option('--min-accuracy <ratio>', 'fail below this held-out top-1 accuracy', ratio, DEFAULT_MIN_ACCURACY)
    .option('--min-rejection <ratio>', 'fail below this out-of-scope rejection rate', ratio, DEFAULT_MIN_REJECTION)
    .action(async (opts: { minAccuracy: number; minRejection: number }) => {
      setExitCode(
        await runNluEval(deps.out, {
          knowledgeBasePath: deps.knowledgeBasePath,
          extraTrainingPath: deps.extraTrainingPath,
          minAccuracy: opts.minAccuracy,
          minRejection: opts.minRejection,
        }),
      );
    });
  nlu
    .command('import-luis')
    .description('turn a LUIS app export (schema 7.x) into extra training data for the embedded recognizer')
    .argument('<file>', 'LUIS export JSON')
    .option('--out <path>', 'training file to write', deps.extraTrainingPath ?? DEFAULT_EXTRA_TRAINING_PATH)
    .action((file: string, opts: { out: string }) => {
      setExitCode(runImportLuis(deps.out, { file, outPath: opts.out, knowledgeBasePath: deps.knowledgeBasePath, now: deps.clock.now() }));
    });
}
