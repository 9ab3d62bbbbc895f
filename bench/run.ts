import type { BenchReport } from './bench-report';

type Bench = { name: string; run: () => Promise<BenchReport> };

/** Benchmarks are loaded lazily so one that fails to load is reported, not fatal to the rest. */
const benches: Bench[] = [
  { name: 'risk screen', run: async () => (await import('./risk-screen.bench')).runRiskScreenBench() },
  { name: 'escalation paging', run: async () => (await import('./escalation.bench')).runEscalationBench() },
  { name: 'turn throughput', run: async () => (await import('./turn-throughput.bench')).runTurnThroughputBench() },
  { name: 'escalation end to end', run: async () => (await import('./escalation-e2e.bench')).runEscalationE2eBench() },
];

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  let failed = 0;
  for (const bench of benches) {
    if (only.length && !only.some((o) => bench.name.includes(o))) continue;
    process.stdout.write(`\n== ${bench.name} ==\n`);
    try {
      const report = await bench.run();
      for (const line of report.lines) process.stdout.write(`  ${line}\n`);
      process.stdout.write(`  => ${report.pass ? 'PASS' : 'FAIL'}\n`);
      if (!report.pass) failed += 1;
    } catch (error) {
      failed += 1;
      process.stdout.write(`  => ERROR ${(error as Error).stack ?? String(error)}\n`);
    }
  }
  process.stdout.write(`\n${failed === 0 ? 'all benchmarks met their targets' : `${failed} benchmark(s) missed a target`}\n`);
  return failed === 0 ? 0 : 1;
}

main().then((code) => process.exit(code));
