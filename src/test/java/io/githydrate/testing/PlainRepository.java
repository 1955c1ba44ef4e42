package io.githydrate.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fresh Git repository for tests that run commands in-process: {@code repo/} under a test's
 * folder, Git with a home of its own ({@code home/}) and hooks pointed at nothing, so that what the
 * test does is all that happens.
 */
public record PlainRepository(Path dir, TestGit git) {
  public static PlainRepository init(Path base) throws IOException {
    Path dir = Files.createDirectories(base.resolve("repo"));
    TestGit git = TestGit.withHome(base.resolve("home")).withConfig("core.hooksPath", base.resolve("no-hooks").toString());
    git.git(dir, "init", "-q");
    return new PlainRepository(dir, git);
  }

  /** {@code git-hydrate ARGS} in the repository, in-process, without stack traces in its output. */
  public InProcess.Run run(String... args) {
    return InProcess.run(dir, git.environment(), args).withoutStackTrace();
  }
}
