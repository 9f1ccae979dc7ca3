package dev.pressure.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exported API of each library module, as committed in {@code api/<module>.txt}: every public
 * type of the exported package and its public and protected members, one line each, sorted. Any
 * change to the API shows as a diff of that file, reviewed with the code.
 */
class ApiListTest {

  private static final String UPDATE = "api.update";

  /** Columns: the module, its exported packages (separated by spaces), a class of it. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "pressure-core, dev.pressure dev.pressure.admission, dev.pressure.PressureMonitor",
    "pressure-servlet, dev.pressure.servlet, dev.pressure.servlet.UnderPressureFilter",
    "pressure-prometheus, dev.pressure.prometheus, dev.pressure.prometheus.PressureCollector",
    "pressure-prometheus-metrics, dev.pressure.prometheus.metrics, dev.pressure.prometheus.metrics.PressureMetrics",
    "pressure-micrometer, dev.pressure.micrometer, dev.pressure.micrometer.PressureMeterBinder"})
  void theExportedApiIsTheCommittedList(String module, String packages, String anchor) throws Exception {
    TreeSet<String> lines = new TreeSet<>();
    for (String pkg : packages.trim().split(" +")) {
      lines.addAll(api(pkg, Class.forName(anchor)));
    }
    String actual = String.join("\n", lines) + "\n";
    Path file = Docs.ROOT.resolve("api/" + module + ".txt");
    if (Boolean.getBoolean(UPDATE)) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    String committed = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    assertThat(actual)
        .as("the exported API of %s changed; if that is intended, regenerate the list with\n"
            + "  mvn -B -pl docs-tests -am verify -Dtest=ApiListTest -Dsurefire.failIfNoSpecifiedTests=false -D%s=true\n"
            + "and commit api/%s.txt with the change", module, UPDATE, module)
        .isEqualTo(committed);
  }

  /** Every API line of the public types in {@code pkg} (not its sub-packages). */
  static List<String> api(String pkg, Class<?> anchor) throws IOException, URISyntaxException, ClassNotFoundException {
    TreeSet<String> lines = new TreeSet<>();
    for (String name : classNames(pkg, anchor)) {
      Class<?> type = Class.forName(name, false, anchor.getClassLoader());
      if (!exported(type)) {
        continue;
      }
      lines.add(type.getName() + " : " + declaration(type));
      for (Field f : type.getDeclaredFields()) {
        if (visible(f)) {
          lines.add(type.getName() + " : field " + modifiers(f) + f.getGenericType().getTypeName() + " " + f.getName());
        }
      }
      for (Constructor<?> c : type.getDeclaredConstructors()) {
        if (visible(c)) {
          lines.add(type.getName() + " : " + c.toGenericString().replace(type.getName() + "(", "<init>("));
        }
      }
      for (Method m : type.getDeclaredMethods()) {
        if (visible(m) && !m.isSynthetic() && !m.isBridge()) {
          lines.add(type.getName() + " : " + m.toGenericString());
        }
      }
    }
    return new ArrayList<>(lines);
  }

  private static String declaration(Class<?> type) {
    StringBuilder d = new StringBuilder(Modifier.toString(type.getModifiers() & ~Modifier.STATIC));
    d.append(type.isInterface() ? "" : type.isEnum() ? " enum" : type.isRecord() ? " record" : " class");
    if (type.isSealed()) {
      d.append(" sealed permits ").append(Arrays.stream(type.getPermittedSubclasses()).map(Class::getName)
          .collect(Collectors.joining(", ")));
    }
    if (type.getGenericSuperclass() != null && type.getSuperclass() != Object.class && !type.isEnum()
        && !type.isRecord()) {
      d.append(" extends ").append(type.getGenericSuperclass().getTypeName());
    }
    if (type.getGenericInterfaces().length > 0) {
      d.append(" implements ").append(Arrays.stream(type.getGenericInterfaces())
          .map(java.lang.reflect.Type::getTypeName).collect(Collectors.joining(", ")));
    }
    return d.toString().trim();
  }

  private static boolean exported(Class<?> type) {
    for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
      if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isLocalClass()) {
        return false;
      }
    }
    return true;
  }

  private static boolean visible(Member m) {
    int mod = m.getModifiers();
    return (Modifier.isPublic(mod) || Modifier.isProtected(mod))
        && !(m instanceof Field f && f.isSynthetic());
  }

  private static String modifiers(Member m) {
    String s = Modifier.toString(m.getModifiers());
    return s.isEmpty() ? "" : s + " ";
  }

  private static List<String> classNames(String pkg, Class<?> anchor) throws IOException, URISyntaxException {
    Path location = Paths.get(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    String dir = pkg.replace('.', '/') + "/";
    List<String> names = new ArrayList<>();
    if (Files.isDirectory(location)) {
      Path root = location.resolve(dir);
      try (Stream<Path> files = Files.list(root)) {
        files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class"))
            .forEach(n -> names.add(pkg + "." + n.substring(0, n.length() - ".class".length())));
      }
    } else {
      try (JarFile jar = new JarFile(location.toFile())) {
        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
          String n = e.nextElement().getName();
          if (n.startsWith(dir) && n.endsWith(".class") && n.indexOf('/', dir.length()) < 0) {
            names.add(n.substring(0, n.length() - ".class".length()).replace('/', '.'));
          }
        }
      }
    }
    names.remove(pkg + ".module-info");
    names.remove(pkg + ".package-info");
    return names;
  }
}
