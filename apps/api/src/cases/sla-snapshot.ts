// The admin data a new case starts under (its branch's policy at its current version, resolved onto the
// branch's calendar, with every calendar it names), read by the persistence layer's one snapshot reader:
// this is its binding to the API's DataSource. Read once per intake and handed to the workflow as a
// snapshot (its maths stay deterministic).
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { PolicySnapshotReader } from '@caseflow/persistence';

@Injectable()
export class SlaSnapshots extends PolicySnapshotReader {
  constructor(@InjectDataSource() db: DataSource) {
    super(db);
  }
}
