import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { CalendarDefinition } from '@caseflow/sla';

/** A business calendar (working hours, holidays, make-up days) as the admin edits it. */
@Entity({ name: 'calendars' })
export class CalendarEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  /** The whole definition, validated by `validateCalendar` before it is stored. */
  @Column({ type: 'jsonb' })
  definition: CalendarDefinition;

  /** Incremented by every change; a case is never given an older revision than it has. */
  @Column({ type: 'integer', default: 1 })
  revision: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
