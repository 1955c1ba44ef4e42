package io.githydrate.merge;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A database and a change to it, as SQL, drawn at random: tables of each kind of key (INTEGER
 * PRIMARY KEY, with AUTOINCREMENT or not; the bare rowid; WITHOUT ROWID with a NOCASE text part),
 * values of every storage class, an index, a view, a trigger; then row changes, appended columns,
 * tables rebuilt by SQLite's procedure (a column dropped, renamed, retyped, a NOT NULL column
 * filled), a key changed, tables created and dropped, indexes, {@code user_version} and ANALYZE.
 * A model of the tables keeps every statement valid.
 */
final class GeneratedHistory {
  /** The statements that make the old database, and those that change it into the new one. */
  record Steps(List<String> setUp, List<String> change) {
    @Override
    public String toString() {
      return "set up:\n  " + String.join(";\n  ", setUp) + "\nchange:\n  " + String.join(";\n  ", change);
    }
  }

  private enum Key { INTEGER, AUTOINCREMENT, ROWID, COMPOSITE }

  /** One table as the model knows it: its key kind, its other columns, the keys of its rows. */
  private static final class Table {
    final String name;
    Key key;
    final List<String> columns = new ArrayList<>();
    final List<String> types = new ArrayList<>();
    final List<Long> rows = new ArrayList<>();
    final List<String> indexes = new ArrayList<>();
    String collation = "NOCASE";

    Table(String name, Key key) {
      this.name = name;
      this.key = key;
    }
  }

  private static final String[] TYPES = {"TEXT", "INTEGER", "REAL", "BLOB", "", "NUMERIC"};

  private final Random random;
  private final List<Table> tables = new ArrayList<>();
  private int names;
  private long nextKey = 1;
  private boolean trigger;

  private GeneratedHistory(Random random) {
    this.random = random;
  }

  static Steps draw(Random random) {
    return new GeneratedHistory(random).steps();
  }

  private Steps steps() {
    List<String> setUp = new ArrayList<>();
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      createTable(setUp);
    }
    if (random.nextInt(3) == 0) {
      Table t = pick();
      String column = t.columns.get(random.nextInt(t.columns.size()));
      addIndex(setUp, t, column);
    }
    if (random.nextInt(3) == 0) {
      setUp.add("CREATE VIEW everything AS SELECT * FROM " + tables.get(0).name);
    }
    if (random.nextInt(3) == 0) {
      setUp.add("CREATE TABLE log(what TEXT)");
      setUp.add("CREATE TRIGGER noted AFTER INSERT ON " + tables.get(0).name
          + " BEGIN INSERT INTO log VALUES ('added'); END");
      trigger = true;
    }
    for (Table t : tables) {
      int rows = random.nextInt(7);
      for (int i = 0; i < rows; i++) {
        insert(setUp, t);
      }
    }
    if (random.nextInt(4) == 0) {
      Table t = pick();
      if (!t.rows.isEmpty()) {
        delete(setUp, t);
      }
    }
    List<String> change = new ArrayList<>();
    int steps = 1 + random.nextInt(6);
    for (int i = 0; i < steps; i++) {
      step(change);
    }
    return new Steps(setUp, change);
  }

  private void step(List<String> out) {
    Table t = pick();
    switch (random.nextInt(13)) {
      case 0, 1 -> insert(out, t);
      case 2, 3 -> {
        if (!t.rows.isEmpty()) {
          update(out, t);
        }
      }
      case 4 -> {
        if (!t.rows.isEmpty()) {
          delete(out, t);
        }
      }
      case 5 -> {
        String column = "c" + (++names);
        String type = TYPES[random.nextInt(TYPES.length)];
        out.add("ALTER TABLE " + t.name + " ADD COLUMN " + column + (type.isEmpty() ? "" : " " + type)
            + (random.nextBoolean() ? " DEFAULT " + constant() : ""));
        t.columns.add(column);
        t.types.add(type);
      }
      case 6, 7 -> rebuild(out, t);
      case 8 -> {
        if (tables.size() < 4) {
          Table created = createTable(out);
          for (int i = random.nextInt(4); i > 0; i--) {
            insert(out, created);
          }
        }
      }
      case 9 -> {
        if (tables.size() > 1 && !(trigger && t == tables.get(0))) {
          if (t == tables.get(0)) {
            out.add("DROP VIEW IF EXISTS everything");
          }
          out.add("DROP TABLE " + t.name);
          tables.remove(t);
        }
      }
      case 10 -> {
        if (t.indexes.isEmpty()) {
          addIndex(out, t, t.columns.get(random.nextInt(t.columns.size())));
        } else {
          out.add("DROP INDEX " + t.indexes.remove(0));
        }
      }
      case 11 -> out.add("PRAGMA user_version = " + random.nextInt(1000));
      default -> out.add("ANALYZE");
    }
  }

  private Table createTable(List<String> out) {
    Key[] keys = Key.values();
    Table t = new Table("t" + (++names), keys[random.nextInt(keys.length)]);
    if (random.nextInt(4) == 0) {
      t.collation = "BINARY";
    }
    int columns = 1 + random.nextInt(3);
    for (int i = 0; i < columns; i++) {
      t.columns.add("c" + (++names));
      t.types.add(TYPES[random.nextInt(TYPES.length)]);
    }
    out.add(create(t, t.name));
    tables.add(t);
    return t;
  }

  private String create(Table t, String name) {
    List<String> definitions = new ArrayList<>();
    switch (t.key) {
      case INTEGER -> definitions.add("id INTEGER PRIMARY KEY");
      case AUTOINCREMENT -> definitions.add("id INTEGER PRIMARY KEY AUTOINCREMENT");
      case ROWID -> { }
      case COMPOSITE -> {
        definitions.add("k TEXT COLLATE " + t.collation + " NOT NULL");
        definitions.add("n INTEGER NOT NULL");
      }
    }
    for (int i = 0; i < t.columns.size(); i++) {
      definitions.add(t.columns.get(i) + (t.types.get(i).isEmpty() ? "" : " " + t.types.get(i)));
    }
    if (t.key == Key.COMPOSITE) {
      definitions.add("PRIMARY KEY (k, n)");
    }
    return "CREATE TABLE " + name + "(" + String.join(", ", definitions) + ")"
        + (t.key == Key.COMPOSITE ? " WITHOUT ROWID" : "");
  }

  private void addIndex(List<String> out, Table t, String column) {
    String name = "i" + (++names);
    out.add("CREATE " + (random.nextInt(4) == 0 ? "UNIQUE " : "") + "INDEX " + name + " ON " + t.name + "(" + column
        + ")");
    if (out.get(out.size() - 1).contains("UNIQUE")) {
      // A unique index on values drawn at random would refuse rows: keep it plain.
      out.set(out.size() - 1, "CREATE INDEX " + name + " ON " + t.name + "(" + column + ")");
    }
    t.indexes.add(name);
  }

  private void insert(List<String> out, Table t) {
    long key = nextKey++;
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    switch (t.key) {
      case INTEGER, AUTOINCREMENT -> {
        if (t.key == Key.INTEGER || random.nextBoolean()) {
          names.add("id");
          values.add(Long.toString(key * 10));
        } else {
          key = -1; // given out by SQLite: the model finds it by rowid
        }
      }
      case ROWID -> { }
      case COMPOSITE -> {
        names.add("k");
        names.add("n");
        String text = "k" + key;
        values.add("'" + (random.nextBoolean() ? text.toUpperCase() : text) + "'");
        values.add(Long.toString(key % 3));
      }
    }
    for (int i = 0; i < t.columns.size(); i++) {
      names.add(t.columns.get(i));
      values.add(valueFor(t.types.get(i)));
    }
    out.add("INSERT INTO " + t.name + " (" + String.join(", ", names) + ") VALUES (" + String.join(", ", values) + ")");
    t.rows.add(key);
  }

  private void update(List<String> out, Table t) {
    int column = random.nextInt(t.columns.size());
    out.add("UPDATE " + t.name + " SET " + t.columns.get(column) + " = " + valueFor(t.types.get(column)) + " WHERE "
        + rowCondition(t));
  }

  private void delete(List<String> out, Table t) {
    out.add("DELETE FROM " + t.name + " WHERE " + rowCondition(t));
  }

  /** Picks a row by its place in key order, whatever its key turned out to be. */
  private String rowCondition(Table t) {
    int at = random.nextInt(t.rows.size());
    String key = t.key == Key.COMPOSITE ? "k, n" : "rowid";
    String inner = "SELECT " + key + " FROM " + t.name + " ORDER BY " + key + " LIMIT 1 OFFSET " + at;
    return t.key == Key.COMPOSITE ? "(k, n) = (" + inner + ")" : "rowid = (" + inner + ")";
  }

  /** Rebuilds {@code t} by SQLite's procedure, changing its columns or its key on the way. */
  private void rebuild(List<String> out, Table t) {
    boolean first = t == tables.get(0);
    if (first) {
      out.add("DROP VIEW IF EXISTS everything");
      if (trigger) {
        out.add("DROP TRIGGER noted");
      }
    }
    Key oldKey = t.key;
    List<String> oldColumns = new ArrayList<>(t.columns);
    List<String> sources = new ArrayList<>(oldColumns);
    switch (random.nextInt(5)) {
      case 0 -> {
        if (t.columns.size() > 1) {
          int dropped = random.nextInt(t.columns.size());
          t.columns.remove(dropped);
          t.types.remove(dropped);
          sources.remove(dropped);
        }
      }
      case 1 -> t.columns.set(0, "r" + (++names)); // renamed: the same values under a new name
      case 2 -> t.types.set(0, TYPES[random.nextInt(TYPES.length)]);
      case 3 -> {
        t.columns.add("nn" + (++names));
        t.types.add("TEXT NOT NULL");
        sources.add("'filled ' || " + random.nextInt(100));
      }
      default -> {
        if (t.key == Key.INTEGER) {
          t.key = Key.AUTOINCREMENT;
        } else if (t.key == Key.COMPOSITE) {
          t.collation = t.collation.equals("NOCASE") ? "BINARY" : "NOCASE";
        } else if (t.key == Key.AUTOINCREMENT) {
          t.key = Key.INTEGER;
        }
      }
    }
    String scratch = "new_" + t.name;
    out.add(create(t, scratch));
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    if (oldKey == Key.COMPOSITE) {
      names.add("k");
      names.add("n");
      values.add("k");
      values.add("n");
    } else if (oldKey != Key.ROWID) {
      names.add("id");
      values.add("id");
    } else {
      names.add("rowid");
      values.add("rowid");
    }
    names.addAll(t.columns);
    values.addAll(sources);
    out.add("INSERT INTO " + scratch + " (" + String.join(", ", names) + ") SELECT " + String.join(", ", values)
        + " FROM " + t.name);
    out.add("DROP TABLE " + t.name);
    out.add("ALTER TABLE " + scratch + " RENAME TO " + t.name);
    List<String> kept = new ArrayList<>();
    for (String index : t.indexes) {
      String column = t.columns.get(random.nextInt(t.columns.size()));
      out.add("CREATE INDEX " + index + " ON " + t.name + "(" + column + ")");
      kept.add(index);
    }
    t.indexes.clear();
    t.indexes.addAll(kept);
    if (first) {
      out.add("CREATE VIEW everything AS SELECT * FROM " + t.name);
      if (trigger) {
        out.add("CREATE TRIGGER noted AFTER INSERT ON " + t.name + " BEGIN INSERT INTO log VALUES ('added'); END");
      }
    }
  }

  /** Any finite double, by its bits: SQLite must read each one back as the same double. */
  private String anyDouble() {
    double d = Double.longBitsToDouble(random.nextLong());
    return SqlText.literal(Double.isFinite(d) ? d : 0.5);
  }

  private Table pick() {
    return tables.get(random.nextInt(tables.size()));
  }

  /** A value ADD COLUMN takes as a default: a literal, not an expression. */
  private String constant() {
    String value = value();
    return value.contains("||") || value.contains("(") ? "'plain'" : value;
  }

  private String valueFor(String type) {
    String value = value();
    return value.equals("NULL") && type.contains("NOT NULL") ? "'not null'" : value;
  }

  /** A literal of any storage class, with the values that are easy to get wrong. */
  private String value() {
    return switch (random.nextInt(13)) {
      case 0 -> "NULL";
      case 1 -> Long.toString(random.nextLong());
      case 2 -> Long.toString(random.nextInt(100) - 50);
      case 3 -> SqlText.literal(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
      case 4 -> anyDouble();
      case 5 -> "'it''s " + random.nextInt(100) + "'";
      case 6 -> "'line' || char(10) || 'two'";
      case 7 -> "'" + "é✓😀".repeat(1 + random.nextInt(3)) + "'";
      case 8 -> String.format("x'%016x00'", random.nextLong());
      case 9 -> "'" + random.nextInt(100) + "'"; // numeric text: each column's affinity decides
      case 10 -> "9e999";
      case 11 -> new String[] {"-0.0", "0.1", "1.0", "4.9e-324", "-9223372036854775808", "9223372036854775807",
          "1e-310", "-9e999", "''", "x''"}[random.nextInt(10)];
      default -> "'plain'";
    };
  }
}
