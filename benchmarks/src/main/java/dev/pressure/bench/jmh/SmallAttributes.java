package dev.pressure.bench.jmh;

/**
 * Request attributes in two small parallel arrays: set, replace and remove allocate nothing,
 * as a container's attribute map would not on a warmed-up path. Names are compared by
 * identity first, then by value.
 *
 * <p>Not thread-safe.
 */
final class SmallAttributes {

  private static final int CAPACITY = 16;

  private final String[] names = new String[CAPACITY];
  private final Object[] values = new Object[CAPACITY];

  Object get(String name) {
    int i = indexOf(name);
    return i < 0 ? null : values[i];
  }

  /** Sets, replaces or (with a null value) removes an attribute. */
  void set(String name, Object value) {
    int i = indexOf(name);
    if (i < 0) {
      if (value == null) {
        return;
      }
      i = indexOf(null);
      if (i < 0) {
        throw new IllegalStateException("more than " + CAPACITY + " attributes");
      }
      names[i] = name;
    }
    values[i] = value;
    if (value == null) {
      names[i] = null;
    }
  }

  private int indexOf(String name) {
    for (int i = 0; i < CAPACITY; i++) {
      String n = names[i];
      if (n == name || (n != null && n.equals(name))) {
        return i;
      }
    }
    return -1;
  }
}
