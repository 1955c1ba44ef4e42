package io.githydrate.git;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code git hydrate doctor} says in filter mode of {@code large-values}, which only hooks mode honours. */
class DoctorLargeValuesTest {
  @TempDir
  Path dir;

  @BeforeEach
  void aRepository() throws IOException {
    Files.createDirectories(dir.resolve(".git"));
  }

  private Optional<Doctor.Check> check() {
    return new Doctor(Workspace.around(dir), new GitCli(dir), Map.of()).largeValuesInFilterMode();
  }

  @Test
  void largeValuesSetIsReportedWithTheWayToHonourIt() throws IOException {
    Files.writeString(dir.resolve(".hydrateconfig"), "[database \"*.db\"]\n\tlarge-values = 1m\n");
    assertEquals(Optional.of(new Doctor.Check(false, ".hydrateconfig sets large-values, but filter mode keeps every"
        + " value in its archive's lines (Git stores only the database)",
        "to keep large values in files of their own, use hooks mode: git hydrate install --hooks")), check());
  }

  @Test
  void withoutLargeValuesThereIsNothingToSay() throws IOException {
    Files.writeString(dir.resolve(".hydrateconfig"), "[database \"*.db\"]\n\tlarge-values = 0\n");
    assertEquals(Optional.empty(), check());
  }
}
