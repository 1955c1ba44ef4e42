package io.githydrate.merge;

import java.util.ArrayList;
import java.util.List;

/**
 * The settings a migration changes, split by when SQLite lets them change: {@code user_version} and
 * {@code application_id} inside the transaction; {@code page_size} and {@code auto_vacuum} only by
 * a {@code VACUUM}, and {@code journal_mode} only, outside any transaction, after the commit. The
 * text encoding is fixed when a database is made, so a change of it can only be reported.
 */
final class MigrationSettings {
  private final List<SettingChange> inTransaction = new ArrayList<>();
  private final List<SettingChange> byVacuum = new ArrayList<>();
  private SettingChange journalMode;
  private SettingChange encoding;

  void add(SettingChange change) {
    switch (change.pragma()) {
      case "page_size", "auto_vacuum" -> byVacuum.add(change);
      case "journal_mode" -> journalMode = change;
      case "encoding" -> encoding = change;
      default -> inTransaction.add(change);
    }
  }

  List<String> inTransaction() {
    return inTransaction.stream().map(SettingChange::sql).toList();
  }

  List<String> afterCommit() {
    List<String> statements = new ArrayList<>();
    for (SettingChange change : byVacuum) {
      statements.add(change.sql());
    }
    if (!byVacuum.isEmpty()) {
      statements.add("VACUUM; -- applies " + String.join(" and ",
          byVacuum.stream().map(SettingChange::pragma).toList()));
    }
    if (journalMode != null) {
      // The archive records only WAL; without it the database uses SQLite's default, DELETE.
      Object mode = journalMode.after() == null ? "delete" : journalMode.after();
      statements.add("PRAGMA journal_mode = " + mode + ";");
    }
    if (encoding != null) {
      statements.add("-- encoding: " + encoding.before() + " -> " + encoding.after()
          + "; SQLite fixes a database's encoding when it is made: rebuild it with git hydrate hydrate");
    }
    return statements;
  }
}
