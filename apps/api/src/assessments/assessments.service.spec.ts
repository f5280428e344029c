import { toCsv } from './assessments.service';
import type { AssessmentDto } from './dto/assessment.dto';

const row = (overrides: Partial<AssessmentDto> = {}): AssessmentDto => ({
  month: '2026-11',
  staffId: 'a1',
  name: 'Chen',
  branchId: 'sh',
  callbacks: 3,
  callbacksReached: 2,
  satisfaction: 4.5,
  engineerRating: null,
  complaints: 0,
  warnings: 0,
  fines: 1,
  finesAmount: '200.00',
  disqualifications: 0,
  evaluations: 1,
  technicalScore: -12.5,
  attitudeScore: 100,
  resolved: 4,
  faultGrades: { A: 1, B: 2, C: 1, D: 0 },
  commitmentsMet: 7,
  commitmentsBreached: 1,
  ...overrides,
});

describe('assessment CSV', () => {
  it('writes a header and one CRLF-terminated line per engineer, empty cells for missing figures', () => {
    const lines = toCsv([row()]).split('\r\n');
    expect(lines[0].split(',')).toHaveLength(23);
    expect(lines[1]).toBe('2026-11,a1,Chen,sh,3,2,4.5,,0,0,1,200.00,0,1,-12.5,100,4,1,2,1,0,7,1');
    expect(lines[2]).toBe('');
  });

  it('quotes commas and quotes, and defuses a name a spreadsheet would run as a formula', () => {
    const [, line] = toCsv([row({ name: '=HYPERLINK("x"), Chen', branchId: null })]).split('\r\n');
    expect(line.startsWith(`2026-11,a1,"'=HYPERLINK(""x""), Chen",,`)).toBe(true);
  });
});
