package io.githydrate.diagram;

/**
 * The size of one box and where its text goes, from the text widths alone: a header (name, row
 * count), a line per column in four columns (key marks, name, type, NOT NULL mark), then a line per
 * index under a rule.
 */
record BoxGeometry(double width, double height, double nameX, double typeX, double notNullX) {
  static final double FONT = 12;
  static final double SMALL = 11;
  static final double PAD = 8;
  static final double GAP = 10;
  static final double HEADER = 26;
  static final double LINE = 18;
  static final double RULE = 6;
  static final double MIN_WIDTH = 120;
  private static final double MARKS = TextWidth.of("PK FK", SMALL);
  private static final double NOT_NULL = TextWidth.of("NN", SMALL);

  static BoxGeometry of(Entity entity) {
    double names = 0;
    double types = 0;
    for (Entity.Line column : entity.columns()) {
      names = Math.max(names, TextWidth.of(column.name(), FONT));
      types = Math.max(types, TextWidth.of(column.type(), FONT));
    }
    double nameX = PAD + MARKS + GAP;
    double typeX = nameX + names + GAP;
    double notNullX = typeX + types + (types > 0 ? GAP : 0);
    double width = notNullX + NOT_NULL + PAD;
    for (Entity.Line index : entity.indexes()) {
      width = Math.max(width, nameX + TextWidth.of(indexText(index), SMALL) + PAD);
    }
    width = Math.max(width, PAD + TextWidth.of(entity.name(), FONT) + GAP + TextWidth.of(rowsText(entity), SMALL) + PAD);
    width = Math.max(MIN_WIDTH, Math.ceil(width));
    double height = HEADER + Math.max(1, entity.columns().size()) * LINE + 4
        + (entity.indexes().isEmpty() ? 0 : RULE + entity.indexes().size() * LINE);
    return new BoxGeometry(width, height, nameX, typeX, notNullX);
  }

  /** The middle of column line {@code line} (from 0) from the box's top; the header's middle for -1. */
  double lineMiddle(int line) {
    return line < 0 ? HEADER / 2 : HEADER + line * LINE + LINE / 2;
  }

  /** The baseline of the text of column line {@code line}. */
  double lineBaseline(int line) {
    return HEADER + line * LINE + LINE - 5;
  }

  /** The baseline of index line {@code index}, after {@code columns} column lines. */
  double indexBaseline(int columns, int index) {
    return HEADER + Math.max(1, columns) * LINE + 4 + RULE + index * LINE + LINE - 5;
  }

  /** Where the rule above the indexes is. */
  double ruleY(int columns) {
    return HEADER + Math.max(1, columns) * LINE + 4 + RULE / 2;
  }

  /** An index line's text: its name and columns. */
  static String indexText(Entity.Line index) {
    return index.name() + " " + index.type();
  }

  /** The header's second text: the row count, or what kind of box it is. */
  static String rowsText(Entity entity) {
    return switch (entity.kind()) {
      case VIEW -> "view";
      case VIRTUAL -> "virtual, " + Numbers.rows(entity.rows());
      case TABLE -> Numbers.rows(entity.rows());
    };
  }
}
