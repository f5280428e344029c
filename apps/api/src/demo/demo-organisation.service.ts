// `npm start -- --demo`: a small organisation to try Caseflow with, made through the same services the API
// uses (so every row is audited and valid, as if an admin had typed it in): two branches, their units, a
// manager over a supervisor, certified engineers, an operator, the quality desk and the product division's
// head, each with a sign-in. Only on an install with no branch yet; the passwords are shown once.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Role } from '@caseflow/domain';
import type { StaffRole } from '@caseflow/persistence';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { FIRST_ADMIN_USERNAME } from '../auth/admin-bootstrap.service';
import { generatePassword } from '../auth/passwords';
import { BranchesService } from '../branches/branches.service';
import { OrganisationService } from '../organisation/organisation.service';
import { CertificatesService } from '../staff/certificates.service';
import { StaffService } from '../staff/staff.service';

export interface DemoSignIn {
  username: string;
  password: string;
  who: string;
}

export type DemoOutcome = { seeded: true; signIns: DemoSignIn[] } | { seeded: false; reason: string };

interface Person {
  key: string;
  name: string;
  role: StaffRole;
  branchId: string;
  unit?: string;
  supervisor?: string;
  username?: string;
  roles?: Role[];
  certified?: string[];
  languages?: string[];
}

const PEOPLE: Person[] = [
  { key: 'gm', name: '周总 (GM office)', role: 'gm_office', branchId: 'sh', username: 'zhou.gm' },
  {
    key: 'manager',
    name: '王经理 (manager)',
    role: 'manager',
    branchId: 'sh',
    supervisor: 'gm',
    username: 'wang.manager',
  },
  {
    key: 'supervisor',
    name: '李主管 (supervisor, Shanghai)',
    role: 'supervisor',
    branchId: 'sh',
    unit: 'shTeam',
    supervisor: 'manager',
    username: 'li.supervisor',
  },
  {
    key: 'bjSupervisor',
    name: '赵主管 (supervisor, Beijing)',
    role: 'supervisor',
    branchId: 'bj',
    unit: 'bjTeam',
    supervisor: 'manager',
    username: 'zhao.supervisor',
  },
  {
    key: 'engineer',
    name: '陈工 (engineer, Shanghai)',
    role: 'engineer',
    branchId: 'sh',
    unit: 'shTeam',
    supervisor: 'supervisor',
    username: 'chen.engineer',
    certified: ['printers', 'servers'],
    languages: ['zh-CN', 'en'],
  },
  {
    key: 'engineer2',
    name: '孙工 (engineer, Beijing)',
    role: 'engineer',
    branchId: 'bj',
    unit: 'bjTeam',
    supervisor: 'bjSupervisor',
    username: 'sun.engineer',
    certified: ['printers'],
  },
  { key: 'operator', name: '刘话务 (operator)', role: 'operator', branchId: 'sh', username: 'liu.operator' },
  {
    key: 'quality',
    name: '徐质检 (quality desk)',
    role: 'quality',
    branchId: 'sh',
    unit: 'quality',
    supervisor: 'manager',
    username: 'xu.quality',
  },
  { key: 'sales', name: '马经理 (product division)', role: 'manager', branchId: 'sh', supervisor: 'gm' },
];

@Injectable()
export class DemoOrganisationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly branches: BranchesService,
    private readonly organisation: OrganisationService,
    private readonly staff: StaffService,
    private readonly certificates: CertificatesService,
  ) {}

  async seed(): Promise<DemoOutcome> {
    const [{ count }]: { count: number }[] = await this.db.query(
      `SELECT count(*)::int AS "count" FROM "branches"`,
    );
    if (count > 0) return { seeded: false, reason: 'this install already has branches' };
    const [admin]: { id: string; username: string }[] = await this.db.query(
      `SELECT "id", "username" FROM "users" WHERE lower("username") = $1`,
      [FIRST_ADMIN_USERNAME],
    );
    if (!admin) return { seeded: false, reason: 'there is no admin account to seed it as' };
    const as: AuthenticatedUser = { id: admin.id, username: admin.username, roles: [Role.Admin] };

    await this.branches.create(as, { id: 'sh', name: '上海分公司 Shanghai' });
    await this.branches.create(as, { id: 'bj', name: '北京分公司 Beijing' });
    for (const [id, name, modelPrefixes] of [
      ['printers', 'Label printers', ['LP-']],
      ['servers', 'Servers', ['SRV-']],
    ] as const) {
      await this.certificates.putProductLine(as, id, { name, modelPrefixes: [...modelPrefixes] });
    }

    const unit = async (
      kind: 'department' | 'team',
      name: string,
      department: string,
      branchId: string,
      parentId?: string,
    ) =>
      (
        await this.organisation.create(as, {
          kind,
          name,
          department: department as never,
          branchId,
          ...(parentId ? { parentId } : {}),
        })
      ).id;
    const units: Record<string, string> = {};
    units.shTech = await unit('department', '技术支持部 Tech support (Shanghai)', 'tech_support', 'sh');
    units.shTeam = await unit(
      'team',
      '现场工程师 Field engineers (Shanghai)',
      'tech_support',
      'sh',
      units.shTech,
    );
    units.bjTech = await unit('department', '技术支持部 Tech support (Beijing)', 'tech_support', 'bj');
    units.bjTeam = await unit(
      'team',
      '现场工程师 Field engineers (Beijing)',
      'tech_support',
      'bj',
      units.bjTech,
    );
    units.products = await unit('department', '产品事业部 Product division', 'product_division', 'sh');
    units.quality = await unit('department', '质检部 Quality desk', 'quality_desk', 'sh');

    const ids: Record<string, string> = {};
    const signIns: DemoSignIn[] = [];
    const year = 365 * 24 * 3600_000;
    for (const person of PEOPLE) {
      const password = person.username ? generatePassword() : undefined;
      const { staff } = await this.staff.create(as, {
        name: person.name,
        role: person.role,
        branchId: person.branchId,
        ...(person.key === 'sales' ? { department: 'product_division' } : {}),
        ...(person.unit ? { unitId: units[person.unit] } : {}),
        ...(person.supervisor ? { supervisorId: ids[person.supervisor] } : {}),
        ...(person.languages ? { languages: person.languages } : {}),
        ...(person.username ? { signIn: { username: person.username, password } } : {}),
      });
      ids[person.key] = staff.id;
      if (person.username && password)
        signIns.push({ username: person.username, password, who: person.name });
      if (person.certified) {
        await this.certificates.create(as, staff.id, {
          productLines: person.certified,
          issuedAt: new Date(Date.now() - 1000).toISOString(),
          expiresAt: new Date(Date.now() + year).toISOString(),
        });
      }
    }
    // Each unit's head: escalations and routing find them there.
    for (const [unitKey, head] of [
      ['shTeam', 'supervisor'],
      ['bjTeam', 'bjSupervisor'],
      ['shTech', 'manager'],
      ['bjTech', 'manager'],
      ['products', 'sales'],
      ['quality', 'quality'],
    ] as const) {
      await this.organisation.update(as, units[unitKey], { headId: ids[head] });
    }
    return { seeded: true, signIns };
  }
}
