package dev.pressure.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Builds {@code sample-app/Dockerfile} without a Docker daemon and runs the image: buildah
 * ({@code --isolation chroot --pull=never}) from Debian-made base images
 * ({@code src/test/image/podman-env.sh}: debootstrap minbase + OpenJDK 17, JDK and Maven for the
 * build stage), the host's Maven repository mounted as an overlay (the build runs offline),
 * then podman with runc on 127.0.0.1 ({@code --network host}) with a 512 MiB memory limit.
 *
 * <p>Runs only in the {@code image-test} profile ({@code -Dpressure.imageTest=true}; .ci/run sets
 * it on its first pass), as it takes minutes. A missing buildah, podman, runc or debootstrap
 * fails it: {@code .ci/run} installs them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageIT {

  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(15);
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final long MEMORY_LIMIT = 512L * 1024 * 1024;
  private static final String IMAGE = "localhost/pressure-sample:image-test";
  private static final Pattern HEAP_MAX = Pattern.compile("(?m)^jvm_memory_bytes_max\\{area=\"heap\",?\\} (\\S+)$");

  private final Map<String, String> env = new LinkedHashMap<>();
  private final Path repo = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
  private final String container = "pressure-image-test-" + UUID.randomUUID().toString().substring(0, 8);
  private int port;

  @BeforeAll
  void buildTheImage() throws Exception {
    for (String tool : List.of("buildah", "podman", "runc", "debootstrap")) {
      assertThat(onPath(tool)).as("%s on PATH (bash .ci/run installs buildah podman runc debootstrap)", tool)
          .isPresent();
    }
    Path cache = Path.of(System.getenv().getOrDefault("PRESSURE_IMAGE_CACHE", "/var/tmp/pressure-image"));
    Result setup = run(BUILD_TIMEOUT, List.of("bash", repo.resolve("sample-app/src/test/image/podman-env.sh").toString(),
        cache.toString()));
    assertThat(setup.exitCode).as("podman-env.sh:\n%s", setup.output).isZero();
    setup.output.lines().filter(l -> l.startsWith("CONTAINERS_") && l.contains("="))
        .forEach(l -> env.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    assertThat(env).containsKeys("CONTAINERS_STORAGE_CONF", "CONTAINERS_CONF", "CONTAINERS_REGISTRIES_CONF");

    Path m2 = Path.of(System.getProperty("user.home"), ".m2");
    Result build = run(BUILD_TIMEOUT, List.of("buildah", "bud", "--isolation", "chroot", "--pull=never",
        "--network", "host", "--layers=false",
        "--build-arg", "BUILD_IMAGE=localhost/pressure-base-build:bookworm",
        "--build-arg", "RUNTIME_IMAGE=localhost/pressure-base-jre:bookworm",
        "--build-arg", "MAVEN_FLAGS=-o",
        "--volume", m2 + ":/root/.m2:O",
        "-f", "sample-app/Dockerfile", "-t", IMAGE, "."));
    assertThat(build.exitCode).as("buildah bud:\n%s", build.output).isZero();

    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // free now; the container binds it on the host network
    }
    Result started = run(PATIENCE, List.of("podman", "run", "-d", "--name", container, "--network", "host",
        "--memory", Long.toString(MEMORY_LIMIT), "-e", "HOST=127.0.0.1", "-e", "PORT=" + port,
        "-e", "SHUTDOWN_DELAY_MS=500", "-e", "SHUTDOWN_GRACE_MS=5000", IMAGE));
    assertThat(started.exitCode).as("podman run:\n%s", started.output).isZero();
  }

  @AfterAll
  void removeTheContainer() {
    run(PATIENCE, List.of("podman", "rm", "-f", "-t", "0", container));
    run(PATIENCE, List.of("podman", "rmi", "-f", IMAGE));
  }

  @Test
  void answersLivenessRunsAsNonRootSizesTheHeapFromTheLimitAndDrainsToExitZeroOnSigterm() {
    await("/liveness 200; logs: " + logs()).atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
        .until(() -> status("/liveness") == 200);

    Result uid = run(PATIENCE, List.of("podman", "exec", container, "id", "-u"));
    assertThat(uid.output.strip()).as("uid of the container's user").isEqualTo("10001");

    Matcher heap = HEAP_MAX.matcher(get("/metrics").body());
    assertThat(heap.find()).as("jvm_memory_bytes_max{area=heap} in /metrics").isTrue();
    double share = Double.parseDouble(heap.group(1)) / MEMORY_LIMIT;
    // MaxRAMPercentage=75 of the 512 MiB limit (the JVM rounds down a little), not of the host's RAM.
    assertThat(share).as("max heap / container memory limit").isBetween(0.6, 0.75);

    Result stop = run(PATIENCE, List.of("podman", "stop", "-t", "30", container));
    assertThat(stop.exitCode).as("podman stop:\n%s", stop.output).isZero();
    Result exit = run(PATIENCE, List.of("podman", "inspect", "-f", "{{.State.ExitCode}}", container));
    assertThat(exit.output.strip()).as("exit code after SIGTERM; logs: %s", logs()).isEqualTo("0");
    assertThat(logs()).contains("pressure-sample draining", "pressure-sample drained, exiting");
  }

  private String logs() {
    return run(PATIENCE, List.of("podman", "logs", container)).output;
  }

  private int status(String path) {
    try {
      return get(path).statusCode();
    } catch (UncheckedIOException e) {
      return -1; // not listening yet
    }
  }

  private HttpResponse<String> get(String path) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private record Result(int exitCode, String output) {}

  /** Runs a command in the repository root with the private container configuration. */
  private Result run(Duration timeout, List<String> command) {
    Path out = null;
    try {
      out = Files.createTempFile("image-it-", ".out");
      ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(repo.toFile())
          .redirectErrorStream(true).redirectOutput(out.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(command + " did not finish within " + timeout + ":\n" + Files.readString(out));
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      if (out != null) {
        out.toFile().delete();
      }
    }
  }

  private static Optional<Path> onPath(String name) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .filter(d -> !d.isBlank()).map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst()
        .or(() -> Stream.of("/usr/sbin", "/usr/bin", "/sbin").map(d -> Path.of(d, name))
            .filter(Files::isExecutable).findFirst());
  }
}
