package dev.pressure.prometheus;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A parsed Prometheus text exposition (format 0.0.4): HELP and TYPE lines by family, and
 * samples as {@code name{labels} value}. Just enough of the format for these tests; throws on
 * any line it does not understand, so a malformed scrape fails the test.
 */
final class Exposition {

  /** One sample line. */
  record Sample(String name, Map<String, String> labels, double value) {}

  final String text;
  final Map<String, String> help = new LinkedHashMap<>();
  final Map<String, String> type = new LinkedHashMap<>();
  final List<Sample> samples = new ArrayList<>();

  private Exposition(String text) {
    this.text = text;
  }

  /** Writes {@code registry} in the text format and parses it. */
  static Exposition scrape(CollectorRegistry registry) {
    return parse(text(registry));
  }

  static String text(CollectorRegistry registry) {
    StringWriter out = new StringWriter();
    try {
      TextFormat.write004(out, registry.metricFamilySamples());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  static Exposition parse(String text) {
    Exposition e = new Exposition(text);
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      if (line.startsWith("# HELP ")) {
        String[] parts = line.substring(7).split(" ", 2);
        e.help.put(parts[0], parts.length > 1 ? parts[1] : "");
      } else if (line.startsWith("# TYPE ")) {
        String[] parts = line.substring(7).split(" ");
        e.type.put(parts[0], parts[1]);
      } else if (line.startsWith("#")) {
        continue;
      } else {
        e.samples.add(sample(line));
      }
    }
    return e;
  }

  private static Sample sample(String line) {
    int brace = line.indexOf('{');
    int space = line.lastIndexOf(' ');
    if (space < 0) {
      throw new IllegalArgumentException("not a sample line: " + line);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    String name;
    if (brace >= 0 && brace < space) {
      name = line.substring(0, brace);
      int i = brace + 1;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf("=\"", i);
        String key = line.substring(i, eq);
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        for (; line.charAt(j) != '"'; j++) {
          char c = line.charAt(j);
          if (c == '\\') {
            char next = line.charAt(++j);
            value.append(next == 'n' ? '\n' : next);
          } else {
            value.append(c);
          }
        }
        labels.put(key, value.toString());
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
    } else {
      name = line.substring(0, space);
    }
    String v = line.substring(space + 1);
    double value = v.equals("+Inf") ? Double.POSITIVE_INFINITY
        : v.equals("-Inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(v);
    return new Sample(name, labels, value);
  }

  /** Samples of {@code name} (exact sample name). */
  List<Sample> samples(String name) {
    return samples.stream().filter(s -> s.name.equals(name)).collect(Collectors.toList());
  }

  /**
   * The value of the sample with {@code name} and exactly these labels.
   *
   * @param labels key, value, key, value, ...
   */
  Optional<Double> value(String name, String... labels) {
    Map<String, String> wanted = new LinkedHashMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      wanted.put(labels[i], labels[i + 1]);
    }
    List<Sample> hits = samples.stream()
        .filter(s -> s.name.equals(name) && s.labels.equals(wanted))
        .collect(Collectors.toList());
    if (hits.size() > 1) {
      throw new AssertionError("duplicate series " + name + wanted + " in\n" + text);
    }
    return hits.stream().map(Sample::value).findFirst();
  }

  /** Like {@link #value} but fails when the series is absent. */
  double get(String name, String... labels) {
    return value(name, labels).orElseThrow(() -> new AssertionError(
        "no series " + name + Arrays.toString(labels) + " in\n" + text));
  }
}
