package dev.pressure.docs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The pipe tables of a Markdown text, each row a map from header to cell. No {@code |} inside cells. */
final class MarkdownTable {

  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  private final List<String> header;
  private final List<Map<String, String>> rows = new ArrayList<>();

  private MarkdownTable(List<String> header) {
    this.header = header;
  }

  /** @return every table whose header is exactly {@code header} */
  static List<MarkdownTable> withHeader(String text, String... header) {
    List<MarkdownTable> tables = new ArrayList<>();
    MarkdownTable current = null;
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (!line.startsWith("|")) {
        current = null;
        continue;
      }
      List<String> cells = cells(line);
      if (current == null) {
        if (cells.equals(Arrays.asList(header)) && i + 1 < lines.length && lines[i + 1].startsWith("|--")) {
          current = new MarkdownTable(cells);
          tables.add(current);
          i++;
        }
        continue;
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int c = 0; c < current.header.size(); c++) {
        row.put(current.header.get(c), c < cells.size() ? cells.get(c) : "");
      }
      current.rows.add(row);
    }
    return tables;
  }

  List<Map<String, String>> rows() {
    return rows;
  }

  private static List<String> cells(String line) {
    String inner = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
    return Arrays.stream(inner.split("\\|", -1)).map(String::strip).collect(Collectors.toList());
  }

  /** @return the contents of every {@code `code`} span of a cell, in order */
  static List<String> code(String cell) {
    List<String> out = new ArrayList<>();
    Matcher m = CODE.matcher(cell);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
