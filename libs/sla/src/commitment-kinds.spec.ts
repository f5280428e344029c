import {
  COMMITMENT_KIND_NAMES,
  COMMITMENT_KINDS,
  commitmentKind,
  commitmentLabel,
  DEFAULT_POLICY,
  intakeCommitmentKinds,
  isCommitmentKind,
  POLICY_CASE_KINDS,
  POLICY_COMMITMENT_KINDS,
} from './index';

describe('the catalogue of commitment kinds', () => {
  it('knows every kind the default policy defines, on the case kinds its rules give it to', () => {
    for (const rule of DEFAULT_POLICY.rules) {
      for (const c of rule.commitments) {
        const entry = commitmentKind(c.kind);
        expect([c.kind, entry?.kind]).toEqual([c.kind, c.kind]);
        expect(entry!.caseKinds).toContain(rule.match.caseKind);
      }
    }
  });

  it('tells an unknown kind apart, and reads a kind with its round', () => {
    expect(commitmentKind('site_arrival')).toBeUndefined();
    expect(isCommitmentKind('site_arrival')).toBe(false);
    expect(isCommitmentKind('toString')).toBe(false);
    expect(isCommitmentKind('first_contact')).toBe(true);
    expect(commitmentKind('resolution#2')?.kind).toBe('resolution');
  });

  it('names every kind in Chinese and English, and an unknown one by its words', () => {
    for (const kind of COMMITMENT_KIND_NAMES) {
      expect(COMMITMENT_KINDS[kind].label['zh-CN']).toMatch(/\S/);
      expect(COMMITMENT_KINDS[kind].label.en).toMatch(/\S/);
    }
    expect(commitmentLabel('first_contact', 'zh-CN')).toBe('首次联系');
    expect(commitmentLabel('callback_level1#2', 'en')).toBe('level-1 callback');
    expect(commitmentLabel('site_arrival', 'en')).toBe('site arrival');
  });

  it('gives every kind a policy sets to at least one case kind, and says what meets it', () => {
    for (const kind of POLICY_COMMITMENT_KINDS) {
      expect([kind, COMMITMENT_KINDS[kind].caseKinds.length > 0]).toEqual([kind, true]);
      for (const caseKind of COMMITMENT_KINDS[kind].caseKinds) expect(POLICY_CASE_KINDS).toContain(caseKind);
      expect([kind, COMMITMENT_KINDS[kind].metBy.length > 0]).toEqual([kind, true]);
    }
    expect(POLICY_COMMITMENT_KINDS).not.toContain('callback_level3');
  });

  it('says which kinds a case starts at intake', () => {
    expect(intakeCommitmentKinds('service_request')).toEqual(['first_contact', 'forwarding']);
    expect(intakeCommitmentKinds('inquiry')).toEqual(['inquiry_answer']);
    expect(intakeCommitmentKinds('unknown')).toEqual([]);
  });
});
