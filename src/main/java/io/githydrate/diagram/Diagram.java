package io.githydrate.diagram;

import io.githydrate.schema.SchemaModel;
import java.util.ArrayList;
import java.util.List;

/** An entity-relationship diagram of a schema as SVG, optionally marking what changed since an earlier one. */
public final class Diagram {
  private Diagram() {}

  /**
   * The SVG of {@code now}.
   *
   * @param title the caption's first line (the database's path)
   * @param before the schema to compare with; null to mark nothing
   * @param since how the caption names {@code before} (a revision); ignored when {@code before} is null
   */
  public static String svg(String title, SchemaModel now, SchemaModel before, String since) {
    List<Entity> entities = Entities.of(now, before);
    DiagramLayout.Result layout = DiagramLayout.place(entities);
    return SvgDiagram.render(caption(title, now, before, since, entities), entities, layout, before != null);
  }

  private static List<String> caption(String title, SchemaModel now, SchemaModel before, String since,
      List<Entity> entities) {
    List<String> lines = new ArrayList<>();
    lines.add(title);
    lines.add(Numbers.count(now.tables().size(), "table", "tables") + ", "
        + Numbers.count(now.views().size(), "view", "views") + ", " + Numbers.count(now.rows(), "row", "rows"));
    if (before != null) {
      lines.add("changes since " + since + ": " + changes(entities));
    }
    return lines;
  }

  /** {@code 1 table added, 2 changed, 0 removed} over the tables and views. */
  static String changes(List<Entity> entities) {
    long added = entities.stream().filter(e -> e.status() == Status.ADDED).count();
    long changed = entities.stream().filter(e -> e.status() == Status.CHANGED).count();
    long removed = entities.stream().filter(e -> e.status() == Status.REMOVED).count();
    return added + " added, " + changed + " changed, " + removed + " removed";
  }
}
