package dev.pressure.docs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of GitHub-flavoured Markdown for the doc tests: fenced code blocks (with the
 * {@code <!-- snippet: ... -->} comment on the line before, if any), inline and reference
 * links outside code, and the anchors GitHub gives headings.
 */
final class Markdown {

  private static final Pattern FENCE = Pattern.compile("^( {0,3})(`{3,}|~{3,})\\s*([^`\\s]*).*$");
  private static final Pattern MARKER = Pattern.compile("^\\s*<!--\\s*snippet:\\s*(.*?)\\s*-->\\s*$");
  private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern INLINE_LINK = Pattern.compile("!?\\[((?:[^\\[\\]]|\\[[^\\]]*\\])*)\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
  private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s+\"[^\"]*\")?\\s*$");
  private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
  private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");
  private static final Pattern NOT_IN_SLUG = Pattern.compile("[^\\p{L}\\p{N}\\p{M}\\p{Pc} -]");

  /** A fenced code block. */
  record Block(Path file, int line, String language, String code, String marker) {
    /** @return {@code file:line} of the first line of code, for failure messages */
    String where() {
      return Docs.display(file) + ":" + line;
    }
  }

  /** A link as written: target before {@code #}, anchor after it (either may be empty). */
  record Link(Path file, int line, String target, String path, String anchor) {
    String where() {
      return Docs.display(file) + ":" + line;
    }
  }

  private final Path file;
  private final List<Block> blocks = new ArrayList<>();
  private final List<Link> links = new ArrayList<>();
  private final Set<String> anchors = new LinkedHashSet<>();
  private final List<String> unclosedFences = new ArrayList<>();

  private Markdown(Path file) {
    this.file = file;
  }

  static Markdown parse(Path file) {
    return parse(file, Docs.read(file));
  }

  static Markdown parse(Path file, String text) {
    Markdown md = new Markdown(file);
    md.read(text.split("\n", -1));
    return md;
  }

  Path file() {
    return file;
  }

  List<Block> blocks() {
    return blocks;
  }

  /** @return the code blocks of one language (lower case, e.g. {@code java}) */
  List<Block> blocks(String language) {
    List<Block> out = new ArrayList<>();
    for (Block b : blocks) {
      if (b.language().equals(language)) {
        out.add(b);
      }
    }
    return out;
  }

  List<Link> links() {
    return links;
  }

  /** @return the anchors GitHub generates for this file's headings, plus explicit {@code <a id>} */
  Set<String> anchors() {
    return anchors;
  }

  List<String> unclosedFences() {
    return unclosedFences;
  }

  private void read(String[] lines) {
    Map<String, Integer> slugCounts = new HashMap<>();
    for (int i = 0; i < lines.length; i++) {
      Matcher fence = FENCE.matcher(lines[i]);
      if (fence.matches()) {
        i = readBlock(lines, i, fence);
        continue;
      }
      String line = lines[i];
      Matcher heading = HEADING.matcher(line);
      if (heading.matches()) {
        String slug = slug(heading.group(2));
        int n = slugCounts.merge(slug, 1, Integer::sum) - 1;
        anchors.add(n == 0 ? slug : slug + "-" + n);
      }
      Matcher html = HTML_ANCHOR.matcher(line);
      while (html.find()) {
        anchors.add(html.group(1));
      }
      readLinks(line, i + 1);
    }
  }

  /** Reads the block opened at {@code open}; returns the index of its closing fence. */
  private int readBlock(String[] lines, int open, Matcher fence) {
    String fenceChars = fence.group(2);
    String language = fence.group(3).toLowerCase(Locale.ROOT);
    String marker = null;
    for (int j = open - 1; j >= 0; j--) {
      if (!lines[j].isBlank()) {
        Matcher m = MARKER.matcher(lines[j]);
        marker = m.matches() ? m.group(1) : null;
        break;
      }
    }
    StringBuilder code = new StringBuilder();
    for (int i = open + 1; i < lines.length; i++) {
      String trimmed = lines[i].strip();
      if (trimmed.startsWith(fenceChars) && trimmed.chars().allMatch(c -> c == fenceChars.charAt(0))) {
        blocks.add(new Block(file, open + 2, language, code.toString(), marker));
        return i;
      }
      code.append(lines[i]).append('\n');
    }
    unclosedFences.add(Docs.display(file) + ":" + (open + 1));
    return lines.length;
  }

  private void readLinks(String line, int lineNumber) {
    Matcher def = REFERENCE_DEFINITION.matcher(line);
    if (def.matches()) {
      add(def.group(1), lineNumber);
      return;
    }
    String text = CODE_SPAN.matcher(line).replaceAll(m -> " ".repeat(m.group().length()));
    Matcher link = INLINE_LINK.matcher(text);
    while (link.find()) {
      add(link.group(2), lineNumber);
    }
  }

  private void add(String target, int lineNumber) {
    int hash = target.indexOf('#');
    String path = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? "" : target.substring(hash + 1);
    links.add(new Link(file, lineNumber, target, path, anchor));
  }

  /**
   * GitHub's anchor for a heading (github-slugger): the rendered text in lower case, every
   * character but letters, digits, marks, {@code _}, {@code -} and spaces removed, each space
   * a {@code -}. Duplicates get {@code -1}, {@code -2}... (done by the caller).
   *
   * @param heading the heading's Markdown source after the {@code #}s
   * @return the anchor, without {@code #}
   */
  static String slug(String heading) {
    String text = heading
        .replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1") // links and images: their text
        .replaceAll("<[^>]+>", "") // inline HTML
        .replace("`", "")
        .replaceAll("(\\*{1,3}|(?<![\\p{L}\\p{N}])_{1,3}|_{1,3}(?![\\p{L}\\p{N}]))", ""); // emphasis markers
    return NOT_IN_SLUG.matcher(text.trim().toLowerCase(Locale.ROOT)).replaceAll("").replace(' ', '-');
  }
}
