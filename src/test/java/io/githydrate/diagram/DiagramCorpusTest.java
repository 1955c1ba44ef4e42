package io.githydrate.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.githydrate.engine.Dehydrator;
import io.githydrate.engine.Progress;
import io.githydrate.schema.SchemaModel;
import io.githydrate.schema.SchemaReader;
import io.githydrate.testing.Corpus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every corpus database ({@link Corpus}: skipped, saying so, without it) gets a well-formed diagram
 * with a box per table and view and no overlaps, and documentation that is the same bytes twice.
 */
class DiagramCorpusTest {
  @TempDir
  Path dir;

  @TestFactory
  Stream<DynamicTest> everyCorpusDatabaseIsDrawnAndDocumented() throws IOException {
    return Corpus.eachDatabase(db -> {
      Path archive = dir.resolve(db.getFileName() + ".json");
      new Dehydrator(5000, Progress.NONE).dehydrate(db, db.getFileName().toString(), archive);
      SchemaModel model = SchemaReader.read(archive, archive.getFileName().toString());

      SvgFile svg = SvgFile.parse(Diagram.svg(db.getFileName().toString(), model, null, null));

      assertEquals(model.tables().size() + model.views().size(), svg.boxes().size());
      DiagramTest.assertNoOverlaps(java.util.List.copyOf(svg.boxes().values()));
      String label = db.getFileName().toString();
      assertEquals(DocsSite.files(Map.of(label, model)), DocsSite.files(Map.of(label, SchemaReader.read(archive, label))));
    });
  }
}
