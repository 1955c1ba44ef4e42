package io.githydrate.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * A cheap "has this file changed?" fingerprint: size, modification time and file identity, like
 * Git's own index stat data. Equal stamps mean "assume unchanged"; a different stamp only means "look closer".
 * A database's stamp covers its {@code -wal} file too, where committed changes may still wait.
 */
final class FileStamp {
  static final String MISSING = "missing";

  private FileStamp() {}

  static String of(Path file) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return attributes.size() + ":" + attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS)
          + (attributes.fileKey() == null ? "" : ":" + attributes.fileKey());
    } catch (IOException e) {
      return MISSING;
    }
  }

  static String ofDatabase(Path db) {
    String main = of(db);
    String wal = of(db.resolveSibling(db.getFileName() + "-wal"));
    return MISSING.equals(wal) ? main : main + "+" + wal;
  }
}
