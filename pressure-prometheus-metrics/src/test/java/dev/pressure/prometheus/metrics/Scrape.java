package dev.pressure.prometheus.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** A parsed text exposition: {@code name{label="v",...}} (labels sorted) to value. */
final class Scrape {

  final String text;
  final Map<String, Double> values = new LinkedHashMap<>();

  Scrape(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String name = brace < 0 ? line.substring(0, line.indexOf(' ')) : line.substring(0, brace);
      Map<String, String> labels = new TreeMap<>();
      if (brace >= 0) {
        String body = line.substring(brace + 1, line.lastIndexOf('}'));
        for (String pair : body.split(",")) {
          if (!pair.isBlank()) {
            int eq = pair.indexOf('=');
            labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 2, pair.length() - 1));
          }
        }
      }
      values.put(key(name, labels), Double.parseDouble(line.substring(space + 1)));
    }
  }

  /** @param nameAndLabels the name, then label name and value pairs */
  Double get(String... nameAndLabels) {
    Map<String, String> labels = new TreeMap<>();
    for (int i = 1; i + 1 < nameAndLabels.length; i += 2) {
      labels.put(nameAndLabels[i], nameAndLabels[i + 1]);
    }
    return values.get(key(nameAndLabels[0], labels));
  }

  private static String key(String name, Map<String, String> labels) {
    return name + labels;
  }
}
