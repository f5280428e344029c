// The admin data a new case starts under: its branch's policy at its current version, resolved onto the
// branch's calendar, with every calendar it names; read from PostgreSQL once per intake and handed to the
// workflow as a snapshot (its maths stay deterministic).
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  branchSettings,
  loadPolicySnapshot,
  NO_BRANCH,
  type BranchSettings,
  type PolicySnapshot,
} from '@caseflow/persistence';
import { createCalendar, DEFAULT_CALENDAR_ID, type BusinessCalendar } from '@caseflow/sla';

export type BranchRow = BranchSettings;

@Injectable()
export class SlaSnapshots {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  branch(id: string): Promise<BranchRow | undefined> {
    return branchSettings(this.db, id);
  }

  /** A calendar ready for calculation; the default one when no id is given. */
  async calendar(id: string = DEFAULT_CALENDAR_ID): Promise<BusinessCalendar> {
    const [row]: { definition: Parameters<typeof createCalendar>[0] }[] = await this.db.query(
      `SELECT "definition" FROM "calendars" WHERE "id" = $1`,
      [id],
    );
    if (!row) throw new Error(`Calendar "${id}" does not exist`);
    return createCalendar(row.definition);
  }

  /** The policy version a new case of `branch` (none: the defaults) starts under, with its calendars. */
  casePolicy(branch: BranchRow | undefined): Promise<PolicySnapshot> {
    const settings = branch ?? NO_BRANCH;
    return loadPolicySnapshot(this.db, {
      policyId: settings.casePolicyId,
      branchCalendarId: settings.calendarId,
    });
  }
}
