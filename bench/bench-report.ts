/** What every benchmark returns: human-readable lines (ratios measured in one run) and a verdict. */
export interface BenchReport {
  name: string;
  lines: string[];
  pass: boolean;
}
