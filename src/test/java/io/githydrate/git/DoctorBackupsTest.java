package io.githydrate.git;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code git hydrate doctor} says of the backups, against the policy in {@code .hydrateconfig}. */
class DoctorBackupsTest {
  private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

  @TempDir
  Path dir;

  @BeforeEach
  void aRepository() throws IOException {
    Files.createDirectories(dir.resolve(".git/git-hydrate/backups"));
  }

  private Doctor.Check check() {
    return new Doctor(Workspace.around(dir), new GitCli(dir), Map.of()).backups(NOW);
  }

  private void backup(String name, int bytes) throws IOException {
    Files.write(dir.resolve(".git/git-hydrate/backups").resolve(name), new byte[bytes]);
  }

  @Test
  void noBackupsIsFine() {
    assertEquals(new Doctor.Check(true, "no backups of replaced databases", null), check());
  }

  @Test
  void backupsWithinThePolicyAreFine() throws IOException {
    backup("app.db.20261201T000000Z.bak", 2048);
    assertEquals(new Doctor.Check(true, "1 backup, 2.0 KiB in .git/git-hydrate/backups, within the policy"
        + " (10 backups and 1.0 GiB)", null), check());
  }

  @Test
  void backupsThePolicyWouldRemoveAskForAPrune() throws IOException {
    backup("app.db.20261001T000000Z.bak", 2048);
    backup("app.db.20261101T000000Z.bak", 2048);
    Files.writeString(dir.resolve(".hydrateconfig"), "[backups]\n\tkeep-count = 1\n");
    assertEquals(new Doctor.Check(false, "2 backups, 4.0 KiB in .git/git-hydrate/backups: more than the policy keeps"
        + " (1 backup and 1.0 GiB)", "run: git hydrate backups prune"), check());
  }

  @Test
  void backupsAlwaysKeptOverTheLimitsSayHowToFreeThem() throws IOException {
    backup("app.db.20261204T000000Z.bak", 3000);
    backup("app.db.20261205T000000Z.bak", 3000);
    Files.writeString(dir.resolve(".hydrateconfig"), "[backups]\n\tmax-size = 4k\n");
    assertEquals(new Doctor.Check(false, "2 backups, 5.9 KiB in .git/git-hydrate/backups: more than"
        + " backups.keep-count and backups.max-size allow (10 backups and 4.0 KiB), all kept since they are younger"
        + " than 7 days or the newest of their database", "delete those you do not need with: git hydrate backups"
        + " delete NAME (git hydrate backups lists them), or change the [backups] limits in .hydrateconfig"), check());
  }

  @Test
  void anInvalidSettingIsAProblem() throws IOException {
    Files.writeString(dir.resolve(".hydrateconfig"), "[backups]\n\tkeep-count = -1\n");
    assertEquals(new Doctor.Check(false, dir.resolve(".hydrateconfig") + ": backups.keep-count must be a whole number"
        + " of backups (0 or more), got \"-1\"", "correct the [backups] section of .hydrateconfig"
        + " (see README: Configuration)"), check());
  }
}
