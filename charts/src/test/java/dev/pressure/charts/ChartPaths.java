package dev.pressure.charts;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the chart and its companion files live, resolved from the module directory. */
final class ChartPaths {

  private ChartPaths() {}

  /** The charts/ module directory: Surefire runs tests there; basedir also says so. */
  static Path moduleDir() {
    Path dir = Path.of(System.getProperty("basedir", "")).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir.resolve("pressure-sample"))) {
      throw new IllegalStateException("charts module directory not found from " + dir);
    }
    return dir;
  }

  static Path chart() {
    return moduleDir().resolve("pressure-sample");
  }

  static Path alerts() {
    return chart().resolve("files/alerts.yaml");
  }

  static Path alertsTest() {
    return chart().resolve("files/alerts-test.yaml");
  }

  static Path adapterValues() {
    return chart().resolve("prometheus-adapter-values.yaml");
  }

  static Path repoRoot() {
    return moduleDir().getParent();
  }

  static Path kubernetesDoc() {
    return repoRoot().resolve("docs/kubernetes.md");
  }

  static Path renderedDoc() {
    return repoRoot().resolve("docs/kubernetes-rendered.yaml");
  }
}
