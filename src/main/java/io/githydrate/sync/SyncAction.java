package io.githydrate.sync;

/**
 * What to do with one database, decided from whether it and its archive changed since they were
 * last in sync. A pure function of those two facts and of the event, so every hook and
 * {@code git hydrate sync} decide alike.
 */
public enum SyncAction {
  /** Nothing changed, or only the database did and the event is not a commit. */
  NOTHING,
  /** The archive changed: rebuild the database from it. */
  HYDRATE,
  /** The archive changed and so did the database: keep the database as a backup, then rebuild it. */
  BACKUP_AND_HYDRATE,
  /** The database changed: export it to its archive (on commit). */
  DEHYDRATE,
  /**
   * Both changed since they were last in step: merge the database's changes with the archive's
   * (base: the archive they were in step with), so that neither side's changes are lost.
   */
  MERGE;

  /**
   * Where Git is moving the work tree (checkout, merge, rewrite, sync) or recording it (commit), or
   * where an application starts or exits.
   */
  public enum Event {
    UPDATE, COMMIT,
    /**
     * An application starts: a database that is missing or behind its archive is brought in step,
     * and one changed since it was last in step is left as it is, whatever happened to its archive.
     */
    START,
    /**
     * An application exits: its database is exported as at a commit, except one that was never in
     * step with an archive holding other content, which nobody can tell the newer of.
     */
    EXIT
  }

  /**
   * @param hasDatabase whether the database file exists
   * @param hasArchive whether its archive exists
   * @param databaseChanged the database's content differs from the last sync (or was never synced)
   * @param archiveChanged the archive's bytes differ from the last sync (or were never synced)
   */
  public static SyncAction decide(Event event, boolean hasDatabase, boolean hasArchive, boolean databaseChanged,
      boolean archiveChanged) {
    return decide(event, hasDatabase, hasArchive, databaseChanged, archiveChanged, false);
  }

  /**
   * @param everInStep whether the two were ever in step (so the archive they were in step with is
   *     the base for merging both sides' changes); when not, a change on both sides is settled as
   *     before merging existed: the database backed up and rebuilt, or exported at a commit
   */
  public static SyncAction decide(Event event, boolean hasDatabase, boolean hasArchive, boolean databaseChanged,
      boolean archiveChanged, boolean everInStep) {
    if (event == Event.START) {
      return hasArchive && (!hasDatabase || !databaseChanged && archiveChanged) ? HYDRATE : NOTHING;
    }
    if (event == Event.EXIT) {
      if (hasDatabase && hasArchive && !everInStep && databaseChanged && archiveChanged) {
        return NOTHING;
      }
      event = Event.COMMIT;
    }
    if (everInStep && hasDatabase && hasArchive && databaseChanged && archiveChanged) {
      return MERGE;
    }
    if (event == Event.COMMIT) {
      return hasDatabase && databaseChanged ? DEHYDRATE : NOTHING;
    }
    if (!hasArchive) {
      return NOTHING; // a database not archived (yet) on this commit is left as it is
    }
    if (!hasDatabase) {
      return HYDRATE;
    }
    if (!archiveChanged) {
      return NOTHING;
    }
    return databaseChanged ? BACKUP_AND_HYDRATE : HYDRATE;
  }
}
