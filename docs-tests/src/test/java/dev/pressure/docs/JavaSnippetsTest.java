package dev.pressure.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code ```java} block of README.md and docs/*.md compiles, and every one that is a
 * program runs, so the guides cannot drift from the API. See {@link JavaSnippet} for how a
 * block becomes a compilation unit.
 */
class JavaSnippetsTest {

  /**
   * The only blocks not compiled or not run, as {@code <doc>: <marker>}. Adding a skip means
   * adding it here too, with its reason in the marker.
   */
  static final Set<String> SKIPS = Set.of(
      "docs/getting-started.md: no-run serves until stopped; GettingStartedAppTest starts it on a free port");

  /** How long a program may run. */
  static final Duration RUN_LIMIT = Duration.ofSeconds(60);

  private static final List<JavaSnippet> SNIPPETS = snippets();
  private static final SnippetCompiler.Result COMPILED = SnippetCompiler.compile(
      SNIPPETS.stream().filter(s -> !s.skipsCompile()).collect(Collectors.toList()));

  /** @return every Java block of the docs, in file order */
  static List<JavaSnippet> snippets() {
    List<JavaSnippet> out = new ArrayList<>();
    for (Markdown doc : Docs.all()) {
      for (Markdown.Block block : doc.blocks("java")) {
        out.add(new JavaSnippet(block, out.size()));
      }
    }
    return out;
  }

  /**
   * The compiled primary class of the Java block that follows {@code <!-- snippet: ... -->}
   * with this marker in {@code doc}.
   */
  static Class<?> compiledClass(String doc, String marker) throws ClassNotFoundException {
    for (JavaSnippet s : SNIPPETS) {
      if (Docs.display(s.block().file()).equals(doc) && marker.equals(s.marker())) {
        assertThat(COMPILED.errors(s)).as(s.toString()).isEmpty();
        return Class.forName(s.className(), true, COMPILED.loader());
      }
    }
    throw new AssertionError(doc + ": no Java block after <!-- snippet: " + marker + " -->");
  }

  @TestFactory
  Stream<DynamicTest> everyJavaBlockCompiles() {
    assertThat(SNIPPETS).as("Java blocks in README.md and docs/").hasSizeGreaterThan(10);
    return SNIPPETS.stream().filter(s -> !s.skipsCompile()).map(s -> DynamicTest.dynamicTest(s.toString(),
        () -> assertThat(COMPILED.errors(s)).as("compiler messages for " + s + ", compiled as:\n" + s.source())
            .isEmpty()));
  }

  @TestFactory
  Stream<DynamicTest> everyProgramRunsAndStopsItsMonitors() {
    List<JavaSnippet> programs = SNIPPETS.stream()
        .filter(s -> s.isProgram() && !s.skipsCompile() && !s.skipsRun()).collect(Collectors.toList());
    assertThat(programs).as("runnable programs in the docs").isNotEmpty();
    return programs.stream().map(s -> DynamicTest.dynamicTest(s.toString(), () -> run(s)));
  }

  @Test
  void skipsAreRareAndListed() {
    Set<String> actual = new TreeSet<>();
    for (JavaSnippet s : SNIPPETS) {
      if (s.skipsCompile() || s.skipsRun()) {
        actual.add(Docs.display(s.block().file()) + ": " + s.marker());
      }
    }
    assertThat(actual).isEqualTo(new TreeSet<>(SKIPS));
  }

  @Test
  void everyCodeFenceIsClosed() {
    for (Markdown doc : Docs.all()) {
      assertThat(doc.unclosedFences()).as(Docs.display(doc.file())).isEmpty();
    }
  }

  private static void run(JavaSnippet s) throws Exception {
    assertThat(COMPILED.errors(s)).as("compiles").isEmpty();
    Class<?> type = Class.forName(s.className(), true, COMPILED.loader());
    Method main = type.getMethod("main", String[].class);
    assertThat(Modifier.isStatic(main.getModifiers())).as("main is static").isTrue();
    Set<String> before = monitorThreads();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      try {
        main.invoke(null, (Object) new String[0]);
      } catch (InvocationTargetException e) {
        failure.set(e.getCause());
      } catch (ReflectiveOperationException | RuntimeException | Error e) {
        failure.set(e);
      }
    }, "snippet-main-" + s.index());
    thread.setDaemon(true);
    thread.start();
    thread.join(RUN_LIMIT.toMillis());
    if (thread.isAlive()) {
      thread.interrupt();
      throw new AssertionError(s + ": main did not return within " + RUN_LIMIT.toSeconds() + " s");
    }
    if (failure.get() != null) {
      throw new AssertionError(s + ": main threw", failure.get());
    }
    Set<String> leaked = monitorThreads();
    leaked.removeAll(before);
    assertThat(leaked).as("threads of monitors the program did not close").isEmpty();
  }

  /** Live threads of pressure monitors (named {@code pressure-<id>-...}). */
  private static Set<String> monitorThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(n -> n.startsWith("pressure-")).collect(Collectors.toCollection(TreeSet::new));
  }
}
