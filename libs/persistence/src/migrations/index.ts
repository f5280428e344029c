// Every migration, in order. `npm run migration:generate -- <Name>` writes a new file here; add it below.
import { CreateUsers1795358392316 } from './1795358392316-CreateUsers';

export const MIGRATIONS: Function[] = [CreateUsers1795358392316];
