// Test data shared by the activity, workflow and API suites: one branch and a small organisation chart.
//
//   GM office (Zhou)
//     └─ manager (Wang)
//          └─ supervisor (Li)
//               ├─ engineer (Chen), certified
//               ├─ engineer (Zhao), certified
//               └─ engineer (Sun), NOT certified
//   operator (Liu, operator no. 7) · quality desk (Xu)
import type { DataSource, EntityManager } from 'typeorm';

export interface SeedOrganisationOptions {
  /** Default 'sh' (Shanghai). Use another id (and operatorNo) to seed a second branch in one database. */
  branchId?: string;
  branchName?: string;
  operatorNo?: number;
  /** Sign-in accounts (users.id) to link to positions, e.g. so the API can find "my" escalations. */
  userIds?: Partial<
    Record<'operator' | 'engineer' | 'supervisor' | 'manager' | 'quality' | 'gmOffice', string>
  >;
}

export interface SeededOrganisation {
  branchId: string;
  gmOfficeId: string;
  managerId: string;
  supervisorId: string;
  /** Certified, active, reports to the supervisor. */
  engineerId: string;
  /** A second certified engineer, for reassignment. */
  secondEngineerId: string;
  /** Active but not certified: assignment is refused. */
  uncertifiedEngineerId: string;
  operatorId: string;
  operatorNo: number;
  qualityId: string;
}

export async function seedOrganisation(
  db: DataSource | EntityManager,
  options: SeedOrganisationOptions = {},
): Promise<SeededOrganisation> {
  const branchId = options.branchId ?? 'sh';
  const operatorNo = options.operatorNo ?? 7;
  const users = options.userIds ?? {};
  const oneYear = new Date(Date.now() + 365 * 24 * 3600_000).toISOString();

  await db.query(`INSERT INTO "branches" ("id", "name", "calendar_id") VALUES ($1, $2, 'default')`, [
    branchId,
    options.branchName ?? 'Shanghai',
  ]);
  const staff = async (fields: {
    name: string;
    role: string;
    department: string;
    supervisorId?: string;
    certified?: boolean;
    operatorNo?: number;
    userId?: string;
  }): Promise<string> => {
    const rows: { id: string }[] = await db.query(
      `INSERT INTO "staff" ("name", "role", "department", "branch_id", "supervisor_id", "certified",
         "certification_expires_at", "operator_no", "user_id", "phone", "email")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING "id"`,
      [
        fields.name,
        fields.role,
        fields.department,
        branchId,
        fields.supervisorId ?? null,
        fields.certified ?? false,
        fields.certified ? oneYear : null,
        fields.operatorNo ?? null,
        fields.userId ?? null,
        '13800000000',
        `${fields.name.toLowerCase().replace(/\W+/g, '.')}@${branchId}.example.com`,
      ],
    );
    return rows[0].id;
  };

  const gmOfficeId = await staff({
    name: `Zhou (GM office, ${branchId})`,
    role: 'gm_office',
    department: 'gm_office',
    userId: users.gmOffice,
  });
  const managerId = await staff({
    name: `Wang (manager, ${branchId})`,
    role: 'manager',
    department: 'tech_support',
    supervisorId: gmOfficeId,
    userId: users.manager,
  });
  const supervisorId = await staff({
    name: `Li (supervisor, ${branchId})`,
    role: 'supervisor',
    department: 'tech_support',
    supervisorId: managerId,
    userId: users.supervisor,
  });
  const engineer = (name: string, certified: boolean, userId?: string) =>
    staff({
      name: `${name} (engineer, ${branchId})`,
      role: 'engineer',
      department: 'tech_support',
      supervisorId,
      certified,
      userId,
    });
  const engineerId = await engineer('Chen', true, users.engineer);
  const secondEngineerId = await engineer('Zhao', true);
  const uncertifiedEngineerId = await engineer('Sun', false);
  const operatorId = await staff({
    name: `Liu (operator, ${branchId})`,
    role: 'operator',
    department: 'customer_service',
    operatorNo,
    userId: users.operator,
  });
  const qualityId = await staff({
    name: `Xu (quality desk, ${branchId})`,
    role: 'quality',
    department: 'quality_desk',
    userId: users.quality,
  });

  return {
    branchId,
    gmOfficeId,
    managerId,
    supervisorId,
    engineerId,
    secondEngineerId,
    uncertifiedEngineerId,
    operatorId,
    operatorNo,
    qualityId,
  };
}
