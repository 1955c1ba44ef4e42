package io.githydrate.git.filter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Plays Git's side of two filter sessions in this process, for the distribution build, which records
 * the classes a filter process uses into a class cache: two cleans of a database (the second answered
 * from the kept archive), then two smudges of its archive (the second copied from the kept database).
 */
public final class FilterRehearsal {
  private FilterRehearsal() {}

  /**
   * Rehearses on the database at {@code pathname}, relative to {@code workTree} (a Git work tree,
   * where the copies are kept); whether every file was converted.
   */
  public static boolean run(Path workTree, String pathname, PrintStream log) throws IOException {
    byte[] database = Files.readAllBytes(workTree.resolve(pathname));
    ByteArrayOutputStream cleaned = new ByteArrayOutputStream();
    boolean ok = session(workTree, log, "clean", pathname, database, cleaned);
    PktLineReader reader = new PktLineReader(new ByteArrayInputStream(cleaned.toByteArray()));
    reader.readTextList(); // the handshake's two lists
    reader.readTextList();
    reader.readTextList(); // the first answer's status
    byte[] archive = reader.content().readAllBytes();
    return ok && session(workTree, log, "smudge", pathname, archive, new ByteArrayOutputStream());
  }

  /** One process serving {@code command} twice on {@code content}; whether both answers were success. */
  private static boolean session(Path workTree, PrintStream log, String command, String pathname, byte[] content,
      ByteArrayOutputStream out) throws IOException {
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    PktLineWriter git = new PktLineWriter(input);
    git.text("git-filter-client");
    git.text("version=2");
    git.flush();
    git.text("capability=clean");
    git.text("capability=smudge");
    git.flush();
    for (int i = 0; i < 2; i++) {
      git.text("command=" + command);
      git.text("pathname=" + pathname);
      git.flush();
      try (OutputStream packets = git.content()) {
        packets.write(content);
      }
      git.flush();
    }
    int exit = Filters.process(new ByteArrayInputStream(input.toByteArray()), out, log, workTree, Map.of());
    String answers = out.toString(StandardCharsets.ISO_8859_1);
    return exit == FilterProcess.DONE && answers.split("status=success", -1).length == 3
        && !answers.contains("status=error");
  }
}
