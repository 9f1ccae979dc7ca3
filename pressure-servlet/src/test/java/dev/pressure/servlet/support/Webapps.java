package dev.pressure.servlet.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Enumeration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The test web applications ({@code /webapps/<name>} on the class path) as a directory a
 * container can deploy: the resource directory itself, or, when the suite runs from
 * pressure-servlet's test-jar (the container-line modules under contract-tests/), a copy
 * extracted once into a temporary directory.
 */
public final class Webapps {

  private static final Map<String, Path> EXTRACTED = new ConcurrentHashMap<>();

  private Webapps() {}

  /** @return the directory of web application {@code name} */
  public static Path dir(String name) throws URISyntaxException {
    URL url = Webapps.class.getResource("/webapps/" + name);
    if (url == null) {
      throw new IllegalArgumentException("no test webapp " + name);
    }
    if (!url.getProtocol().equals("jar")) {
      return Paths.get(url.toURI());
    }
    return EXTRACTED.computeIfAbsent(name, n -> extract(url, "webapps/" + n + "/"));
  }

  private static Path extract(URL url, String prefix) {
    try {
      Path target = Files.createTempDirectory("pressure-webapp-");
      target.toFile().deleteOnExit();
      JarURLConnection connection = (JarURLConnection) url.openConnection();
      connection.setUseCaches(false);
      try (JarFile jar = connection.getJarFile()) {
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
          JarEntry e = entries.nextElement();
          if (!e.getName().startsWith(prefix) || e.isDirectory()) {
            continue;
          }
          Path out = target.resolve(e.getName().substring(prefix.length()));
          Files.createDirectories(out.getParent());
          try (InputStream in = jar.getInputStream(e)) {
            Files.copy(in, out);
          }
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
