package dev.pressure.bench.overload;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Just enough HTTP/1.1 response parsing for the load generator: the status code, where the
 * response ends ({@code Content-Length}, chunked, or the connection closing) and whether the
 * server will close the connection. Bodies are skipped, not kept.
 *
 * <p>Not thread-safe: one per connection, reset after each response.
 */
final class ResponseParser {

  /** The response is incomplete; read more. */
  static final int NEED_MORE = -1;

  private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TRANSFER_ENCODING = "transfer-encoding:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CONNECTION = "connection:".getBytes(StandardCharsets.US_ASCII);

  private int status;
  private boolean headersDone;
  private long contentLength = -1;
  private boolean chunked;
  private boolean closeAfter;
  private int bodyPos;

  /** Forgets the last response. */
  void reset() {
    status = 0;
    headersDone = false;
    contentLength = -1;
    chunked = false;
    closeAfter = false;
    bodyPos = 0;
  }

  /** @return the status of the response parsed last */
  int status() {
    return status;
  }

  /** @return whether the server said it closes the connection after this response */
  boolean closeAfter() {
    return closeAfter;
  }

  /** @return whether the body runs until the connection closes (no length, not chunked) */
  boolean readsToEof() {
    return headersDone && contentLength < 0 && !chunked && hasBody();
  }

  /**
   * Parses what has arrived so far.
   *
   * @param buf bytes from position 0 to {@code buf.position()} (write mode)
   * @return the number of bytes the complete response took, or {@link #NEED_MORE}
   */
  int parse(ByteBuffer buf) {
    int end = buf.position();
    if (!headersDone) {
      int headerEnd = indexOfCrlfCrlf(buf, end);
      if (headerEnd < 0) {
        return NEED_MORE;
      }
      parseHeaders(buf, headerEnd);
      headersDone = true;
      bodyPos = headerEnd + 4;
    }
    if (!hasBody()) {
      return bodyPos;
    }
    if (contentLength >= 0) {
      long total = bodyPos + contentLength;
      return total <= end ? (int) total : NEED_MORE;
    }
    if (chunked) {
      return parseChunks(buf, end);
    }
    return NEED_MORE; // until EOF
  }

  private boolean hasBody() {
    return !(status / 100 == 1 || status == 204 || status == 304);
  }

  private int parseChunks(ByteBuffer buf, int end) {
    int p = bodyPos;
    while (true) {
      int lineEnd = indexOfCrlf(buf, p, end);
      if (lineEnd < 0) {
        return NEED_MORE;
      }
      long size = 0;
      for (int i = p; i < lineEnd; i++) {
        int d = Character.digit(buf.get(i), 16);
        if (d < 0) {
          break; // chunk extension
        }
        size = size * 16 + d;
      }
      if (size == 0) {
        // Last chunk; no trailers are sent by the servers measured here.
        int last = lineEnd + 4;
        return last <= end ? last : NEED_MORE;
      }
      long next = lineEnd + 2 + size + 2;
      if (next > end) {
        return NEED_MORE;
      }
      p = (int) next;
      bodyPos = p; // chunks before p are done: resume from here
    }
  }

  private void parseHeaders(ByteBuffer buf, int headerEnd) {
    // "HTTP/1.1 200 OK"
    status = (buf.get(9) - '0') * 100 + (buf.get(10) - '0') * 10 + (buf.get(11) - '0');
    int line = indexOfCrlf(buf, 0, headerEnd) + 2;
    while (line < headerEnd) {
      int lineEnd = indexOfCrlf(buf, line, headerEnd + 2);
      if (startsWithIgnoreCase(buf, line, lineEnd, CONTENT_LENGTH)) {
        long v = 0;
        for (int i = line + CONTENT_LENGTH.length; i < lineEnd; i++) {
          byte b = buf.get(i);
          if (b >= '0' && b <= '9') {
            v = v * 10 + (b - '0');
          }
        }
        contentLength = v;
      } else if (startsWithIgnoreCase(buf, line, lineEnd, TRANSFER_ENCODING)) {
        chunked = containsIgnoreCase(buf, line, lineEnd, "chunked");
      } else if (startsWithIgnoreCase(buf, line, lineEnd, CONNECTION)) {
        closeAfter = containsIgnoreCase(buf, line, lineEnd, "close");
      }
      line = lineEnd + 2;
    }
  }

  private static int indexOfCrlfCrlf(ByteBuffer buf, int end) {
    for (int i = 0; i + 3 < end; i++) {
      if (buf.get(i) == '\r' && buf.get(i + 1) == '\n' && buf.get(i + 2) == '\r' && buf.get(i + 3) == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static int indexOfCrlf(ByteBuffer buf, int from, int end) {
    for (int i = from; i + 1 < end; i++) {
      if (buf.get(i) == '\r' && buf.get(i + 1) == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static boolean startsWithIgnoreCase(ByteBuffer buf, int from, int end, byte[] prefix) {
    if (end - from < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (Character.toLowerCase(buf.get(from + i)) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean containsIgnoreCase(ByteBuffer buf, int from, int end, String word) {
    outer:
    for (int i = from; i + word.length() <= end; i++) {
      for (int j = 0; j < word.length(); j++) {
        if (Character.toLowerCase(buf.get(i + j)) != word.charAt(j)) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
