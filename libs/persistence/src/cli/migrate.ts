// `migrate.ts run`: applies pending migrations to DATABASE_URL (used by test set-up and deployments). With
// DATABASE_MIGRATION_URL too, it migrates as that owner and grants DATABASE_URL's role the app's share.
import { migrateForApp } from '../app-role';
import { runMigrations } from '../data-source';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('Set DATABASE_URL to the PostgreSQL database to migrate.');
  const ownerUrl = process.env.DATABASE_MIGRATION_URL?.trim() || url;
  const ran = await migrateForApp(runMigrations, url, ownerUrl);
  if (process.env.CI !== 'true' || ran.length > 0) {
    process.stdout.write(ran.length ? `Applied migrations: ${ran.join(', ')}\n` : 'No pending migrations.\n');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
