package dev.pressure.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Paths;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The guide's Java snippets are the code {@link DocExamples} compiles and the container suite
 * runs; this test keeps the text in the guide identical to it.
 */
class DocSnippetsTest {

  @ParameterizedTest
  @ValueSource(strings = {"addFilter", "builder", "handler", "drain"})
  void guideShowsTheCompiledCode(String name) {
    String compiled = DocSnippets.sourceRegion(
        Paths.get("src", "test", "java", "dev", "pressure", "servlet", "DocExamples.java"), name);
    assertThat(DocSnippets.block(DocSnippets.SERVLET_GUIDE, name)).isEqualTo(compiled);
  }

  @ParameterizedTest
  @ValueSource(strings = {"addFilter"})
  void readmeShowsTheCompiledCode(String name) {
    String compiled = DocSnippets.sourceRegion(
        Paths.get("src", "test", "java", "dev", "pressure", "servlet", "DocExamples.java"), name);
    assertThat(DocSnippets.block(DocSnippets.README, "servlet-" + name)).isEqualTo(compiled);
  }
}
