import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { StaffEntity } from '@caseflow/persistence';

/** Who is who in the organisation chart, as the case, escalation and handover features need it. */
@Injectable()
export class StaffService {
  constructor(@InjectRepository(StaffEntity) private readonly staff: Repository<StaffEntity>) {}

  /** The staff position linked to a sign-in account, if any. */
  findByUserId(userId: string): Promise<StaffEntity | null> {
    return this.staff.findOneBy({ userId });
  }

  /** A staff member by id; undefined (not an error) for an id that is not even a UUID. */
  async findById(id: string): Promise<StaffEntity | null> {
    return UUID.test(id) ? this.staff.findOneBy({ id }) : null;
  }

  /** Staff who can be assigned a case right now: active, certified, certification not expired. */
  assignable(branchId?: string): Promise<StaffEntity[]> {
    const query = this.staff
      .createQueryBuilder('s')
      .where('s.active AND s.certified')
      .andWhere('(s.certification_expires_at IS NULL OR s.certification_expires_at > now())')
      .orderBy('s.name', 'ASC');
    if (branchId) query.andWhere('s.branch_id = :branchId', { branchId });
    return query.getMany();
  }

  /**
   * Whether the account `userId` sits above staff member `staffId` in the chart (their supervisor, the
   * supervisor's manager, …). Walks up at most 10 levels, so a cycle in bad data cannot hang a request.
   */
  async isAbove(userId: string, staffId: string): Promise<boolean> {
    const rows: { found: boolean }[] = await this.staff.query(
      `WITH RECURSIVE chain ("id", "depth") AS (
         SELECT s."supervisor_id", 1 FROM "staff" s WHERE s."id" = $1
         UNION ALL
         SELECT s."supervisor_id", c."depth" + 1 FROM "staff" s JOIN chain c ON s."id" = c."id"
          WHERE c."depth" < 10
       )
       SELECT EXISTS (
         SELECT 1 FROM chain c JOIN "staff" s ON s."id" = c."id" WHERE s."user_id" = $2
       ) AS "found"`,
      [staffId, userId],
    );
    return rows[0]?.found === true;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
