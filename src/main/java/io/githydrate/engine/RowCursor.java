package io.githydrate.engine;

import io.githydrate.HydrateException;
import io.githydrate.archive.Utf8Text;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.sqlite.core.CoreStatement;
import org.sqlite.core.DB;
import org.sqlite.core.RowBatch;
import org.sqlite.core.SafeStmtPtr;

/**
 * Steps one query and reads its rows with two native calls a value: its storage class, then the
 * value itself. It goes through sqlite-jdbc's core statement API ({@link SafeStmtPtr}, {@link DB}),
 * taking the connection's lock once per batch of rows: the JDBC {@code ResultSet} checks, marks
 * and locks again on every getter, which on a table export cost as much as SQLite's own work, and
 * asking SQLite for {@code typeof()} in the query cost more than the native call.
 *
 * <p>Not thread safe; the connection must not be used by another thread while a batch is read.
 */
final class RowCursor implements AutoCloseable {
  // sqlite3.h's result codes and fundamental datatypes.
  private static final int SQLITE_ROW = 100;
  private static final int SQLITE_DONE = 101;
  private static final int SQLITE_INTEGER = 1;
  private static final int SQLITE_FLOAT = 2;
  private static final int SQLITE_TEXT = 3;
  private static final int SQLITE_BLOB = 4;
  private static final int SQLITE_NULL = 5;

  private final PreparedStatement statement;
  private final SafeStmtPtr pointer;
  private final int width;
  private final Charset textEncoding;
  private final boolean utf8;
  private long rowsRead;
  private boolean done;

  /**
   * Prepares {@code sql}, whose rows have {@code width} values.
   *
   * @param textEncoding the database's encoding: TEXT is stored in it
   */
  RowCursor(Connection connection, String sql, int width, Charset textEncoding) throws SQLException {
    this.statement = connection.prepareStatement(sql);
    if (!(statement instanceof CoreStatement core)) {
      statement.close();
      throw new IllegalStateException("not a sqlite-jdbc statement: " + statement.getClass().getName());
    }
    this.pointer = core.pointer;
    this.width = width;
    this.textEncoding = textEncoding;
    this.utf8 = textEncoding.equals(StandardCharsets.UTF_8);
  }

  /** Binds the query's parameters, before its rows are read. */
  void bind(List<Object> values) throws SQLException {
    RowBatch.bindNow(statement, values);
  }

  /** The charset TEXT is stored in, from SQLite's name for the database's encoding. */
  static Charset textEncoding(String encoding) {
    return switch (String.valueOf(encoding)) {
      case "UTF-16le" -> StandardCharsets.UTF_16LE;
      case "UTF-16be" -> StandardCharsets.UTF_16BE;
      default -> StandardCharsets.UTF_8;
    };
  }

  /**
   * Appends up to {@code max} rows to {@code batch}, each an array of null, {@link Long},
   * {@link Double}, {@code byte[]} (BLOB) and TEXT: a {@link Utf8Text} of the stored bytes when the
   * encoding is UTF-8, else a {@link String}; fewer once they hold {@code maxBytes} ({@link RowBytes}).
   *
   * @return the {@link RowBytes} of the rows added, more than 0 for any row; 0 once the query is done
   * @throws HydrateException for a TEXT value that is not valid Unicode: the driver would silently
   *     turn it into U+FFFD, so it cannot be archived exactly
   */
  long next(List<Object[]> batch, int max, long maxBytes) throws SQLException {
    if (done) {
      return 0;
    }
    return pointer.safeRunLong((db, stmt) -> {
      int n = 0;
      long bytes = 0;
      while (n < max && bytes < maxBytes) {
        int rc = db.step(stmt) & 0xFF;
        if (rc == SQLITE_DONE) {
          done = true;
          break;
        }
        if (rc != SQLITE_ROW) {
          db.throwex(rc);
        }
        Object[] values = new Object[width];
        for (int i = 0; i < width; i++) {
          values[i] = value(db, stmt, i);
        }
        rowsRead++;
        batch.add(values);
        bytes += RowBytes.of(values);
        n++;
      }
      return bytes;
    });
  }

  private Object value(DB db, long stmt, int column) throws SQLException {
    int type = db.column_type(stmt, column);
    return switch (type) {
      case SQLITE_NULL -> null;
      case SQLITE_INTEGER -> db.column_long(stmt, column);
      case SQLITE_FLOAT -> db.column_double(stmt, column);
      case SQLITE_BLOB -> db.column_blob(stmt, column);
      case SQLITE_TEXT -> text(db, stmt, column);
      default -> throw new IllegalStateException("unknown storage class " + type + " in column " + (column + 1));
    };
  }

  /**
   * A TEXT value from its stored bytes, refused when they are not valid Unicode. The bytes are read
   * with {@code sqlite3_column_blob}, which hands them over unconverted.
   */
  private Object text(DB db, long stmt, int column) throws SQLException {
    byte[] bytes = db.column_blob(stmt, column);
    if (utf8) {
      if (Utf8.isValid(bytes)) {
        return new Utf8Text(bytes);
      }
    } else {
      try {
        return textEncoding.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
      } catch (CharacterCodingException e) {
        // not valid: refused below
      }
    }
    throw new HydrateException("row " + (rowsRead + 1) + ": a TEXT value is not valid Unicode,"
        + " so it cannot be archived exactly (store it as a BLOB)");
  }

  @Override
  public void close() throws SQLException {
    statement.close();
  }
}
