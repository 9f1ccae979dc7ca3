package dev.pressure.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Resident set size from {@code /proc/self/status} ({@code VmRSS}), the number the kernel's
 * OOM killer and the container's memory limit look at. Linux only.
 */
public final class ProcStatusRss {

  /** Returned when the file does not exist: the platform has no /proc. */
  public static final long UNSUPPORTED = -1;

  private final Path statusFile;

  /**
   * A reader of VmRSS from {@code statusFile}.
   *
   * @param statusFile normally {@code /proc/self/status}
   */
  public ProcStatusRss(Path statusFile) {
    this.statusFile = statusFile;
  }

  /**
   * Reads VmRSS.
   *
   * @return bytes, or {@link #UNSUPPORTED} when the file does not exist
   * @throws IOException when the file exists but cannot be read or has no VmRSS line
   */
  public long rssBytes() throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(statusFile, StandardCharsets.US_ASCII)) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          long value = Long.parseLong(parts[0]);
          long unit = parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? 1024 : 1;
          return value * unit;
        }
      }
    } catch (NoSuchFileException e) {
      return UNSUPPORTED;
    } catch (NumberFormatException e) {
      throw new IOException(statusFile + ": VmRSS is not a number", e);
    }
    throw new IOException(statusFile + ": no VmRSS line");
  }
}
