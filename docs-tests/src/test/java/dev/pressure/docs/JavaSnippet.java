package dev.pressure.docs;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code ```java} block of the docs and the compilation unit the doc tests make of it.
 *
 * <p>The convention (also in {@code docs-tests/README.md}):
 * <ul>
 *   <li>A block with an {@code import} or {@code package} line, or a type declaration at the
 *       start of a line ({@code class}, {@code interface}, {@code record}, {@code enum}, with
 *       modifiers or annotations before it), is a <b>compilation unit</b> and compiles as
 *       written. Without {@code import} lines it gets the {@link #COMMON_IMPORTS}. If it
 *       declares {@code public static void main(String[])}, the test runs it and it must return
 *       within the time limit and leave no monitor thread running.
 *   <li>Any other block is a <b>fragment</b>: statements, compiled as the body of a method
 *       that may throw anything, in a class with the {@link #COMMON_IMPORTS} and fields for the
 *       names the guides take as given ({@link #CONTEXT}: {@code ctx}, {@code monitor}, ...).
 *       A fragment may declare a local of the same name.
 *   <li>{@code <!-- snippet: no-compile REASON -->} on the line before the block skips it,
 *       {@code <!-- snippet: no-run REASON -->} compiles a program without running it. Both
 *       are listed in {@code JavaSnippetsTest.SKIPS}, so each one is a visible decision. Any
 *       other text after {@code snippet:} is a name other tests use to find the block.
 * </ul>
 * Each block compiles in a package of its own ({@code docsnippets.s<N>}), so two guides may
 * both call their class {@code App}.
 */
final class JavaSnippet {

  /** Imports of fragments and of compilation units that have none. */
  static final List<String> COMMON_IMPORTS = List.of(
      "dev.pressure.*",
      "dev.pressure.servlet.*",
      "dev.pressure.prometheus.*",
      "jakarta.servlet.*",
      "jakarta.servlet.http.*",
      "java.io.*",
      "java.time.*",
      "java.util.*",
      "java.util.concurrent.*",
      "io.prometheus.client.CollectorRegistry",
      "io.prometheus.client.servlet.jakarta.exporter.MetricsServlet",
      "org.eclipse.jetty.server.Server",
      "org.eclipse.jetty.ee10.servlet.*",
      "org.springframework.boot.web.servlet.*",
      "org.springframework.context.annotation.*",
      "org.springframework.core.Ordered");

  /** Fields a fragment may use without declaring them: what the surrounding prose takes as given. */
  static final List<String> CONTEXT = List.of(
      "ServletContext ctx",
      "ServletContext servletContext",
      "PressureMonitor monitor",
      "UnderPressureFilter filter",
      "Server server",
      "Duration grace",
      "CollectorRegistry registry",
      "HttpServletRequest request",
      "HttpServletResponse response");

  private static final Pattern UNIT_LINE = Pattern.compile(
      "(?m)^(import\\s|package\\s|(?:@\\w+(?:\\([^)]*\\))?\\s+|public\\s+|final\\s+|abstract\\s+|sealed\\s+)*(?:class|interface|record|enum)\\s+\\w+)");
  private static final Pattern TYPE = Pattern.compile(
      "(?m)^(?:@\\w+(?:\\([^)]*\\))?\\s+)*((?:public\\s+)?)(?:(?:final|abstract|sealed)\\s+)*(?:class|interface|record|enum)\\s+(\\w+)");
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
  private static final Pattern MAIN = Pattern.compile("public\\s+static\\s+void\\s+main\\s*\\(\\s*(?:final\\s+)?String");

  /** What the doc tests do with a block. */
  enum Kind { UNIT, FRAGMENT }

  private final Markdown.Block block;
  private final int index;
  private final Kind kind;
  private final String packageName;
  private final String typeName;
  private final String source;
  private final int prefixLines;

  JavaSnippet(Markdown.Block block, int index) {
    this.block = block;
    this.index = index;
    String code = block.code();
    this.kind = UNIT_LINE.matcher(code).find() ? Kind.UNIT : Kind.FRAGMENT;
    Matcher pkg = PACKAGE.matcher(code);
    this.packageName = pkg.find() ? pkg.group(1) : "docsnippets.s" + index;
    StringBuilder prefix = new StringBuilder();
    if (!pkg.reset().find()) {
      prefix.append("package ").append(packageName).append(";\n");
    }
    boolean hasImports = Pattern.compile("(?m)^import\\s").matcher(code).find();
    if (kind == Kind.FRAGMENT || !hasImports) {
      for (String imp : COMMON_IMPORTS) {
        prefix.append("import ").append(imp).append(";\n");
      }
    }
    if (kind == Kind.UNIT) {
      this.typeName = primaryType(code);
      this.prefixLines = lines(prefix);
      this.source = prefix + code;
    } else {
      this.typeName = "Fragment";
      prefix.append("@SuppressWarnings(\"unused\") class Fragment {\n");
      for (String field : CONTEXT) {
        prefix.append("  ").append(field).append(";\n");
      }
      prefix.append("  void run() throws Exception {\n");
      this.prefixLines = lines(prefix);
      this.source = prefix + code + "  }\n}\n";
    }
  }

  private static int lines(CharSequence text) {
    return (int) text.chars().filter(c -> c == '\n').count();
  }

  /** The public top-level type if there is one (it names the file), else the first one. */
  private String primaryType(String code) {
    Matcher type = TYPE.matcher(code);
    String first = null;
    while (type.find()) {
      if (!type.group(1).isEmpty()) {
        return type.group(2);
      }
      if (first == null) {
        first = type.group(2);
      }
    }
    if (first == null) {
      throw new AssertionError(block.where() + ": has import lines but no top-level type declaration;"
          + " write a whole class, or leave out the imports to make it a fragment");
    }
    return first;
  }

  Markdown.Block block() {
    return block;
  }

  Kind kind() {
    return kind;
  }

  /** @return the binary name of the primary type */
  String className() {
    return packageName + "." + typeName;
  }

  /** @return the file name javac sees, {@code <package path>/<Type>.java} */
  String fileName() {
    return packageName.replace('.', '/') + "/" + typeName + ".java";
  }

  String source() {
    return source;
  }

  /** @return the doc line that a line of {@link #source()} came from (1-based both) */
  int docLine(long sourceLine) {
    return block.line() + (int) sourceLine - 1 - prefixLines;
  }

  /** @return the snippet directive before the block, or null */
  String marker() {
    return block.marker();
  }

  boolean skipsCompile() {
    return marker() != null && marker().startsWith("no-compile");
  }

  boolean skipsRun() {
    return marker() != null && marker().startsWith("no-run");
  }

  /** @return whether this is a program: a compilation unit that declares {@code main} */
  boolean isProgram() {
    return kind == Kind.UNIT && MAIN.matcher(block.code()).find();
  }

  int index() {
    return index;
  }

  @Override
  public String toString() {
    return block.where() + " (" + kind.name().toLowerCase() + (isProgram() ? ", program" : "") + ")";
  }
}
