package io.githydrate.diagram;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes a laid-out diagram as SVG: a caption (the database, its table, view and row counts, what
 * it is compared with), the foreign keys as arrows, one group per box, and a legend. Every
 * coordinate is rounded to a tenth and every list comes in the boxes' order, so the same layout
 * gives the same bytes. Tables, columns and keys carry {@code data-} attributes naming them and a
 * class saying how they changed ({@code added}, {@code changed}, {@code removed}).
 */
final class SvgDiagram {
  private static final double MARGIN = 16;
  private static final double TITLE = 15;
  private static final String STYLE = """
      text { fill: #1f2933; white-space: pre; }
      .caption .title { font-size: 15px; font-weight: bold; }
      .caption .counts, .caption .since { font-size: 12px; fill: #52606d; }
      .table .frame, .view .frame { fill: #ffffff; stroke: #52606d; stroke-width: 1.2; }
      .table .head { fill: #d9e2ec; }
      .table.virtual .head { fill: #e6ddd3; }
      .view .frame { stroke-dasharray: 6 3; }
      .view .head { fill: #eadcf2; }
      .name { font-weight: bold; }
      .rows, .marks, .nn, .index text { font-size: 11px; fill: #52606d; }
      .type { fill: #334e68; }
      .rule { stroke: #bcccdc; stroke-width: 1; }
      .fk { fill: none; stroke: #627d98; stroke-width: 1.2; }
      .fk.added { stroke: #2f8132; stroke-width: 2; }
      .fk.removed { stroke: #c62828; stroke-dasharray: 5 3; }
      .table.added .frame, .view.added .frame { stroke: #2f8132; stroke-width: 2.5; }
      .table.added .head, .view.added .head, .line.added .mark { fill: #c8e6c9; }
      .table.changed .frame, .view.changed .frame { stroke: #e09b00; stroke-width: 2.5; }
      .table.changed .head, .view.changed .head, .line.changed .mark { fill: #ffe8a3; }
      .table.removed .frame, .view.removed .frame { stroke: #c62828; stroke-width: 2.5; stroke-dasharray: 6 3; }
      .table.removed .head, .view.removed .head, .line.removed .mark { fill: #ffcdd2; }
      .removed text { fill: #c62828; text-decoration: line-through; }
      .legend text { font-size: 11px; fill: #52606d; }
      .legend .swatch { stroke: #52606d; stroke-width: 1; }
      .legend .swatch.added { fill: #c8e6c9; }
      .legend .swatch.changed { fill: #ffe8a3; }
      .legend .swatch.removed { fill: #ffcdd2; }
      """;
  private static final String MARKS_LEGEND = "PK primary key   FK foreign key   NN NOT NULL   IX index   UQ unique index";

  private final StringBuilder svg = new StringBuilder(1 << 14);

  private SvgDiagram() {}

  /**
   * The SVG document.
   *
   * @param caption the caption's lines: a title, then lines of counts
   * @param compared whether boxes are marked against an earlier version (the legend then explains the colours)
   */
  static String render(List<String> caption, List<Entity> entities, DiagramLayout.Result layout, boolean compared) {
    return new SvgDiagram().write(caption, entities, layout, compared);
  }

  private String write(List<String> caption, List<Entity> entities, DiagramLayout.Result layout, boolean compared) {
    double captionHeight = TITLE + 8 + (caption.size() - 1) * 17.0;
    double top = MARGIN + captionHeight + 12;
    double legendY = top + layout.height() + 24;
    double width = layout.width();
    width = Math.max(width, TextWidth.of(caption.get(0), TITLE));
    for (String line : caption.subList(1, caption.size())) {
      width = Math.max(width, TextWidth.of(line, 12));
    }
    width = Math.max(width, legendWidth(compared));
    width = Math.ceil(width + 2 * MARGIN);
    double height = Math.ceil(legendY + (compared ? 40 : 20) + MARGIN);

    svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(n(width))
        .append("\" height=\"").append(n(height)).append("\" viewBox=\"0 0 ").append(n(width)).append(' ')
        .append(n(height)).append("\" font-family=\"").append(Xml.escape(TextWidth.FONT_FAMILY))
        .append("\" font-size=\"12\">\n");
    svg.append("<title>").append(Xml.escape(caption.get(0))).append("</title>\n");
    svg.append("<style>\n").append(STYLE).append("</style>\n");
    svg.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" ")
        .append("markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#627d98\"/></marker></defs>\n");
    svg.append("<rect class=\"background\" x=\"0\" y=\"0\" width=\"").append(n(width)).append("\" height=\"")
        .append(n(height)).append("\" fill=\"#ffffff\"/>\n");
    captionGroup(caption);
    svg.append("<g class=\"edges\">\n");
    for (DiagramLayout.Route route : layout.routes()) {
      edge(route, MARGIN, top);
    }
    svg.append("</g>\n");
    for (int i = 0; i < entities.size(); i++) {
      box(entities.get(i), layout.places().get(i), MARGIN, top);
    }
    legend(legendY, compared);
    svg.append("</svg>\n");
    return svg.toString();
  }

  private void captionGroup(List<String> caption) {
    svg.append("<g class=\"caption\">\n");
    double y = MARGIN + TITLE;
    svg.append("<text class=\"title\" x=\"").append(n(MARGIN)).append("\" y=\"").append(n(y)).append("\">")
        .append(Xml.escape(caption.get(0))).append("</text>\n");
    for (int i = 1; i < caption.size(); i++) {
      y += 17;
      svg.append("<text class=\"").append(i == 1 ? "counts" : "since").append("\" x=\"").append(n(MARGIN))
          .append("\" y=\"").append(n(y)).append("\">").append(Xml.escape(caption.get(i))).append("</text>\n");
    }
    svg.append("</g>\n");
  }

  private void edge(DiagramLayout.Route route, double dx, double dy) {
    String columns = String.join(", ", route.reference().key().from());
    String target = route.reference().key().to().isEmpty() ? "" : " (" + String.join(", ", route.reference().key().to()) + ")";
    svg.append("<path class=\"fk").append(cls(route.reference().status())).append("\" data-from=\"")
        .append(Xml.escape(route.from().name())).append("\" data-to=\"").append(Xml.escape(route.to().name()))
        .append("\" data-columns=\"").append(Xml.escape(columns)).append("\" d=\"");
    List<String> points = new ArrayList<>();
    for (double[] point : route.points()) {
      points.add(n(point[0] + dx) + "," + n(point[1] + dy));
    }
    svg.append("M").append(String.join(" L", points)).append("\" marker-end=\"url(#arrow)\"><title>")
        .append(Xml.escape(route.from().name() + " (" + columns + ") → " + route.to().name() + target))
        .append("</title></path>\n");
  }

  private void box(Entity entity, DiagramLayout.Place place, double dx, double dy) {
    BoxGeometry box = place.box();
    String kind = entity.kind() == Entity.Kind.VIEW ? "view" : entity.kind() == Entity.Kind.VIRTUAL ? "table virtual" : "table";
    svg.append("<g class=\"").append(kind).append(cls(entity.status())).append("\" data-table=\"")
        .append(Xml.escape(entity.name())).append("\" transform=\"translate(").append(n(place.x() + dx)).append(',')
        .append(n(place.y() + dy)).append(")\">\n");
    svg.append("<rect class=\"frame\" x=\"0\" y=\"0\" width=\"").append(n(box.width())).append("\" height=\"")
        .append(n(box.height())).append("\" rx=\"3\"/>\n");
    svg.append("<rect class=\"head\" x=\"0.6\" y=\"0.6\" width=\"").append(n(box.width() - 1.2)).append("\" height=\"")
        .append(n(BoxGeometry.HEADER - 0.6)).append("\"/>\n");
    String rows = BoxGeometry.rowsText(entity);
    svg.append("<text class=\"name\" x=\"").append(n(BoxGeometry.PAD)).append("\" y=\"17\">")
        .append(Xml.escape(entity.name())).append("</text>\n");
    svg.append("<text class=\"rows\" x=\"").append(n(box.width() - BoxGeometry.PAD)).append("\" y=\"17\" text-anchor=\"end\">")
        .append(Xml.escape(rows)).append("</text>\n");
    for (int i = 0; i < entity.columns().size(); i++) {
      Entity.Line line = entity.columns().get(i);
      double baseline = box.lineBaseline(i);
      svg.append("<g class=\"line column").append(cls(line.status())).append("\" data-column=\"")
          .append(Xml.escape(line.name())).append("\">");
      mark(line, box, BoxGeometry.HEADER + i * BoxGeometry.LINE);
      text("marks", BoxGeometry.PAD, baseline, line.marks());
      text("column-name", box.nameX(), baseline, line.name());
      text("type", box.typeX(), baseline, line.type());
      text("nn", box.notNullX(), baseline, line.notNull() ? "NN" : "");
      svg.append("</g>\n");
    }
    if (!entity.indexes().isEmpty()) {
      double rule = box.ruleY(entity.columns().size());
      svg.append("<line class=\"rule\" x1=\"0\" y1=\"").append(n(rule)).append("\" x2=\"").append(n(box.width()))
          .append("\" y2=\"").append(n(rule)).append("\"/>\n");
    }
    for (int i = 0; i < entity.indexes().size(); i++) {
      Entity.Line index = entity.indexes().get(i);
      double baseline = box.indexBaseline(entity.columns().size(), i);
      svg.append("<g class=\"line index").append(cls(index.status())).append("\" data-index=\"")
          .append(Xml.escape(index.name())).append("\">");
      mark(index, box, baseline - BoxGeometry.LINE + 5);
      text("marks", BoxGeometry.PAD, baseline, index.marks());
      text("index-name", box.nameX(), baseline, BoxGeometry.indexText(index));
      svg.append("</g>\n");
    }
    svg.append("</g>\n");
  }

  /** The coloured band behind a changed line. */
  private void mark(Entity.Line line, BoxGeometry box, double top) {
    if (line.status() != Status.SAME) {
      svg.append("<rect class=\"mark\" x=\"1\" y=\"").append(n(top)).append("\" width=\"").append(n(box.width() - 2))
          .append("\" height=\"").append(n(BoxGeometry.LINE)).append("\"/>");
    }
  }

  private void text(String cls, double x, double y, String text) {
    if (text.isEmpty()) {
      return;
    }
    svg.append("<text class=\"").append(cls).append("\" x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\">")
        .append(Xml.escape(text)).append("</text>");
  }

  private void legend(double y, boolean compared) {
    svg.append("<g class=\"legend\">\n");
    svg.append("<text x=\"").append(n(MARGIN)).append("\" y=\"").append(n(y)).append("\">").append(MARKS_LEGEND)
        .append("</text>\n");
    if (compared) {
      double x = MARGIN;
      for (Status status : List.of(Status.ADDED, Status.CHANGED, Status.REMOVED)) {
        svg.append("<rect class=\"swatch ").append(status.cssClass()).append("\" x=\"").append(n(x)).append("\" y=\"")
            .append(n(y + 10)).append("\" width=\"14\" height=\"12\"/>");
        svg.append("<text x=\"").append(n(x + 20)).append("\" y=\"").append(n(y + 20)).append("\">")
            .append(status.cssClass()).append("</text>\n");
        x += 20 + TextWidth.of(status.cssClass(), 11) + 24;
      }
    }
    svg.append("</g>\n");
  }

  private static double legendWidth(boolean compared) {
    return TextWidth.of(MARKS_LEGEND, 11);
  }

  private static String cls(Status status) {
    return status == Status.SAME ? "" : " " + status.cssClass();
  }

  private static String n(double value) {
    return Numbers.coordinate(value);
  }
}
