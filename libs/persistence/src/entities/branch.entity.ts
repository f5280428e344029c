import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A service branch; its calendar decides the working time of its cases' commitments. */
@Entity({ name: 'branches' })
export class BranchEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'calendar_id', type: 'text', default: 'default' })
  calendarId: string;
}
