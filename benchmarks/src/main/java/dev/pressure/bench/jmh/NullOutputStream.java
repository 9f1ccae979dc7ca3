package dev.pressure.bench.jmh;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** A servlet output stream that discards everything. Thread-safe (it keeps no state). */
final class NullOutputStream extends ServletOutputStream {

  static final NullOutputStream INSTANCE = new NullOutputStream();
  static final PrintWriter WRITER = new PrintWriter(new OutputStreamWriter(INSTANCE, StandardCharsets.UTF_8));

  private NullOutputStream() {}

  @Override
  public void write(int b) {
    // discarded
  }

  @Override
  public void write(byte[] b, int off, int len) {
    // discarded
  }

  @Override
  public boolean isReady() {
    return true;
  }

  @Override
  public void setWriteListener(WriteListener listener) {
    throw new IllegalStateException("blocking stub");
  }
}
