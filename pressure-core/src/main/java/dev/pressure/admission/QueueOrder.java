package dev.pressure.admission;

/** Which waiting request of one criticality level gets the next permit. */
public enum QueueOrder {
  /** Oldest first, always. */
  FIFO,
  /**
   * CoDel with adaptive LIFO ("Fail at Scale"): while the queue has not been empty for
   * {@code codelInterval}, requests that waited longer than {@code codelTarget} are refused and
   * the newest is served first; otherwise FIFO with {@code maxQueueTime}.
   */
  ADAPTIVE_LIFO;

  /**
   * Parses {@code fifo} or {@code adaptive-lifo} (case-insensitive, {@code _} allowed).
   *
   * @param text the text
   * @return the order, or null for anything else
   */
  public static QueueOrder parse(String text) {
    if (text == null) {
      return null;
    }
    String t = text.trim().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    return t.equals("fifo") ? FIFO : t.equals("adaptive-lifo") ? ADAPTIVE_LIFO : null;
  }
}
