package io.githydrate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole decision table: every event against every combination of what changed, for a pair never
 * in step (no base to merge from) and for one that was.
 */
class SyncActionTest {

  @ParameterizedTest(name = "{0}: database {1}/{3}, archive {2}/{4} -> {5}")
  @CsvSource({
      // event, has database, has archive, database changed, archive changed, action
      "UPDATE, true,  true,  false, false, NOTHING",
      "UPDATE, true,  true,  true,  false, NOTHING",            // local work waits for the next commit
      "UPDATE, true,  true,  false, true,  HYDRATE",
      "UPDATE, true,  true,  true,  true,  BACKUP_AND_HYDRATE", // no base to merge from: never drop local work
      "UPDATE, false, true,  false, false, HYDRATE",            // a missing database is always rebuilt
      "UPDATE, false, true,  false, true,  HYDRATE",
      "UPDATE, true,  false, true,  false, NOTHING",            // not archived on this commit: left alone
      "UPDATE, true,  false, false, false, NOTHING",
      "COMMIT, true,  true,  true,  false, DEHYDRATE",
      "COMMIT, true,  true,  true,  true,  DEHYDRATE",          // no base: the database being committed wins
      "COMMIT, true,  true,  false, true,  NOTHING",
      "COMMIT, true,  false, true,  false, DEHYDRATE",          // a new database gets its first archive
      "COMMIT, false, true,  false, false, NOTHING",            // a deleted database does not delete its archive
      "START,  true,  true,  false, false, NOTHING",
      "START,  true,  true,  true,  false, NOTHING",            // an application's own changes are never touched
      "START,  true,  true,  false, true,  HYDRATE",            // behind its archive
      "START,  true,  true,  true,  true,  NOTHING",            // no base: which is newer is not known, left as it is
      "START,  false, true,  false, false, HYDRATE",
      "START,  false, true,  false, true,  HYDRATE",
      "START,  true,  false, true,  false, NOTHING",            // no archive to build from
      "EXIT,   true,  true,  true,  false, DEHYDRATE",
      "EXIT,   true,  true,  true,  true,  NOTHING",            // never in step: exporting could undo the archive's changes
      "EXIT,   true,  true,  false, true,  NOTHING",            // behind: the next start brings it along
      "EXIT,   true,  false, true,  false, DEHYDRATE",
      "EXIT,   false, true,  false, false, NOTHING",
  })
  void decides(SyncAction.Event event, boolean hasDatabase, boolean hasArchive, boolean databaseChanged,
      boolean archiveChanged, SyncAction expected) {
    assertEquals(expected, SyncAction.decide(event, hasDatabase, hasArchive, databaseChanged, archiveChanged));
  }

  @ParameterizedTest(name = "in step once, {0}: database {1}/{3}, archive {2}/{4} -> {5}")
  @CsvSource({
      "UPDATE, true,  true,  true,  true,  MERGE",   // both changed: merged from the archive they were in step with
      "COMMIT, true,  true,  true,  true,  MERGE",   // never export over archive changes not seen
      "UPDATE, true,  true,  false, true,  HYDRATE",
      "UPDATE, true,  true,  true,  false, NOTHING",
      "COMMIT, true,  true,  true,  false, DEHYDRATE",
      "COMMIT, true,  true,  false, true,  NOTHING",
      "UPDATE, false, true,  true,  true,  HYDRATE", // no database: nothing to merge
      "COMMIT, true,  false, true,  true,  DEHYDRATE",
      "START,  true,  true,  true,  true,  NOTHING", // both changed: local changes are never touched at a start
      "START,  true,  true,  false, true,  HYDRATE",
      "START,  false, true,  true,  true,  HYDRATE",
      "EXIT,   true,  true,  true,  true,  MERGE",   // as at a commit: merged, or refused, never overwritten
      "EXIT,   true,  true,  true,  false, DEHYDRATE",
  })
  void decidesAfterBeingInStep(SyncAction.Event event, boolean hasDatabase, boolean hasArchive,
      boolean databaseChanged, boolean archiveChanged, SyncAction expected) {
    assertEquals(expected, SyncAction.decide(event, hasDatabase, hasArchive, databaseChanged, archiveChanged, true));
  }
}
