package io.githydrate.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.githydrate.schema.SchemaModel;
import io.githydrate.testing.ChildProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same schema gives the same SVG in every JVM, whatever identity hash codes its objects get:
 * drawn in this JVM, and in child JVMs that hand out identity hash codes differently (constant, or
 * after taking many). Tables that refer to themselves are in it: ELK's own self-loop handling made
 * the layout depend on those hash codes.
 */
class DiagramDeterminismTest {
  @TempDir
  Path dir;

  @Test
  void everyJvmDrawsTheSameBytes() {
    String here = Integer.toHexString(Draw.svg().hashCode());

    for (List<String> options : List.<List<String>>of(List.of("-XX:hashCode=2"), List.of("-XX:hashCode=5"), List.of())) {
      for (String taken : List.of("0", "4099")) {
        List<String> command = new ArrayList<>(ChildProcess.java(Draw.class, taken));
        command.add(1, "-XX:+UnlockExperimentalVMOptions");
        command.addAll(2, options);
        ChildProcess.Exec child = ChildProcess.run(dir, Map.of(), command);
        assertEquals(0, child.exitCode(), child::toString);
        assertEquals(here + "\n", child.stdout(), () -> options + ", " + taken + " hash codes taken first");
      }
    }
  }

  /** Draws a fixed schema with self references in a JVM of its own and prints its SVG's hash. */
  public static final class Draw {
    public static void main(String[] args) {
      for (int i = Integer.parseInt(args[0]); i > 0; i--) {
        System.identityHashCode(new Object());
      }
      System.out.println(Integer.toHexString(svg().hashCode()));
    }

    static String svg() {
      SchemaModel generated = DiagramTest.generated(14, new Random(14));
      List<SchemaModel.Table> tables = new ArrayList<>(generated.tables());
      for (int i = 0; i < tables.size(); i += 3) {
        SchemaModel.Table t = tables.get(i);
        List<SchemaModel.Column> columns = new ArrayList<>(t.columns());
        columns.add(new SchemaModel.Column("parent_id", "INTEGER", 0, false, null));
        List<SchemaModel.ForeignKey> keys = new ArrayList<>(t.foreignKeys());
        keys.add(new SchemaModel.ForeignKey(List.of("parent_id"), t.name(), List.of("id")));
        tables.set(i, new SchemaModel.Table(t.name(), false, columns, keys, List.of(), 3));
      }
      return Diagram.svg("self.db", new SchemaModel("self.db", tables, List.of(), List.of()), null, null);
    }
  }
}
