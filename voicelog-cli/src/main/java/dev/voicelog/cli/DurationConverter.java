package dev.voicelog.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code 1.5s}, {@code 800ms}, {@code 2m}, {@code 1h} or a bare number of seconds. */
final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  static Duration parse(String value) {
    Matcher m = FORM.matcher(value.trim());
    if (!m.matches()) {
      throw new TypeConversionException("'" + value + "' is not a duration (like 1.5s, 800ms, 2m, 1h)");
    }
    double n = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    double nanos = switch (unit) {
      case "ms" -> n * 1e6;
      case "m" -> n * 60e9;
      case "h" -> n * 3600e9;
      default -> n * 1e9;
    };
    return Duration.ofNanos(Math.round(nanos));
  }
}
