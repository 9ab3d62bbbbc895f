import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { OPEN_ESCALATION_STATES, type EscalationRecord, type EscalationState } from '../../../escalation/escalation-record';
import type { EscalationService } from '../../../escalation/escalation-service';
import { describeCursor } from '../../../escalation/policy/policy-cursor';
import { readPolicySnapshot } from '../../../escalation/policy/policy-snapshot';
import type { AppStore } from '../../storage/app-store';

export interface EscalationServices {
  escalations: EscalationService;
  store: AppStore;
  close(): Promise<void>;
}

export interface EscalationCommandDeps {
  openServices: () => Promise<EscalationServices>;
  out?: Writable;
  /** Defaults to setting process.exitCode; tests pass their own. */
  setExitCode?: (code: number) => void;
  /** Default operator name for the audit when --as is not given (e.g. the login name). */
  defaultOperator?: string;
  timeZone?: string;
}

const ALL_STATES: EscalationState[] = ['open', 'paging', 'acknowledged', 'resolved', 'expired'];

function line(out: Writable, text = ''): void {
  out.write(`${text}\n`);
}

function local(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '-';
  return DateTime.fromISO(iso, { zone: timeZone }).toFormat('yyyy-LL-dd HH:mm:ss');
}

function position(record: EscalationRecord): string {
  try {
    return describeCursor(readPolicySnapshot(record.policySnapshot), { step: record.currentStep, cycle: record.cycle });
  } catch {
    return `step ${record.currentStep + 1} (policy snapshot unreadable)`;
  }
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
}

/** `escalations list`: open escalations (or all with --all), oldest first. Exit code 0. */
export async function listEscalations(
  services: EscalationServices,
  out: Writable,
  options: { all?: boolean; states?: EscalationState[]; timeZone?: string },
): Promise<number> {
  const timeZone = options.timeZone ?? 'Europe/London';
  const states = options.states ?? (options.all ? ALL_STATES : [...OPEN_ESCALATION_STATES]);
  const records = await services.store.escalations.list({ states });
  if (records.length === 0) {
    line(out, options.all ? 'No escalations.' : 'No open escalations.');
    return 0;
  }
  const rows = records.map((r) => [r.reference, r.level, r.state, position(r), local(r.createdAt, timeZone), local(r.nextActionAt, timeZone), r.acknowledgedBy ?? '-']);
  const header = ['REF', 'LEVEL', 'STATE', 'POSITION', `CREATED (${timeZone})`, 'NEXT ACTION', 'ACCEPTED BY'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  line(out, pad(header, widths));
  for (const row of rows) line(out, pad(row, widths));
  return 0;
}

/** `escalations show REF`: the record, every page attempt and the audit trail. Exit 1 when not found. */
export async function showEscalation(services: EscalationServices, out: Writable, reference: string, options: { timeZone?: string } = {}): Promise<number> {
  const timeZone = options.timeZone ?? 'Europe/London';
  const record = await services.escalations.findByReference(reference);
  if (!record) {
    line(out, `No escalation with reference ${reference}.`);
    return 1;
  }
  line(out, `Escalation ${record.reference} (${record.id})`);
  line(out, `  level: ${record.level}   state: ${record.state}   position: ${position(record)}`);
  line(out, `  created: ${local(record.createdAt, timeZone)}   next action: ${local(record.nextActionAt, timeZone)}`);
  line(out, `  reason: ${record.reason.summary}; rules ${record.reason.riskRules.join(', ') || '-'}${record.reason.asqOutcome ? `; ASQ ${record.reason.asqOutcome}` : ''}`);
  line(out, `  person: via ${record.contact.channel}, conversation ${record.contact.conversationId}${record.contact.phone ? `, phone ${record.contact.phone} (consented)` : ''}`);
  if (record.acknowledgedBy) line(out, `  accepted by ${record.acknowledgedBy} at ${local(record.acknowledgedAt, timeZone)}`);
  if (record.outcome) line(out, `  resolved at ${local(record.resolvedAt, timeZone)}: ${record.outcome}`);
  const attempts = await services.store.escalations.listAttempts(record.id);
  line(out, `Pages (${attempts.length}):`);
  for (const a of attempts) {
    line(out, `  ${local(a.createdAt, timeZone)}  cycle ${a.cycle} step ${a.step + 1}  ${a.channel.padEnd(5)} ${a.to}  ${a.status}${a.providerSid ? `  ${a.providerSid}` : ''}${a.error ? `  (${a.error})` : ''}  [${a.targetLabel}]`);
  }
  const audit = await services.store.audit.list({ escalationId: record.id });
  line(out, `Audit (${audit.length}):`);
  for (const e of audit) {
    const transition = e.fromState || e.toState ? ` ${e.fromState ?? ''}→${e.toState ?? ''}` : '';
    line(out, `  ${local(e.at, timeZone)}  ${e.action}${transition}  by ${e.actor} via ${e.source}${e.reason ? `: ${e.reason}` : ''}`);
  }
  return 0;
}

/** `escalations ack REF`: an operator accepts on someone's behalf (e.g. they phoned in). */
export async function ackEscalation(services: EscalationServices, out: Writable, reference: string, operator: string): Promise<number> {
  const result = await services.escalations.acknowledge(reference, `operator:${operator}`, 'cli');
  switch (result.status) {
    case 'acknowledged':
      line(out, `Escalation ${reference} accepted by operator:${operator}${result.late ? ' (after it had expired)' : ''}. Paging stops; the person will be told.`);
      return 0;
    case 'already-acknowledged':
      line(out, `Escalation ${reference} was already accepted by ${result.escalation.acknowledgedBy ?? 'someone'}.`);
      return 0;
    case 'closed':
      line(out, `Escalation ${reference} is closed (${result.escalation.state}); nothing to accept.`);
      return 1;
    case 'not-found':
      line(out, `No escalation with reference ${reference}.`);
      return 1;
  }
}

/** `escalations resolve REF --outcome TEXT`. */
export async function resolveEscalation(services: EscalationServices, out: Writable, reference: string, outcome: string, operator: string): Promise<number> {
  if (!outcome.trim()) {
    line(out, 'An outcome is required, e.g. --outcome "called back, safety plan agreed".');
    return 2;
  }
  const result = await services.escalations.resolve(reference, outcome, `operator:${operator}`, 'cli');
  switch (result.status) {
    case 'resolved':
      line(out, `Escalation ${reference} resolved: ${result.escalation.outcome}`);
      return 0;
    case 'already-closed':
      line(out, `Escalation ${reference} was already resolved.`);
      return 0;
    case 'not-found':
      line(out, `No escalation with reference ${reference}.`);
      return 1;
  }
}

function parseStates(value: string): EscalationState[] {
  const states = value.split(',').map((s) => s.trim()) as EscalationState[];
  const unknown = states.filter((s) => !ALL_STATES.includes(s));
  if (unknown.length > 0) throw new Error(`unknown state(s) ${unknown.join(', ')}; use ${ALL_STATES.join(', ')}`);
  return states;
}

/** Adds `escalations list|show REF|ack REF|resolve REF --outcome TEXT` to the crisis-bot program. */
export function registerEscalationCommands(program: Command, deps: EscalationCommandDeps): void {
  const out = deps.out ?? process.stdout;
  const setExitCode = deps.setExitCode ?? ((code: number) => void (process.exitCode = code));
  const operatorOf = (as?: string) => as ?? deps.defaultOperator ?? process.env.USER ?? 'unknown';

  async function withServices(run: (services: EscalationServices) => Promise<number>): Promise<void> {
    const services = await deps.openServices();
    try {
      setExitCode(await run(services));
    } catch (error) {
      line(out, error instanceof Error ? error.message : String(error));
      setExitCode(2);
    } finally {
      await services.close();
    }
  }

  const escalations = program.command('escalations').description('escalations to on-call professionals');
  escalations
    .command('list')
    .description('list open escalations (oldest first)')
    .option('--all', 'include resolved and expired escalations')
    .option('--state <states>', 'comma-separated states, e.g. paging,expired')
    .action(async (opts: { all?: boolean; state?: string }) => {
      let states: EscalationState[] | undefined;
      try {
        states = opts.state ? parseStates(opts.state) : undefined;
      } catch (error) {
        line(out, (error as Error).message);
        return setExitCode(2);
      }
      await withServices((s) => listEscalations(s, out, { all: opts.all, states, timeZone: deps.timeZone }));
    });
  escalations
    .command('show')
    .description('show one escalation with its pages and audit trail')
    .argument('<ref>', 'reference code, e.g. 4821')
    .action((ref: string) => withServices((s) => showEscalation(s, out, ref, { timeZone: deps.timeZone })));
  escalations
    .command('ack')
    .description('accept an escalation on behalf of a clinician (stops paging)')
    .argument('<ref>', 'reference code')
    .option('--as <name>', 'operator name recorded in the audit')
    .action((ref: string, opts: { as?: string }) => withServices((s) => ackEscalation(s, out, ref, operatorOf(opts.as))));
  escalations
    .command('resolve')
    .description('close an escalation with its outcome')
    .argument('<ref>', 'reference code')
    .requiredOption('--outcome <text>', 'what happened, e.g. "called back, safety plan agreed"')
    .option('--as <name>', 'operator name recorded in the audit')
    .action((ref: string, opts: { outcome: string; as?: string }) => withServices((s) => resolveEscalation(s, out, ref, opts.outcome, operatorOf(opts.as))));
}
