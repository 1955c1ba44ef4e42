package io.githydrate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Utf8Test {
  @ParameterizedTest
  @CsvSource({
      "'', true", "41, true", "c3a9, true", "e282ac, true", "f09f9880, true", "f48fbfbf, true", "efbfbd, true",
      "80, false", "c3, false", "c328, false", "c0af, false", "c1bf, false", "e08080, false", "e0a0, false",
      "eda080, false", "edbfbf, false", "f0808080, false", "f4908080, false", "f5808080, false", "ff, false"})
  void wellFormedUtf8(String hex, boolean valid) {
    assertEquals(valid, Utf8.isValid(HexFormat.of().parseHex(hex)));
  }

  /** Bytes mostly from the ranges that matter: ASCII, continuation bytes and every kind of lead byte. */
  @Provide
  Arbitrary<byte[]> bytes() {
    Arbitrary<Byte> interesting = Arbitraries.oneOf(
        Arbitraries.bytes().between((byte) 0x20, (byte) 0x7e),
        Arbitraries.integers().between(0x80, 0xBF).map(Integer::byteValue),
        Arbitraries.integers().between(0xC0, 0xFF).map(Integer::byteValue),
        Arbitraries.of((byte) 0xE0, (byte) 0xED, (byte) 0xF0, (byte) 0xF4, (byte) 0xA0, (byte) 0x9F, (byte) 0x90));
    return interesting.array(byte[].class).ofMaxSize(12);
  }

  /** Runs of ASCII long enough to be read eight bytes at a time, broken by any bytes at all. */
  @Provide
  Arbitrary<byte[]> mostlyAscii() {
    Arbitrary<Byte> ascii = Arbitraries.bytes().between((byte) 0x20, (byte) 0x7e);
    return Arbitraries.frequencyOf(Tuple.of(20, ascii), Tuple.of(1, Arbitraries.bytes()))
        .array(byte[].class).ofMaxSize(64);
  }

  @Property(tries = 2000)
  void acceptsExactlyWhatJavasStrictDecoderAcceptsOfMostlyAscii(@ForAll("mostlyAscii") byte[] bytes) {
    assertEquals(decodes(bytes), Utf8.isValid(bytes), HexFormat.of().formatHex(bytes));
  }

  @Property(tries = 2000)
  void acceptsExactlyWhatJavasStrictDecoderAccepts(@ForAll("bytes") byte[] bytes) {
    assertEquals(decodes(bytes), Utf8.isValid(bytes), HexFormat.of().formatHex(bytes));
  }

  private static boolean decodes(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
