package io.githydrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.githydrate.archive.ArchiveReader;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class WarmUpTest {
  @Test
  void theWarmUpArchiveIsAValidArchive() throws Exception {
    // A warm-up that fails does so silently, and then warms up nothing past the failure.
    assertEquals(ArchiveReader.Kind.V1,
        ArchiveReader.read(new ByteArrayInputStream(WarmUp.ARCHIVE), new io.githydrate.archive.ArchiveVisitor.Ignoring()));
  }
}
