package io.githydrate.git.filter;

import java.util.Map;

/**
 * One file Git asks the filter to convert.
 *
 * @param command what to do with it
 * @param pathname its path relative to the top of the work tree, {@code /}-separated, as Git names it
 * @param keys every key Git sent with it (also {@code ref}, {@code treeish}, {@code blob} when Git knows them)
 */
record FilterRequest(Command command, String pathname, Map<String, String> keys) {
  /** The capabilities this filter offers, by their wire names. */
  enum Command {
    /** Work tree to Git: a database (or an archive) in, its archive out. */
    CLEAN("clean"),
    /** Git to work tree: an archive in, its database out. */
    SMUDGE("smudge");

    private final String wireName;

    Command(String wireName) {
      this.wireName = wireName;
    }

    String wireName() {
      return wireName;
    }

    static Command named(String wireName) {
      for (Command command : values()) {
        if (command.wireName.equals(wireName)) {
          return command;
        }
      }
      return null;
    }
  }
}
