package io.githydrate.git;

import java.nio.file.Path;

/**
 * One database of a workspace and where its archive lives.
 *
 * @param label the database's path relative to the workspace root, with {@code /} separators
 * @param database absolute path of the database file (which may not exist yet)
 * @param archive absolute path of its archive (which may not exist yet)
 */
public record DatabaseEntry(String label, Path database, Path archive) {}
