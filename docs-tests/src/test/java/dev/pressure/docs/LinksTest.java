package dev.pressure.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in README.md and docs/*.md points at a file of the repository, and
 * every {@code #anchor} into a Markdown file names one of its headings (GitHub's slugs).
 * Absolute links ({@code https:}, {@code mailto:}) are not fetched.
 */
class LinksTest {

  private final Map<Path, Markdown> parsed = new HashMap<>();

  @Test
  void relativeLinksAndAnchorsResolve() {
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Markdown doc : Docs.all()) {
      parsed.put(doc.file(), doc);
      for (Markdown.Link link : doc.links()) {
        if (link.target().matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
          continue; // https:, mailto:
        }
        checked++;
        String problem = problem(doc, link);
        if (problem != null) {
          broken.add(link.where() + ": (" + link.target() + ") " + problem);
        }
      }
    }
    assertThat(checked).as("relative links checked").isGreaterThan(20);
    assertThat(broken).isEmpty();
  }

  private String problem(Markdown doc, Markdown.Link link) {
    Path target = link.path().isEmpty() ? doc.file() : doc.file().resolveSibling(link.path()).normalize();
    if (!target.startsWith(Docs.ROOT)) {
      return "points outside the repository";
    }
    if (!Files.exists(target)) {
      return "no such file";
    }
    if (link.anchor().isEmpty() || !target.toString().endsWith(".md")) {
      return null;
    }
    Markdown into = parsed.computeIfAbsent(target, Markdown::parse);
    return into.anchors().contains(link.anchor()) ? null
        : "no heading with anchor #" + link.anchor() + " in " + Docs.display(target) + " (anchors: " + into.anchors() + ")";
  }
}
