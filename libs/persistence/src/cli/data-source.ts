// Entry point for the TypeORM CLI (`npm run migration:generate|run|revert`): the same options as the app.
import { createDataSource } from '../data-source';

const url = process.env.DATABASE_URL;
if (!url) {
  throw new Error('Set DATABASE_URL to the PostgreSQL database the migration command should use.');
}
export default createDataSource(url);
