package dev.pressure.charts;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Strict validation of rendered manifests against the Kubernetes schemas of npm
 * {@code kubernetes-models} 5.1.0 and the prometheus-operator CRDs of
 * {@code @kubernetes-models/prometheus-operator}, through {@code charts/validator/validate.mjs}:
 * wrong types, missing required fields, unknown fields and nulls are each a problem.
 *
 * <p>The packages are installed on first use with {@code npm ci} from the committed
 * {@code package-lock.json} into {@code charts/validator/node_modules}, again whenever the lock
 * changes (a stamp holds its hash). Missing {@code node} or {@code npm} fails the test.
 */
final class ManifestValidator {

  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(1);
  private static final String NODE_HINT = "apt-get install -y nodejs npm";
  private static final String STAMP = ".installed-lock-sha256";

  private ManifestValidator() {}

  static Path dir() {
    return ChartPaths.moduleDir().resolve("validator");
  }

  /** Problems found, one line each ({@code <kind>/<name> <path>: <why>}); empty when all are valid. */
  static List<String> problems(List<JsonNode> manifests) {
    install();
    Path input = null;
    try {
      input = Files.createTempFile("manifests-", ".json");
      Files.writeString(input, Yaml.JSON.writeValueAsString(manifests));
      ProcessRunner.Result result = ProcessRunner.run(dir(), RUN_TIMEOUT,
          List.of(node().toString(), "validate.mjs", input.toString()));
      List<String> lines = result.output().lines().collect(Collectors.toList());
      String summary = "validated " + manifests.size() + " manifests, ";
      if (lines.isEmpty() || !lines.get(lines.size() - 1).startsWith(summary) || result.exitCode() > 1) {
        throw new IllegalStateException("validate.mjs failed (exit " + result.exitCode() + "):\n" + result.output());
      }
      return lines.subList(0, lines.size() - 1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (input != null) {
        try {
          Files.deleteIfExists(input);
        } catch (IOException ignored) {
          // A leftover temp file is harmless.
        }
      }
    }
  }

  /** Runs {@code npm ci} unless node_modules was installed from the current lock file. */
  static synchronized void install() {
    try {
      String lockHash = sha256(Files.readAllBytes(dir().resolve("package-lock.json")));
      Path stamp = dir().resolve("node_modules").resolve(STAMP);
      if (Files.exists(stamp) && Files.readString(stamp).strip().equals(lockHash)) {
        return;
      }
      ProcessRunner.Result result = ProcessRunner.run(dir(), INSTALL_TIMEOUT,
          List.of(ExternalTool.find("npm", "NPM", NODE_HINT).toString(), "ci", "--no-audit", "--no-fund"));
      if (result.exitCode() != 0) {
        throw new IllegalStateException("npm ci in " + dir() + " failed:\n" + result.output());
      }
      Files.writeString(stamp, lockHash + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path node() {
    return ExternalTool.find("node", "NODE", NODE_HINT);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
