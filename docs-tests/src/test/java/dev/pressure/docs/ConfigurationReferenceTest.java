package dev.pressure.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pressure.PressureMonitor;
import dev.pressure.Thresholds;
import dev.pressure.admission.AdaptiveLimitConfig;
import dev.pressure.admission.AdmissionConfig;
import dev.pressure.internal.Setting;
import dev.pressure.prometheus.PressureCollector;
import dev.pressure.sample.SampleConfig;
import dev.pressure.servlet.GracefulShutdown;
import dev.pressure.servlet.ReadinessServlet;
import dev.pressure.servlet.UnderPressureFilter;
import dev.pressure.servlet.internal.AdmissionSettings;
import dev.pressure.servlet.internal.FilterParams;
import dev.pressure.servlet.internal.MonitorParams;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md lists every option the code has, and only those: every public method
 * of the four builders, every init-param the filter accepts, every environment variable of
 * the sample, and each default it shows is the value of the constant it names.
 */
class ConfigurationReferenceTest {

  private static final String DOC = Docs.read(Docs.ROOT.resolve("docs/configuration.md"));
  private static final String[] OPTION_HEADER =
      {"builder method", "init-param", "sample env var", "unit", "default", "meaning"};
  private static final Map<String, Class<?>> BUILDERS = Map.of(
      "monitor", dev.pressure.MonitorSettings.class,
      "thresholds", Thresholds.Builder.class,
      "filter", UnderPressureFilter.Builder.class,
      "collector", PressureCollector.Builder.class,
      "admission", AdmissionConfig.Builder.class,
      "adaptiveLimit", AdaptiveLimitConfig.Builder.class,
      "shutdown", GracefulShutdown.Builder.class);
  private static final Map<String, Class<?>> CONSTANT_OWNERS = Map.of(
      "PressureMonitor", PressureMonitor.class,
      "Thresholds", Thresholds.class,
      "UnderPressureFilter", UnderPressureFilter.class,
      "PressureCollector", PressureCollector.class,
      "MonitorParams", MonitorParams.class,
      "ReadinessServlet", ReadinessServlet.class,
      "AdmissionConfig", AdmissionConfig.class,
      "AdaptiveLimitConfig", AdaptiveLimitConfig.class,
      "GracefulShutdown", GracefulShutdown.class);
  private static final Pattern METHOD = Pattern.compile("(\\w+)\\.(\\w+)\\(([^)]*)\\)");
  private static final Pattern CONSTANT = Pattern.compile("\\(`(\\w+)\\.([A-Z][A-Z0-9_]*)`\\)");
  private static final Pattern ENV = Pattern.compile("[A-Z][A-Z0-9_]+");

  private final List<Map<String, String>> rows = MarkdownTable.withHeader(DOC, OPTION_HEADER).stream()
      .flatMap(t -> t.rows().stream()).collect(Collectors.toList());

  /**
   * The settings table (dev.pressure.internal.Setting) that the init-params and the sample's
   * environment parse through is the table this page shows: each setting's row names its
   * init-param and environment variable, states its unit and shows its default first, and the
   * sample's default for the variable is the same value.
   */
  @Test
  void theSettingsTableAndThisPageAgree() {
    for (Setting setting : Setting.ALL) {
      Map<String, String> row = rows.stream()
          .filter(r -> MarkdownTable.code(r.get("init-param")).stream()
              .anyMatch(c -> setting.monitor() != null ? c.equals(setting.name()) : c.equals("<tier>." + setting.name())))
          .findFirst().orElseThrow(() -> new AssertionError("no row for setting " + setting.name()));
      assertThat(row.get("unit")).as("unit of %s", setting.name()).startsWith(setting.unit());
      assertThat(MarkdownTable.code(row.get("default"))).as("default of %s", setting.name())
          .first().isEqualTo(setting.defaultText());
      if (setting.env() != null) {
        assertThat(MarkdownTable.code(row.get("sample env var"))).as("env var of %s", setting.name())
            .contains(setting.env());
        String sampleDefault = SampleConfig.VARIABLES.stream().filter(v -> v.name.equals(setting.env()))
            .findFirst().orElseThrow().defaultValue;
        assertThat(setting.parser().parse(setting.env(), sampleDefault)).as("sample default of %s", setting.env())
            .isEqualTo(setting.parser().parse(setting.name(), setting.defaultText()));
      }
    }
  }

  @Test
  void everyPublicBuilderMethodIsDocumentedAndNothingElse() {
    Set<String> documented = new TreeSet<>();
    for (Map<String, String> row : rows) {
      for (String code : MarkdownTable.code(row.get("builder method"))) {
        Matcher m = METHOD.matcher(code);
        assertThat(m.matches()).as("builder method cell entry %s", code).isTrue();
        assertThat(BUILDERS).as("builder prefix of %s", code).containsKey(m.group(1));
        documented.add(code);
      }
    }
    Set<String> actual = new TreeSet<>();
    BUILDERS.forEach((prefix, type) -> {
      for (Method method : type.getDeclaredMethods()) {
        if (Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers())
            && !method.getName().equals("build")) {
          actual.add(prefix + "." + method.getName() + "(" + Arrays.stream(method.getParameters())
              .map(p -> p.isVarArgs() ? p.getType().getComponentType().getSimpleName() + "..." : p.getType().getSimpleName())
              .collect(Collectors.joining(", ")) + ")");
        }
      }
    });

    assertThat(actual).hasSizeGreaterThan(30);
    assertThat(documented).isEqualTo(actual);
  }

  @Test
  void everyInitParamTheFilterAcceptsIsDocumentedAndNothingElse() {
    Set<String> documented = new TreeSet<>();
    for (Map<String, String> row : rows) {
      documented.addAll(MarkdownTable.code(row.get("init-param")));
    }
    Set<String> accepted = new TreeSet<>(FilterParams.NAMES);
    accepted.addAll(MonitorParams.NAMES);
    for (String limit : MonitorParams.TIER_LIMITS) {
      accepted.add("<tier>." + limit);
    }
    accepted.add("<tier>.<limit>");
    accepted.addAll(AdmissionSettings.NAMES);
    accepted.add(AdmissionSettings.CRITICALITY_PREFIX + "<LEVEL>");

    assertThat(documented).isEqualTo(accepted);
  }

  @Test
  void everySampleVariableIsDocumentedAndNothingElse() {
    Set<String> documented = new TreeSet<>();
    for (Map<String, String> row : rows) {
      for (String code : MarkdownTable.code(row.get("sample env var"))) {
        if (ENV.matcher(code).matches()) {
          documented.add(code);
        }
      }
    }
    Set<String> actual = SampleConfig.VARIABLES.stream().map(v -> v.name).collect(Collectors.toCollection(TreeSet::new));

    assertThat(documented).isEqualTo(actual);
  }

  @Test
  void sampleOnlyRowsShowTheSamplesDefaults() {
    int checked = 0;
    for (Map<String, String> row : rows) {
      if (!row.get("builder method").equals("—")) {
        continue;
      }
      String variable = MarkdownTable.code(row.get("sample env var")).get(0);
      SampleConfig.Variable v = SampleConfig.VARIABLES.stream().filter(x -> x.name.equals(variable)).findFirst()
          .orElseThrow(() -> new AssertionError("no sample variable " + variable));
      assertThat(MarkdownTable.code(row.get("default"))).as(variable).first().isEqualTo(v.defaultValue);
      checked++;
    }
    assertThat(checked).isEqualTo(12);
  }

  @Test
  void everyDefaultShownIsTheValueOfTheConstantItNames() throws ReflectiveOperationException {
    List<String> cells = new ArrayList<>();
    rows.forEach(row -> cells.add(row.get("default")));
    MarkdownTable.withHeader(DOC, "servlet", "constructor", "init-param", "default", "meaning")
        .forEach(t -> t.rows().forEach(row -> cells.add(row.get("default"))));
    int checked = 0;
    for (String cell : cells) {
      Matcher constant = CONSTANT.matcher(cell);
      while (constant.find()) {
        Class<?> owner = CONSTANT_OWNERS.get(constant.group(1));
        assertThat(owner).as("class of %s", constant.group()).isNotNull();
        Object value = owner.getField(constant.group(2)).get(null);
        String shown = MarkdownTable.code(cell.substring(0, constant.start())).stream()
            .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no value before " + constant.group()));
        assertThat(shown).as("default shown for %s", constant.group()).isEqualTo(render(value));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(15);
  }

  /** A constant as the doc writes it: {@code 1s}, {@code 10ms}, {@code 0.999}, {@code 0.5, 0.9}. */
  static String render(Object value) {
    if (value instanceof Duration) {
      Duration d = (Duration) value;
      return d.toMillis() >= 1000 && d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
    if (value instanceof Double) {
      return BigDecimal.valueOf((Double) value).stripTrailingZeros().toPlainString();
    }
    if (value instanceof List) {
      return ((List<?>) value).stream().map(ConfigurationReferenceTest::render).collect(Collectors.joining(", "));
    }
    if (value instanceof Enum) {
      return ((Enum<?>) value).name();
    }
    return String.valueOf(value);
  }
}
