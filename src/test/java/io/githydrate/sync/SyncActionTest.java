package io.githydrate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The whole decision table: every event against every combination of what changed. */
class SyncActionTest {

  @ParameterizedTest(name = "{0}: database {1}/{3}, archive {2}/{4} -> {5}")
  @CsvSource({
      // event, has database, has archive, database changed, archive changed, action
      "UPDATE, true,  true,  false, false, NOTHING",
      "UPDATE, true,  true,  true,  false, NOTHING",            // local work waits for the next commit
      "UPDATE, true,  true,  false, true,  HYDRATE",
      "UPDATE, true,  true,  true,  true,  BACKUP_AND_HYDRATE", // never drop local work
      "UPDATE, false, true,  false, false, HYDRATE",            // a missing database is always rebuilt
      "UPDATE, false, true,  false, true,  HYDRATE",
      "UPDATE, true,  false, true,  false, NOTHING",            // not archived on this commit: left alone
      "UPDATE, true,  false, false, false, NOTHING",
      "COMMIT, true,  true,  true,  false, DEHYDRATE",
      "COMMIT, true,  true,  true,  true,  DEHYDRATE",          // the database being committed wins
      "COMMIT, true,  true,  false, true,  NOTHING",
      "COMMIT, true,  false, true,  false, DEHYDRATE",          // a new database gets its first archive
      "COMMIT, false, true,  false, false, NOTHING",            // a deleted database does not delete its archive
  })
  void decides(SyncAction.Event event, boolean hasDatabase, boolean hasArchive, boolean databaseChanged,
      boolean archiveChanged, SyncAction expected) {
    assertEquals(expected, SyncAction.decide(event, hasDatabase, hasArchive, databaseChanged, archiveChanged));
  }
}
