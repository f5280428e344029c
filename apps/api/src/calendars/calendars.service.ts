// Business calendars as admins edit them. A change is validated in full (422 with field paths), stored
// with a new revision and its audit entry (before/after) in one transaction, and re-plans the open cases
// whose policy uses the calendar (a rollout, recorded in the same transaction).
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { DomainError, DomainErrorCode } from '@caseflow/domain';
import { mergeHolidays, parseIcsHolidays, validateCalendar, type CalendarDefinition } from '@caseflow/sla';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { AuditLog } from '../sla-policies/audit-log';
import { RolloutsService } from '../sla-policies/rollouts.service';
import { policyProblems } from '../sla-policies/sla-policies.service';
import type {
  CalendarBodyDto,
  CalendarChangeDto,
  CalendarDto,
  CreateCalendarDto,
  HolidayImportDto,
} from './dto/calendar.dto';

interface CalendarRow {
  id: string;
  definition: CalendarDefinition;
  revision: number;
  updated_at: Date;
}

@Injectable()
export class CalendarsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly rollouts: RolloutsService,
  ) {}

  async list(): Promise<CalendarDto[]> {
    const rows: CalendarRow[] = await this.db.query(`SELECT * FROM "calendars" ORDER BY "id"`);
    return rows.map(toDto);
  }

  async get(id: string): Promise<CalendarDto> {
    return toDto(await this.find(this.db.manager, id));
  }

  async create(user: AuthenticatedUser, body: CreateCalendarDto): Promise<CalendarDto> {
    const definition = definitionOf(body.id, body);
    await this.db.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO "calendars" ("id", "name", "definition") VALUES ($1, $2, $3::jsonb)
         ON CONFLICT ("id") DO NOTHING RETURNING "id"`,
        [definition.id, definition.name, JSON.stringify(definition)],
      );
      if (inserted.length === 0) {
        throw DomainError.conflict(`A calendar '${body.id}' already exists; change it with PUT.`, {
          id: body.id,
        });
      }
      await this.audit.write(manager, user, {
        action: 'calendar.create',
        entityType: 'calendar',
        entityId: definition.id,
        summary: `Created calendar '${definition.id}' (${definition.name})`,
        after: definition,
      });
    });
    return this.get(body.id);
  }

  /** Replaces a calendar's content; open cases whose policy uses it re-plan. */
  async update(user: AuthenticatedUser, id: string, body: CalendarBodyDto): Promise<CalendarChangeDto> {
    const definition = definitionOf(id, body);
    return this.change(user, id, () => ({
      definition,
      action: 'calendar.update',
      summary: `Changed calendar '${id}'`,
    }));
  }

  /** Adds the holidays (and make-up working days) of an iCalendar file; the calendar is unchanged if it does not parse. */
  async importHolidays(
    user: AuthenticatedUser,
    id: string,
    ics: string,
    options: { replaceYears?: boolean; fileName?: string },
  ): Promise<HolidayImportDto> {
    const parsed = parseIcsHolidays(ics);
    if (parsed.problems.length > 0) {
      throw new DomainError(
        DomainErrorCode.ValidationFailed,
        `The holiday file does not parse: ${parsed.problems[0].message} (line ${parsed.problems[0].line})`,
        { errors: { file: parsed.problems.map((p) => `line ${p.line}: ${p.message}`) } },
      );
    }
    let counts = { added: 0, replaced: 0 };
    const result = await this.change(user, id, (current) => {
      const merged = mergeHolidays(current, parsed, { replaceYears: options.replaceYears });
      counts = { added: merged.added, replaced: merged.replaced };
      return {
        definition: merged.definition,
        action: 'calendar.import',
        summary:
          `Imported ${parsed.holidays.length} holiday(s) and ${parsed.makeUpWorkingDays.length} make-up ` +
          `working day(s) into calendar '${id}'${options.fileName ? ` from ${options.fileName}` : ''}` +
          `${options.replaceYears ? ', replacing the years it covers' : ''}`,
      };
    });
    return {
      ...result,
      imported: {
        holidays: parsed.holidays.length,
        makeUpWorkingDays: parsed.makeUpWorkingDays.length,
        ...counts,
      },
    };
  }

  private async change(
    user: AuthenticatedUser,
    id: string,
    edit: (current: CalendarDefinition) => {
      definition: CalendarDefinition;
      action: string;
      summary: string;
    },
  ): Promise<CalendarChangeDto> {
    const rolloutId = await this.db.transaction(async (manager) => {
      const current = await this.find(manager, id, true);
      const { definition, action, summary } = edit(current.definition);
      const problems = validateCalendar(definition);
      if (problems.length > 0) throw policyProblems(problems);
      const revision = current.revision + 1;
      await manager.query(
        `UPDATE "calendars" SET "name" = $2, "definition" = $3::jsonb, "revision" = $4, "updated_at" = now()
          WHERE "id" = $1`,
        [id, definition.name, JSON.stringify(definition), revision],
      );
      const rollout = await this.rollouts.createForCalendar(manager, user, id, revision);
      await this.audit.write(manager, user, {
        action,
        entityType: 'calendar',
        entityId: id,
        summary: `${summary} (revision ${current.revision} → ${revision})`,
        before: current.definition,
        after: definition,
      });
      return rollout.id;
    });
    return { calendar: await this.get(id), rollout: await this.rollouts.progress(rolloutId) };
  }

  private async find(manager: EntityManager, id: string, lock = false): Promise<CalendarRow> {
    const [row]: CalendarRow[] = await manager.query(
      `SELECT * FROM "calendars" WHERE "id" = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    if (!row) throw DomainError.notFound(`There is no calendar '${id}'.`, { id });
    return row;
  }
}

/** The stored definition: the body's fields only, in a fixed order, the id from the path. */
function definitionOf(id: string, body: CalendarBodyDto): CalendarDefinition {
  const definition = {
    id,
    name: body.name,
    timeZone: body.timeZone,
    weeklyPeriods: body.weeklyPeriods,
    holidays: body.holidays,
    makeUpWorkingDays: body.makeUpWorkingDays,
  } as CalendarDefinition;
  const problems = validateCalendar(definition);
  if (problems.length > 0) throw policyProblems(problems);
  return definition;
}

function toDto(row: CalendarRow): CalendarDto {
  const { id, name, timeZone, weeklyPeriods, holidays, makeUpWorkingDays } = row.definition;
  return {
    id,
    name,
    timeZone,
    weeklyPeriods,
    holidays,
    makeUpWorkingDays,
    revision: row.revision,
    updatedAt: row.updated_at.toISOString(),
  };
}
