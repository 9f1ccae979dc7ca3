package dev.pressure.docs;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles snippets in memory with the JDK's {@link JavaCompiler}, in one task, against the
 * test class path (the library modules, the servlet API, Jetty, simpleclient, Spring Boot),
 * with {@code --release 17}, so a guide cannot use an API newer than the library's baseline.
 */
final class SnippetCompiler {

  /** javac options: the library's release; deprecation and unchecked warnings count as errors of the doc. */
  static final List<String> OPTIONS = List.of(
      "--release", "17", "-proc:none", "-Xlint:deprecation,unchecked", "-encoding", "UTF-8");

  /** What came out of one compilation. */
  static final class Result {
    private final Map<JavaSnippet, List<String>> errors;
    private final ClassLoader loader;

    Result(Map<JavaSnippet, List<String>> errors, ClassLoader loader) {
      this.errors = errors;
      this.loader = loader;
    }

    /** @return the compiler's messages about one snippet, located in its doc; empty when it compiled */
    List<String> errors(JavaSnippet snippet) {
      return errors.getOrDefault(snippet, List.of());
    }

    /** @return loads the compiled snippets (parent: the test class loader) */
    ClassLoader loader() {
      return loader;
    }
  }

  private SnippetCompiler() {}

  static Result compile(List<JavaSnippet> snippets) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new AssertionError("no system Java compiler: run the tests on a JDK, not a JRE");
    }
    Map<String, JavaSnippet> byFile = new HashMap<>();
    List<Source> sources = new ArrayList<>();
    for (JavaSnippet s : snippets) {
      Source source = new Source(s);
      sources.add(source);
      byFile.put(source.toUri().toString(), s);
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Map<String, ByteArrayOutputStream> classes = new LinkedHashMap<>();
    StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8);
    List<String> options = new ArrayList<>(OPTIONS);
    options.add("-classpath");
    options.add(System.getProperty("java.class.path"));
    JavaFileManager files = new ForwardingJavaFileManager<>(standard) {
      @Override
      public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
          FileObject sibling) {
        return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
          @Override
          public OutputStream openOutputStream() {
            return classes.computeIfAbsent(className, k -> new ByteArrayOutputStream());
          }
        };
      }
    };
    javac.getTask(null, files, diagnostics, options, null, sources).call();

    Map<JavaSnippet, List<String>> errors = new LinkedHashMap<>();
    List<String> unattributed = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() != Diagnostic.Kind.ERROR && d.getKind() != Diagnostic.Kind.WARNING
          && d.getKind() != Diagnostic.Kind.MANDATORY_WARNING) {
        continue;
      }
      JavaSnippet s = d.getSource() == null ? null : byFile.get(d.getSource().toUri().toString());
      if (s == null) {
        if (d.getKind() == Diagnostic.Kind.ERROR) {
          unattributed.add(d.getMessage(Locale.ROOT));
        }
        continue;
      }
      String line = d.getLineNumber() < 0 ? "" : Integer.toString(s.docLine(d.getLineNumber()));
      errors.computeIfAbsent(s, k -> new ArrayList<>()).add(Docs.display(s.block().file()) + ":" + line + ": "
          + d.getKind().name().toLowerCase(Locale.ROOT) + ": " + d.getMessage(Locale.ROOT)
          + sourceLine(s, d.getLineNumber()));
    }
    if (!unattributed.isEmpty()) {
      // Options or class path problems: every snippet is affected, say so once per snippet.
      for (JavaSnippet s : snippets) {
        errors.computeIfAbsent(s, k -> new ArrayList<>()).addAll(unattributed);
      }
    }
    return new Result(errors, new MemoryClassLoader(classes, SnippetCompiler.class.getClassLoader()));
  }

  private static String sourceLine(JavaSnippet s, long line) {
    String[] lines = s.source().split("\n", -1);
    return line >= 1 && line <= lines.length ? "\n    " + lines[(int) line - 1].strip() : "";
  }

  /** A snippet as javac reads it. */
  private static final class Source extends SimpleJavaFileObject {
    private final JavaSnippet snippet;

    Source(JavaSnippet snippet) {
      super(URI.create("string:///" + snippet.fileName()), Kind.SOURCE);
      this.snippet = snippet;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return snippet.source();
    }
  }

  /** Defines the compiled classes from memory. */
  private static final class MemoryClassLoader extends ClassLoader {
    private final Map<String, ByteArrayOutputStream> classes;

    MemoryClassLoader(Map<String, ByteArrayOutputStream> classes, ClassLoader parent) {
      super(parent);
      this.classes = classes;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      ByteArrayOutputStream bytes = classes.get(name);
      if (bytes == null) {
        throw new ClassNotFoundException(name);
      }
      byte[] b = bytes.toByteArray();
      return defineClass(name, b, 0, b.length);
    }
  }
}
