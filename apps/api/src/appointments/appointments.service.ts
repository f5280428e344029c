import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '@caseflow/domain';
import { createCalendar, DEFAULT_CALENDAR_ID, type BusinessCalendar } from '@caseflow/sla';
import { AuditService } from '../audit/audit.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { fieldError, isUuid } from '../staff/field-error';
import type { AvailabilityQuery, CreateLeaveDto } from './dto/appointment.dto';
import { freeSlots, nearestSlots, slotProblem, type Span } from './slots';

/** How long a visit holds the engineer when the request does not say. */
export const DEFAULT_VISIT_MINUTES = 120;
/** How far ahead the nearest free slots are looked for. */
const SEARCH_DAYS = 14;
const NEAREST = 3;

/** What the standard has the operator say when the customer's wish cannot be met. */
export const APOLOGY = {
  'zh-CN': '非常抱歉，您希望的时间工程师无法上门。我们可以为您安排以下最近的时间，您看哪个方便？',
  en: 'We are very sorry: the engineer cannot come at the time you asked for. These are the nearest times we can offer — which suits you?',
};

const REASONS = {
  in_the_past: 'visitAt is in the past',
  outside_working_time: "visitAt is outside the engineer's working time",
  on_leave: 'visitAt falls in the engineer’s leave',
  taken: 'visitAt is already taken: the engineer has another visit then',
} as const;

export interface SlotDto {
  start: string;
  end: string;
}

const toDto = (s: Span): SlotDto => ({
  start: new Date(s.start).toISOString(),
  end: new Date(s.end).toISOString(),
});

/**
 * Engineers' availability (their branch calendar's working time, minus booked visits and leave), leave,
 * and the booking a `schedule` action makes: checked against that availability, held by the database's
 * exclusion constraint (no engineer booked twice at once, even by two operators at the same moment).
 */
@Injectable()
export class AppointmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async availability(staffId: string, query: AvailabilityQuery) {
    const engineer = await this.engineer(this.db.manager, staffId);
    const from = Math.max(Date.now(), query.from ? Date.parse(query.from) : Date.now());
    const days = query.days ?? 7;
    const durationMs = (query.durationMinutes ?? DEFAULT_VISIT_MINUTES) * 60_000;
    const busy = await this.busy(this.db.manager, staffId, from, days + 14);
    return {
      staffId,
      timeZone: engineer.calendar.definition.timeZone,
      durationMinutes: durationMs / 60_000,
      slots: freeSlots(engineer.calendar, from, days, durationMs, busy).map(toDto),
    };
  }

  /**
   * Books the case's visit with its engineer in `tx` (the caller's transaction, which stays open until the
   * case has taken the new time): a slot outside working time, in leave or taken is a 409 with the nearest
   * free slots and the apology to read out. A case's earlier booking is moved.
   */
  async book(
    tx: EntityManager,
    user: AuthenticatedUser,
    caseNumber: string,
    engineerId: string,
    visitAt: string,
    durationMinutes: number = DEFAULT_VISIT_MINUTES,
  ): Promise<void> {
    const { calendar } = await this.engineer(tx, engineerId);
    const wished = { start: Date.parse(visitAt), end: Date.parse(visitAt) + durationMinutes * 60_000 };
    // Serialise bookings of one engineer so the free slots offered are the ones left after the other booking.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('appointments:' || $1))`, [engineerId]);
    // A new time for the case moves its earlier visit (freeing that slot first).
    await tx.query(
      `UPDATE "appointments" SET "status" = 'moved', "ended_at" = now()
        WHERE "case_number" = $1 AND "status" = 'booked'`,
      [caseNumber],
    );
    const busy = await this.busy(tx, engineerId, Math.min(wished.start, Date.now()), SEARCH_DAYS + 1);
    const problem = slotProblem(calendar, wished, busy, Date.now());
    if (problem) throw this.refusal(problem, calendar, wished, busy);
    try {
      await tx.query(`SAVEPOINT "booking"`);
      await tx.query(
        `INSERT INTO "appointments" ("case_number", "engineer_id", "during", "booked_by")
         VALUES ($1, $2, tstzrange($3, $4, '[)'), $5)`,
        [caseNumber, engineerId, new Date(wished.start), new Date(wished.end), user.username],
      );
    } catch (error) {
      const code = (error as { driverError?: { code?: string }; code?: string }).driverError?.code;
      // 23P01: the exclusion constraint — another booking of this engineer took the slot first.
      if (code !== '23P01') throw error;
      await tx.query(`ROLLBACK TO SAVEPOINT "booking"`);
      throw this.refusal(
        'taken',
        calendar,
        wished,
        await this.busy(tx, engineerId, Date.now(), SEARCH_DAYS + 1),
      );
    }
  }

  async listLeave(staffId: string) {
    await this.engineer(this.db.manager, staffId);
    const rows: { id: string; from: Date; to: Date; reason: string; created_by: string }[] =
      await this.db.query(
        `SELECT "id", lower("during") AS "from", upper("during") AS "to", "reason", "created_by"
         FROM "staff_leave" WHERE "staff_id" = $1 AND upper("during") > now() ORDER BY lower("during")`,
        [staffId],
      );
    return rows.map((r) => ({
      id: r.id,
      staffId,
      from: r.from.toISOString(),
      to: r.to.toISOString(),
      reason: r.reason,
      createdBy: r.created_by,
    }));
  }

  async addLeave(user: AuthenticatedUser, staffId: string, body: CreateLeaveDto, ip?: string) {
    const from = new Date(body.from);
    const to = new Date(body.to);
    if (to.getTime() <= from.getTime()) throw fieldError('to', 'to must be after from');
    return this.db.transaction(async (tx) => {
      await this.engineer(tx, staffId);
      const [row]: { id: string }[] = await tx.query(
        `INSERT INTO "staff_leave" ("staff_id", "during", "reason", "created_by")
         VALUES ($1, tstzrange($2, $3, '[)'), $4, $5) RETURNING "id"`,
        [staffId, from, to, body.reason, user.username],
      );
      // Visits already booked in the leave stay booked: the answer names them, for someone to move.
      const clashes: { case_number: string }[] = await tx.query(
        `SELECT "case_number" FROM "appointments"
          WHERE "engineer_id" = $1 AND "status" = 'booked' AND "during" && tstzrange($2, $3, '[)')
          ORDER BY lower("during")`,
        [staffId, from, to],
      );
      await this.audit.change(tx, user, {
        action: 'leave.add',
        entityType: 'staff',
        entityId: staffId,
        summary: `${user.username} recorded leave for staff ${staffId} from ${from.toISOString()} to ${to.toISOString()}: ${body.reason}`,
        after: { leaveId: row.id, from, to, reason: body.reason },
        ip: ip ?? null,
      });
      return {
        id: row.id,
        staffId,
        from: from.toISOString(),
        to: to.toISOString(),
        reason: body.reason,
        createdBy: user.username,
        visitsToMove: clashes.map((c) => c.case_number),
      };
    });
  }

  async removeLeave(user: AuthenticatedUser, id: string, ip?: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [row]: { staff_id: string; reason: string }[] = isUuid(id)
        ? await tx
            .query(`DELETE FROM "staff_leave" WHERE "id" = $1 RETURNING "staff_id", "reason"`, [id])
            .then((r: [{ staff_id: string; reason: string }[], number]) => r[0])
        : [];
      if (!row) throw DomainError.notFound(`There is no leave "${id}".`);
      await this.audit.change(tx, user, {
        action: 'leave.remove',
        entityType: 'staff',
        entityId: row.staff_id,
        summary: `${user.username} removed leave of staff ${row.staff_id} (${row.reason})`,
        before: { leaveId: id, reason: row.reason },
        ip: ip ?? null,
      });
    });
  }

  private refusal(
    problem: keyof typeof REASONS,
    calendar: BusinessCalendar,
    wished: Span,
    busy: Span[],
  ): DomainError {
    const durationMs = wished.end - wished.start;
    const from = Date.now();
    const free = freeSlots(calendar, from, SEARCH_DAYS, durationMs, busy);
    return DomainError.conflict(
      `${REASONS[problem]}. Offer the customer one of the nearest free slots, with an apology.`,
      {
        field: 'visitAt',
        reason: problem,
        wished: toDto(wished),
        nearestSlots: nearestSlots(free, wished.start, NEAREST).map(toDto),
        apology: APOLOGY,
        timeZone: calendar.definition.timeZone,
      },
    );
  }

  /** Booked visits and leave of the engineer that end after `from`, up to `days` later. */
  private async busy(tx: EntityManager, staffId: string, from: number, days: number) {
    const to = new Date(from + days * 86_400_000);
    const rows: { kind: 'visit' | 'leave'; start: Date; end: Date }[] = await tx.query(
      `SELECT 'visit' AS "kind", lower("during") AS "start", upper("during") AS "end" FROM "appointments"
        WHERE "engineer_id" = $1 AND "status" = 'booked' AND "during" && tstzrange($2, $3)
       UNION ALL
       SELECT 'leave', lower("during"), upper("during") FROM "staff_leave"
        WHERE "staff_id" = $1 AND "during" && tstzrange($2, $3)`,
      [staffId, new Date(from), to],
    );
    return rows.map((r) => ({ kind: r.kind, start: r.start.getTime(), end: r.end.getTime() }));
  }

  /** An engineer (any member of staff) with their branch calendar; 404 when there is none. */
  private async engineer(tx: EntityManager, staffId: string): Promise<{ calendar: BusinessCalendar }> {
    const rows: { definition: Parameters<typeof createCalendar>[0] }[] = isUuid(staffId)
      ? await tx.query(
          `SELECT c."definition" FROM "staff" s
             LEFT JOIN "branches" b ON b."id" = s."branch_id"
             JOIN "calendars" c ON c."id" = COALESCE(b."calendar_id", $2)
            WHERE s."id" = $1`,
          [staffId, DEFAULT_CALENDAR_ID],
        )
      : [];
    if (!rows[0]) throw DomainError.notFound(`No staff member has the id "${staffId}".`);
    return { calendar: createCalendar(rows[0].definition) };
  }
}
