// The admin data a new case starts under: the current policy version and every calendar it names, read
// from PostgreSQL once per intake and handed to the workflow as a snapshot (its maths stay deterministic).
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  createCalendar,
  DEFAULT_CALENDAR_ID,
  DEFAULT_POLICY_ID,
  type BusinessCalendar,
  type CalendarDefinition,
  type PolicyRule,
  type PolicyVersion,
} from '@caseflow/sla';

export interface BranchRow {
  id: string;
  calendarId: string;
}

@Injectable()
export class SlaSnapshots {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async branch(id: string): Promise<BranchRow | undefined> {
    const rows: { id: string; calendar_id: string }[] = await this.db.query(
      `SELECT "id", "calendar_id" FROM "branches" WHERE "id" = $1`,
      [id],
    );
    return rows[0] && { id: rows[0].id, calendarId: rows[0].calendar_id };
  }

  /** A calendar ready for calculation; the default one when no id is given. */
  async calendar(id: string = DEFAULT_CALENDAR_ID): Promise<BusinessCalendar> {
    const [definition] = await this.calendars([id]);
    return createCalendar(definition);
  }

  /** The policy version new cases start under, with every calendar its commitments use. */
  async currentPolicy(
    policyId: string = DEFAULT_POLICY_ID,
  ): Promise<{ policy: PolicyVersion; calendars: CalendarDefinition[] }> {
    const rows: { version: number; rules: PolicyRule[] }[] = await this.db.query(
      `SELECT v."version", v."rules" FROM "sla_policies" p
         JOIN "sla_policy_versions" v ON v."policy_id" = p."id" AND v."version" = p."current_version"
        WHERE p."id" = $1`,
      [policyId],
    );
    if (!rows[0]) {
      throw new Error(`SLA policy "${policyId}" has no current version: the database is not seeded`);
    }
    const policy: PolicyVersion = { policyId, version: rows[0].version, rules: rows[0].rules };
    const ids = new Set(policy.rules.flatMap((rule) => rule.commitments.map((c) => c.calendarId)));
    return { policy, calendars: await this.calendars([...ids]) };
  }

  private async calendars(ids: string[]): Promise<CalendarDefinition[]> {
    if (ids.length === 0) return [];
    const rows: { id: string; definition: CalendarDefinition }[] = await this.db.query(
      `SELECT "id", "definition" FROM "calendars" WHERE "id" = ANY ($1::text[])`,
      [ids],
    );
    const missing = ids.filter((id) => !rows.some((row) => row.id === id));
    if (missing.length > 0)
      throw new Error(`Calendar(s) ${missing.join(', ')} named by the SLA policy do not exist`);
    return rows.map((row) => row.definition);
  }
}
