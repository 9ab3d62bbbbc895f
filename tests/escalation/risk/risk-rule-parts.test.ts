import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadRiskRules, parseRiskRules, RiskRulesError } from '../../../config/load-risk-rules';
import { RiskScreen } from '../../../escalation/risk/risk-screen';

const MAIN = `
version: 2.0.0
parts:
  - parts/area.yaml
macros:
  ME: 'myself|meself'
normalisation:
  textisms:
    kms: kill myself
context:
  thirdPartySubjects: ['my (?:son|daughter)']
  firstPersonSubjects: ['i|im|me']
rules:
  - id: MAIN-kill-self
    category: suicidal_ideation
    level: urgent
    patterns: ['kill {ME}']
    rationale: A statement about killing oneself is current suicidal ideation.
`;

const PART = `
description: A test area adding one rule, a macro, a textism and an innocent use.
macros:
  AREA_PLACE: 'bridge|cliff'
textisms:
  2nite: tonight
innocentUses:
  - id: AREA-bridge-club
    pattern: bridge club
    rationale: A card game, not a place.
rules:
  - id: AREA-at-place-tonight
    category: location_with_means
    level: emergency
    patterns: ['(?:at|on) the {AREA_PLACE} tonight']
    rationale: Being at a dangerous place with a time is danger to life now.
`;

function withFiles(files: Record<string, string>, run: (dir: string) => void): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'risk-parts-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function rejection(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(RiskRulesError);
    return (err as Error).message;
  }
  throw new Error('expected the rules to be rejected');
}

describe('risk rule part files', () => {
  it('merges a part\'s rules, macros, textisms and innocent uses into the rule set', () => {
    withFiles({ 'rules.yaml': MAIN, 'parts/area.yaml': PART }, (dir) => {
      const { definition, version, compiled } = loadRiskRules(path.join(dir, 'rules.yaml'));
      expect(definition.rules.map((r) => r.id)).toEqual(['MAIN-kill-self', 'AREA-at-place-tonight']);
      const screen = new RiskScreen(definition, version, { compiled });
      const result = screen.screen('im on the cliff 2nite');
      expect(result.level).toBe('emergency');
      expect(result.matches.map((m) => [m.ruleId, m.text])).toEqual([['AREA-at-place-tonight', 'on the cliff 2nite']]);
      expect(screen.screen('off to bridge club tonight').level).toBe('none');
      expect(screen.screen('kms').level).toBe('urgent');
    });
  });

  it('changes the version when only a part file changes', () => {
    let before = '';
    withFiles({ 'rules.yaml': MAIN, 'parts/area.yaml': PART }, (dir) => {
      before = loadRiskRules(path.join(dir, 'rules.yaml')).version;
    });
    withFiles({ 'rules.yaml': MAIN, 'parts/area.yaml': `${PART}\n# reviewed\n` }, (dir) => {
      const after = loadRiskRules(path.join(dir, 'rules.yaml')).version;
      expect(after.startsWith('2.0.0+')).toBe(true);
      expect(after).not.toBe(before);
    });
  });

  it('names a missing part file', () => {
    withFiles({ 'rules.yaml': MAIN }, (dir) => {
      expect(rejection(() => loadRiskRules(path.join(dir, 'rules.yaml')))).toMatch(/parts\/area\.yaml: invalid risk rules:\n\s+- cannot read part file/);
    });
  });

  it('names the part, the rule and the field of a schema error in a part', () => {
    withFiles({ 'rules.yaml': MAIN, 'parts/area.yaml': PART.replace('level: emergency', 'level: critical') }, (dir) => {
      expect(rejection(() => loadRiskRules(path.join(dir, 'rules.yaml')))).toMatch(/parts\/area\.yaml[\s\S]*rule "AREA-at-place-tonight" → level/);
    });
  });

  it('refuses a part that redefines a macro or a textism', () => {
    const clash = PART.replace('AREA_PLACE:', 'ME:').replace('{AREA_PLACE}', '{ME}').replace('2nite: tonight', 'kms: kiss my socks');
    withFiles({ 'rules.yaml': MAIN, 'parts/area.yaml': clash }, (dir) => {
      const message = rejection(() => loadRiskRules(path.join(dir, 'rules.yaml')));
      expect(message).toMatch(/macro "ME" is already defined/);
      expect(message).toMatch(/textism "kms" is already defined differently/);
    });
  });

  it('refuses a rule id used in both the main file and a part', () => {
    withFiles({ 'rules.yaml': MAIN, 'parts/area.yaml': PART.replace('AREA-at-place-tonight', 'MAIN-kill-self') }, (dir) => {
      expect(rejection(() => loadRiskRules(path.join(dir, 'rules.yaml')))).toMatch(/MAIN-kill-self/);
    });
  });

  it('cannot resolve parts when the rules are given as text', () => {
    expect(rejection(() => parseRiskRules(MAIN, 'inline'))).toMatch(/parts: "parts\/area\.yaml" cannot be read/);
  });
});
