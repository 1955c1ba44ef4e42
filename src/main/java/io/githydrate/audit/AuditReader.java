package io.githydrate.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.githydrate.HydrateException;
import io.githydrate.Warnings;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.io.InputStreamReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the audit log back: the older file first, then the log, oldest line first. A damaged line
 * (a write cut short by a full disk, a hand edit) is skipped with a warning naming the file and line,
 * so that one bad line never hides the rest.
 */
public final class AuditReader {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private AuditReader() {}

  /** Every record of {@code log} and its older file; none when neither exists. */
  public static List<AuditRecord> read(AuditLog log) {
    List<AuditRecord> records = new ArrayList<>();
    readFile(log.rotated(), records);
    readFile(log.file(), records);
    return records;
  }

  private static void readFile(Path file, List<AuditRecord> records) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
      int number = 0;
      for (String line; (line = in.readLine()) != null; ) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        try {
          records.add(parse(line));
        } catch (IOException | RuntimeException e) {
          Warnings.report(damaged(file, number));
        }
      }
    } catch (NoSuchFileException e) {
      // no log yet, or never rotated
    } catch (IOException e) {
      throw new HydrateException("audit log " + file + ": cannot read (" + AuditLog.reason(e) + ")");
    }
  }

  /** The warning for a line that is not a record. */
  static String damaged(Path file, int line) {
    return "audit log " + file + " line " + line + ": not an audit record, skipped";
  }

  /** One line as {@link AuditRecord#toLine} writes it; unknown fields are ignored. */
  static AuditRecord parse(String line) throws IOException {
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not an object");
      }
      String time = null, operation = null, database = null, before = null, after = null, result = null, error = null;
      Long rows = null, duration = null;
      long pid = 0;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "time" -> time = text(p, value);
          case "operation" -> operation = text(p, value);
          case "database" -> database = text(p, value);
          case "archive_before" -> before = text(p, value);
          case "archive_after" -> after = text(p, value);
          case "rows" -> rows = number(p, value);
          case "duration_ms" -> duration = number(p, value);
          case "result" -> result = text(p, value);
          case "error" -> error = text(p, value);
          case "pid" -> pid = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : 0;
          default -> p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new IOException("not one object");
      }
      if (time == null || operation == null || result == null || duration == null || duration < 0) {
        throw new IOException("a field is missing");
      }
      try {
        return new AuditRecord(Instant.parse(time), operation, database, before, after, rows, duration, result,
            error, pid);
      } catch (DateTimeParseException e) {
        throw new IOException("not a time", e);
      }
    }
  }

  private static String text(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value != JsonToken.VALUE_STRING) {
      throw new IOException("expected a string");
    }
    return p.getText();
  }

  private static Long number(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value != JsonToken.VALUE_NUMBER_INT) {
      throw new IOException("expected a whole number");
    }
    return p.getLongValue();
  }
}
