package dev.pressure.servlet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** Reads the code blocks of the guides, marked {@code <!-- snippet: NAME -->} on the line before the fence. */
final class DocSnippets {

  /** {@code docs/servlet.md}, relative to the module directory (Maven's working directory for tests). */
  static final Path SERVLET_GUIDE = Paths.get("..", "docs", "servlet.md");
  /** The repository README. */
  static final Path README = Paths.get("..", "README.md");

  private DocSnippets() {}

  /** The fenced block after {@code <!-- snippet: name -->}. */
  static String block(Path doc, String name) {
    List<String> lines = lines(doc);
    String marker = "<!-- snippet: " + name + " -->";
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).trim().equals(marker)) {
        int open = i + 1;
        if (open >= lines.size() || !lines.get(open).startsWith("```")) {
          throw new AssertionError(doc + ": no code fence after " + marker);
        }
        StringBuilder body = new StringBuilder();
        for (int j = open + 1; j < lines.size(); j++) {
          if (lines.get(j).startsWith("```")) {
            return body.toString();
          }
          body.append(lines.get(j)).append('\n');
        }
        throw new AssertionError(doc + ": unclosed code fence after " + marker);
      }
    }
    throw new AssertionError(doc + ": no " + marker);
  }

  /** The source lines between {@code // snippet:start name} and {@code // snippet:end name}, dedented. */
  static String sourceRegion(Path source, String name) {
    List<String> lines = lines(source);
    List<String> region = new ArrayList<>();
    boolean in = false;
    for (String line : lines) {
      if (line.trim().equals("// snippet:end " + name)) {
        break;
      }
      if (in) {
        region.add(line);
      }
      if (line.trim().equals("// snippet:start " + name)) {
        in = true;
      }
    }
    if (region.isEmpty()) {
      throw new AssertionError(source + ": no snippet region " + name);
    }
    int indent = Integer.MAX_VALUE;
    for (String line : region) {
      if (!line.isBlank()) {
        indent = Math.min(indent, line.length() - line.stripLeading().length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String line : region) {
      out.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
    }
    return out.toString();
  }

  private static List<String> lines(Path path) {
    try {
      return Files.readAllLines(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
