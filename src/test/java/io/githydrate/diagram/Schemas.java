package io.githydrate.diagram;

import io.githydrate.TestSqlite;
import io.githydrate.engine.Dehydrator;
import io.githydrate.engine.Progress;
import io.githydrate.schema.SchemaModel;
import io.githydrate.schema.SchemaReader;
import java.nio.file.Files;
import java.nio.file.Path;

/** Schemas for the diagram tests, made the way users make them: a database, then its archive. */
final class Schemas {
  private Schemas() {}

  /** The schema of a new database {@code name} in {@code dir} after running {@code statements}. */
  static SchemaModel of(Path dir, String name, String... statements) throws Exception {
    Path db = dir.resolve(name);
    Files.deleteIfExists(db);
    TestSqlite.exec(db, statements);
    Path archive = dir.resolve(name + ".json");
    new Dehydrator(1000, Progress.NONE).dehydrate(db, name, archive);
    return SchemaReader.read(archive, name + ".json");
  }
}
