package io.githydrate.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WritebackOutputStreamTest {
  @TempDir
  Path dir;

  @Test
  void theFileGetsExactlyTheBytesWrittenAndTheHelperSyncsEachStep() throws Exception {
    Path file = Files.createFile(dir.resolve("archive.json"));
    byte[] data = new byte[(int) (2 * WritebackOutputStream.STEP + 12345)];
    new Random(7).nextBytes(data);
    WritebackOutputStream writeback =
        new WritebackOutputStream(Files.newOutputStream(file, StandardOpenOption.WRITE), file);
    try (OutputStream out = new BufferedOutputStream(writeback, 1 << 16)) {
      out.write(data, 0, (int) WritebackOutputStream.STEP + 1);
      for (int i = 0; i < 500 && writeback.syncs() == 0; i++) {
        Thread.sleep(10);
      }
      assertEquals(1, writeback.syncs(), "one step written, one sync");
      out.write(data, (int) WritebackOutputStream.STEP + 1, data.length - (int) WritebackOutputStream.STEP - 1);
    }
    assertFalse(writeback.helperRunning(), "closing stops the helper");
    assertArrayEquals(data, Files.readAllBytes(file));
  }

  @Test
  void aSmallFileIsNeverSyncedByTheHelper() throws Exception {
    Path file = Files.createFile(dir.resolve("small.json"));
    WritebackOutputStream writeback =
        new WritebackOutputStream(Files.newOutputStream(file, StandardOpenOption.WRITE), file);
    try (writeback) {
      writeback.write("{}\n".getBytes());
      assertTrue(writeback.helperRunning());
    }
    assertEquals(0, writeback.syncs());
    assertFalse(writeback.helperRunning());
    assertEquals("{}\n", Files.readString(file));
  }
}
