package io.githydrate.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/**
 * A row encoded whole ({@link ArchiveWriter#row}) has exactly the bytes the generator gives it
 * value by value, TEXT passed as a String: the archive must not depend on which path wrote a row.
 */
class RowEncoderPropertyTest {
  private static final Pragmas PRAGMAS = new Pragmas(0, 0, "UTF-8", 4096, 0);
  private static final TableData TABLE = new TableData("t", List.of("v"), false);

  @Property(tries = 500)
  void encodedRowsAreWhatTheGeneratorWrites(@ForAll("rows") List<Object[]> rows) throws IOException {
    assertEquals(archive(rows, false), archive(rows, true));
  }

  @Test
  void everyAsciiCharacterIsEscapedAsTheGeneratorEscapesIt() throws IOException {
    StringBuilder ascii = new StringBuilder();
    for (char c = 0; c < 128; c++) {
      ascii.append(c);
    }
    List<Object[]> rows = List.<Object[]>of(new Object[] {ascii.toString(), "\u2028\uFEFF\uD83D\uDE00\u0000"});
    assertEquals(archive(rows, false), archive(rows, true));
  }

  /** Text is scanned eight bytes at a time: an escaped character at every place of two words. */
  @Test
  void anEscapedCharacterAnywhereIsEscapedAsTheGeneratorEscapesIt() throws IOException {
    List<Object[]> rows = new ArrayList<>();
    for (char c : new char[] {'"', '\\', '\n', '\0', '\u001f', '\u00e9'}) {
      for (int at = 0; at <= 17; at++) {
        rows.add(new Object[] {"a".repeat(at) + c + "b".repeat(17 - at), "x".repeat(at) + c + c});
      }
    }
    assertEquals(archive(rows, false), archive(rows, true));
  }

  @Test
  void rowsTooBigToHoldAreStreamedWithTheSameBytes() throws IOException {
    byte[] big = new byte[RowEncoder.MAX_INLINE_BYTES + 1];
    Arrays.fill(big, (byte) 7);
    List<Object[]> rows = List.<Object[]>of(new Object[] {big, "x".repeat(100), 1L}, new Object[] {null, "", 2L});
    assertEquals(archive(rows, false), archive(rows, true));
  }

  /** The archive of one table with {@code rows}, written value by value or through {@code row}. */
  private static String archive(List<Object[]> rows, boolean whole) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArchiveWriter writer = new ArchiveWriter(out)) {
      writer.begin("t.db", PRAGMAS);
      writer.schema(List.of());
      writer.beginTable(TABLE);
      for (Object[] row : rows) {
        if (whole) {
          writer.row(Arrays.stream(row).map(RowEncoderPropertyTest::asUtf8).toArray());
        } else {
          writer.beginRow();
          for (Object value : row) {
            writer.value(value);
          }
          writer.endRow();
        }
      }
      writer.endTable(rows.size());
      writer.finish();
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static Object asUtf8(Object value) {
    return value instanceof String s ? new Utf8Text(s.getBytes(StandardCharsets.UTF_8)) : value;
  }

  @Provide
  Arbitrary<List<Object[]>> rows() {
    Arbitrary<Object> values = Arbitraries.oneOf(
        Arbitraries.just(null),
        Arbitraries.longs().map(Object.class::cast),
        Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L).map(Object.class::cast),
        Arbitraries.doubles().map(Object.class::cast),
        Arbitraries.longs().map(Double::longBitsToDouble).filter(d -> !d.isNaN()).map(Object.class::cast),
        Arbitraries.of(-0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 1e7, 1e-3,
            9999999.999999998, 1e21, 2e23).map(Object.class::cast),
        Arbitraries.strings().all().ofMaxLength(40).filter(RowEncoderPropertyTest::wellFormed)
            .map(Object.class::cast),
        Arbitraries.strings().withCharRange('\0', '\u007f').ofMaxLength(20).map(Object.class::cast),
        // long runs that need no escape, as most text has, broken by ones that do
        Arbitraries.frequencyOf(Tuple.of(30, Arbitraries.chars().range('#', '[')),
                Tuple.of(1, Arbitraries.of('"', '\\', '\n', '\0', '\u001f', ' ', '\u007f', '\u00e9', '\u65e5')))
            .list().ofMaxSize(80).map(cs -> cs.stream().map(String::valueOf).collect(Collectors.joining()))
            .map(Object.class::cast),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(70).map(Object.class::cast));
    return values.array(Object[].class).ofMinSize(1).ofMaxSize(8).list().ofMaxSize(5);
  }

  /** Strings without lone surrogates: they have no UTF-8 form, so no TEXT value holds one. */
  private static boolean wellFormed(String s) {
    return StandardCharsets.UTF_8.newEncoder().canEncode(s);
  }
}
