package dev.pressure.charts;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the real Helm (the Go library bundled by helm-java) on charts/pressure-sample.
 * Values go in as YAML files, like {@code helm template -f}, so their types are exact;
 * {@link #renderWithSet} covers {@code --set}, whose numbers arrive as integers.
 */
final class HelmChart {

  static final String RELEASE = "sample";
  static final String NAMESPACE = "default";
  static final String FULLNAME = "sample-pressure-sample";
  /** helm-java's built-in default (v1.20) is older than the chart's kubeVersion floor. */
  static final String KUBE_VERSION = "v1.31.0";

  private HelmChart() {}

  /** Renders with the chart's defaults overridden by each YAML values document in turn. */
  static RenderedChart render(String... valuesYaml) {
    return RenderedChart.parse(renderText(RELEASE, valuesYaml));
  }

  static String renderText(String release, String... valuesYaml) {
    List<Path> files = new ArrayList<>();
    try {
      TemplateCommand template = template(release);
      for (String values : valuesYaml) {
        Path file = Files.createTempFile("values-", ".yaml");
        files.add(file);
        Files.writeString(file, values);
        template.withValuesFile(file);
      }
      return template.call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      files.forEach(HelmChart::deleteQuietly);
    }
  }

  static RenderedChart renderWithSet(Map<String, Object> values) {
    TemplateCommand template = template(RELEASE);
    values.forEach(template::set);
    return RenderedChart.parse(template.call());
  }

  /** The error Helm reports for values it refuses; fails if rendering succeeds. */
  static String renderError(String valuesYaml) {
    try {
      renderText(RELEASE, valuesYaml);
    } catch (IllegalStateException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected rendering to fail with values:\n" + valuesYaml);
  }

  /**
   * Renders like {@link #render}, hooks included: helm-java's template leaves hooks out (the
   * {@code helm test} pod), so this renders a copy of the chart whose templates have their
   * {@code helm.sh/hook} annotations renamed, which makes hooks plain manifests.
   */
  static RenderedChart renderWithHooks(String... valuesYaml) {
    Path copy = null;
    List<Path> files = new ArrayList<>();
    try {
      copy = Files.createTempDirectory("chart-");
      Path chart = copy.resolve(ChartPaths.chart().getFileName());
      copyWithoutHookAnnotations(ChartPaths.chart(), chart);
      TemplateCommand template = new Helm(chart).template()
          .withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION);
      for (String values : valuesYaml) {
        Path file = Files.createTempFile("values-", ".yaml");
        files.add(file);
        Files.writeString(file, values);
        template.withValuesFile(file);
      }
      return RenderedChart.parse(template.call());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      files.forEach(HelmChart::deleteQuietly);
      deleteTree(copy);
    }
  }

  private static void copyWithoutHookAnnotations(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (source.getParent().getFileName().toString().equals("templates")) {
          // Renamed, not deleted: the annotations map keeps its other entries and stays a map.
          Files.writeString(target, Files.readString(source).replace("helm.sh/hook", "test.pressure.dev/hook"));
        } else {
          Files.copy(source, target);
        }
      }
    }
  }

  private static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(HelmChart::deleteQuietly);
    } catch (IOException ignored) {
      // A leftover temp directory is harmless.
    }
  }

  static LintResult lintStrict() {
    return new Helm(ChartPaths.chart()).lint().strict().call();
  }

  private static TemplateCommand template(String release) {
    return new Helm(ChartPaths.chart()).template()
        .withName(release)
        .withNamespace(NAMESPACE)
        .withKubeVersion(KUBE_VERSION);
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // A leftover temp file is harmless.
    }
  }
}
