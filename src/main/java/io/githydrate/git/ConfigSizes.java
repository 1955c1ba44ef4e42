package io.githydrate.git;

import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes in {@code .hydrateconfig}: a number of bytes, with {@code k}, {@code m}, {@code g} or {@code t} for KiB to TiB. */
final class ConfigSizes {
  private static final Pattern SIZE = Pattern.compile("([0-9]{1,15})\\s*([kmgt]?)(?:i?b)?", Pattern.CASE_INSENSITIVE);

  private ConfigSizes() {}

  /** The bytes {@code value} says ({@code 2g}, {@code 512k}, {@code 100}), or empty when it is not a size. */
  static OptionalLong bytes(String value) {
    Matcher m = SIZE.matcher(value.strip());
    if (!m.matches()) {
      return OptionalLong.empty();
    }
    int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "k" -> 10;
      case "m" -> 20;
      case "g" -> 30;
      case "t" -> 40;
      default -> 0;
    };
    long number = Long.parseLong(m.group(1));
    return number <= Long.MAX_VALUE >> shift ? OptionalLong.of(number << shift) : OptionalLong.empty();
  }
}
