package dev.pressure.servlet.internal;

import dev.pressure.PressureType;
import dev.pressure.Tier;
import jakarta.servlet.ServletContext;
import java.util.Arrays;

/**
 * The tiers the web application's filters shed on, kept in a {@code ServletContext} attribute
 * so the readiness endpoint fails at least whenever a filter would shed: Kubernetes then stops
 * routing to a pod that refuses work, even when the shed tier trips on a limit the readiness
 * tier does not have. Filters add their tier in {@code init} and remove it in {@code destroy}.
 * Thread-safe: copy-on-write array behind a volatile field; {@link #check(dev.pressure.PressureSnapshot, long, Tier)}
 * allocates nothing.
 */
public final class FilterTiers {

  /** The attribute holding this registry. */
  public static final String ATTRIBUTE = "dev.pressure.servlet.FilterTiers";

  private static final Object LOCK = new Object();

  private volatile Tier[] tiers = new Tier[0];

  private FilterTiers() {}

  /**
   * The context's registry, created on first use.
   *
   * @param context the web application's context
   * @return the registry
   */
  public static FilterTiers of(ServletContext context) {
    synchronized (LOCK) {
      Object value = context.getAttribute(ATTRIBUTE);
      if (value instanceof FilterTiers) {
        return (FilterTiers) value;
      }
      FilterTiers created = new FilterTiers();
      context.setAttribute(ATTRIBUTE, created);
      return created;
    }
  }

  /** @param tier a filter's tier, added once per filter */
  public void add(Tier tier) {
    synchronized (LOCK) {
      Tier[] next = Arrays.copyOf(tiers, tiers.length + 1);
      next[tiers.length] = tier;
      tiers = next;
    }
  }

  /** @param tier a tier added by a filter that is being destroyed; one occurrence is removed */
  public void remove(Tier tier) {
    synchronized (LOCK) {
      Tier[] current = tiers;
      for (int i = 0; i < current.length; i++) {
        if (current[i] == tier) {
          Tier[] next = new Tier[current.length - 1];
          System.arraycopy(current, 0, next, 0, i);
          System.arraycopy(current, i + 1, next, i, current.length - i - 1);
          tiers = next;
          return;
        }
      }
    }
  }

  /** {@return the names of the filters' tiers, in the order the filters started} */
  public java.util.List<String> names() {
    java.util.List<String> names = new java.util.ArrayList<>();
    for (Tier t : tiers) {
      names.add(t.name());
    }
    return names;
  }

  /**
   * The first filter tier under pressure, skipping {@code except}.
   *
   * @param nowNanos a reading of the monitors' clock
   * @param except the caller's own tier, already checked
   * @return the pressure type, or null when no filter would shed
   */
  public PressureType check(dev.pressure.PressureSnapshot snapshot, long nowNanos, Tier except) {
    for (Tier t : tiers) {
      if (t != except) {
        PressureType type = t.monitor() == except.monitor() ? t.check(snapshot, nowNanos)
            : t.check(t.monitor().snapshot(), t.monitor().nanoTime());
        if (type != null) {
          return type;
        }
      }
    }
    return null;
  }
}
