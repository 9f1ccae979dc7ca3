package dev.pressure.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The doc tests' own Markdown reading and snippet wrapping, on small inputs. */
class MarkdownTest {

  private static final Path FILE = Docs.ROOT.resolve("docs/example.md");

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Quick start | quick-start",
      "`ServletContext.addFilter` | servletcontextaddfilter",
      "Spring Boot (`FilterRegistrationBean`) | spring-boot-filterregistrationbean",
      "1. scale out: the HPA | 1-scale-out-the-hpa",
      "Tiers and Kubernetes | tiers-and-kubernetes",
      "maxEventLoopDelay -> scheduling lag | maxeventloopdelay---scheduling-lag",
      "[web.xml](servlet.md) & init_params | webxml--init_params",
      "**Why** it matters | why-it-matters"
  })
  void anchorsFollowGitHubsSlugs(String heading, String anchor) {
    assertThat(Markdown.slug(heading)).isEqualTo(anchor);
  }

  @Test
  void repeatedHeadingsGetNumberedAnchorsAndCodeIsNotAHeading() {
    Markdown md = Markdown.parse(FILE, "# Usage\n\n```sh\n# not a heading\n```\n\n## Usage\n");

    assertThat(md.anchors()).containsExactly("usage", "usage-1");
  }

  @Test
  void linksAreFoundOutsideCodeOnly() {
    Markdown md = Markdown.parse(FILE, "See [a](a.md#x) and `[b](b.md)`.\n\n```\n[c](c.md)\n```\n[d]: d.md\n");

    assertThat(md.links()).extracting(Markdown.Link::target).containsExactly("a.md#x", "d.md");
    assertThat(md.links().get(0).path()).isEqualTo("a.md");
    assertThat(md.links().get(0).anchor()).isEqualTo("x");
  }

  @Test
  void aBlockCarriesTheMarkerOnTheLineBeforeIt() {
    Markdown md = Markdown.parse(FILE, "text\n<!-- snippet: no-run reason -->\n```java\nint x = 1;\n```\n\n```Java\nclass A {}\n```\n````\nopen\n");

    assertThat(md.blocks("java")).extracting(Markdown.Block::marker).containsExactly("no-run reason", null);
    assertThat(md.blocks("java").get(0).line()).isEqualTo(4);
    assertThat(md.unclosedFences()).containsExactly("docs/example.md:10");
  }

  @Test
  void statementsAreWrappedAndClassesCompileAsWritten() {
    Markdown md = Markdown.parse(FILE, "```java\nmonitor.close();\n```\n"
        + "```java\nimport java.util.List;\n\npublic class App {\n  public static void main(String[] args) {}\n}\n```\n"
        + "```java\n@Configuration\nclass Config {}\n```\n");
    JavaSnippet fragment = new JavaSnippet(md.blocks("java").get(0), 0);
    JavaSnippet program = new JavaSnippet(md.blocks("java").get(1), 1);
    JavaSnippet annotated = new JavaSnippet(md.blocks("java").get(2), 2);

    assertThat(fragment.kind()).isEqualTo(JavaSnippet.Kind.FRAGMENT);
    assertThat(fragment.source()).contains("PressureMonitor monitor;", "void run() throws Exception {\nmonitor.close();");
    assertThat(fragment.docLine(fragment.source().substring(0, fragment.source().indexOf("monitor.close")).lines().count() + 1))
        .isEqualTo(2);
    assertThat(program.kind()).isEqualTo(JavaSnippet.Kind.UNIT);
    assertThat(program.isProgram()).isTrue();
    assertThat(program.className()).isEqualTo("docsnippets.s1.App");
    assertThat(program.source()).doesNotContain("import dev.pressure.*;").startsWith("package docsnippets.s1;\nimport java.util.List;");
    assertThat(annotated.kind()).isEqualTo(JavaSnippet.Kind.UNIT);
    assertThat(annotated.className()).isEqualTo("docsnippets.s2.Config");
    assertThat(annotated.source()).contains("import org.springframework.context.annotation.*;");
  }
}
