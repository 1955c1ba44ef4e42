package io.githydrate.merge;

/** A database-wide setting (a pragma an archive keeps) that differs between two versions. */
public record SettingChange(String pragma, Object before, Object after) {

  /** The statement that sets it: {@code PRAGMA user_version = 4;}. */
  public String sql() {
    return "PRAGMA " + pragma + " = " + SqlText.literal(after) + ";";
  }
}
