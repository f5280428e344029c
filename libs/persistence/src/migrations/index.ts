// Every migration, in order. `npm run migration:generate -- <Name>` writes a new file here; add it below.
import type { MigrationInterface } from 'typeorm';
import { CreateUsers1795358392316 } from './1795358392316-CreateUsers';

export const MIGRATIONS: (new () => MigrationInterface)[] = [CreateUsers1795358392316];
