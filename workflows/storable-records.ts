// Records the database refuses for good (DATA_REJECTED: e.g. a NUL byte that reached a case some way other
// than the API, which refuses it) are written once more with the characters it cannot hold replaced by
// U+FFFD, and their timeline entry says so; before, the write was retried for ever and the case was stuck.
// A write refused again (a value no replacement cures) fails as before. Shared by the case workflows.
import { ActivityFailure, ApplicationFailure, log, patched } from '@temporalio/workflow';
import { DATA_REJECTED, storable, type TimelineEntry } from '@caseflow/domain';

/** Histories recorded before keep failing (or retrying) the way they did. */
export const STORABLE_RECORDS_PATCH = 'records-the-database-refused-written-storable';
const REFUSED_NOTE = ' [the database refused some characters of this entry; they are shown as \ufffd]';

/** Runs `write`; if the database refuses its data for good, runs it once more on a storable copy, `note`d. */
export async function keptStorable<I, R>(
  write: (input: I) => Promise<R>,
  input: I,
  note: (input: I) => I = (same) => same,
): Promise<R> {
  try {
    return await write(input);
  } catch (error) {
    const rejection = dataRejection(error);
    if (!rejection || !patched(STORABLE_RECORDS_PATCH)) throw error;
    log.warn('A record was refused by the database; writing it with unstorable characters replaced', {
      failure: rejection.message,
    });
    return write(note(storable(input)));
  }
}

/** A timeline entry that says some of its characters were replaced. */
export const notedEntry = <E extends TimelineEntry>(entry: E): E => ({
  ...entry,
  summary: entry.summary + REFUSED_NOTE,
});

/** A local activity's failure arrives as the activity's own ApplicationFailure; a remote one's, as its cause. */
function dataRejection(error: unknown): ApplicationFailure | undefined {
  const failure = error instanceof ActivityFailure ? error.cause : error;
  return failure instanceof ApplicationFailure && failure.type === DATA_REJECTED ? failure : undefined;
}
