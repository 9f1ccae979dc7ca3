package dev.pressure.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The documentation under test: {@code README.md} and every {@code docs/*.md}. */
final class Docs {

  /** The repository root; Maven runs the tests in the module directory. */
  static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();

  private Docs() {}

  /** @return README.md, then docs/*.md in name order */
  static List<Path> markdownFiles() {
    List<Path> files = new ArrayList<>();
    files.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      files.addAll(docs.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().collect(Collectors.toList()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** @return every Markdown file parsed */
  static List<Markdown> all() {
    return markdownFiles().stream().map(Markdown::parse).collect(Collectors.toList());
  }

  /** @return one doc parsed, by its path from the repository root such as {@code docs/configuration.md} */
  static Markdown doc(String relative) {
    return Markdown.parse(ROOT.resolve(relative));
  }

  /** @return the path as shown in failure messages, relative to the repository root */
  static String display(Path file) {
    return ROOT.relativize(file.toAbsolutePath().normalize()).toString();
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
