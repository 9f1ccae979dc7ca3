package dev.pressure.bench.overload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseParserTest {

  private final ResponseParser parser = new ResponseParser();

  @Test
  void contentLengthResponseEndsAfterItsBody() {
    String r = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n";
    assertThat(parse(r.substring(0, r.length() - 1))).isEqualTo(ResponseParser.NEED_MORE);
    parser.reset();
    assertThat(parse(r)).isEqualTo(r.length());
    assertThat(parser.status()).isEqualTo(200);
    assertThat(parser.closeAfter()).isFalse();
  }

  @Test
  void headersSplitAcrossReadsAreWaitedFor() {
    assertThat(parse("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 10\r\n")).isEqualTo(ResponseParser.NEED_MORE);
    String r = "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 10\r\nconnection: Close\r\ncontent-length: 2\r\n\r\n{}";
    assertThat(parse(r)).isEqualTo(r.length());
    assertThat(parser.status()).isEqualTo(503);
    assertThat(parser.closeAfter()).isTrue();
  }

  @Test
  void chunkedResponseEndsAtTheLastChunk() {
    String r = "HTTP/1.1 429 Too Many Requests\r\nTransfer-Encoding: chunked\r\n\r\n1a\r\nConcurrency limit exceeded\r\n0\r\n\r\n";
    assertThat(parse(r.substring(0, r.length() - 2))).isEqualTo(ResponseParser.NEED_MORE);
    assertThat(parse(r)).isEqualTo(r.length());
    assertThat(parser.status()).isEqualTo(429);
  }

  @Test
  void bodyWithoutLengthRunsToEndOfStream() {
    String r = "HTTP/1.1 500 Server Error\r\nConnection: close\r\n\r\nboom";
    assertThat(parse(r)).isEqualTo(ResponseParser.NEED_MORE);
    assertThat(parser.readsToEof()).isTrue();
  }

  @Test
  void noContentHasNoBody() {
    String r = "HTTP/1.1 204 No Content\r\n\r\n";
    assertThat(parse(r)).isEqualTo(r.length());
  }

  private int parse(String text) {
    ByteBuffer buf = ByteBuffer.allocate(1024);
    buf.put(text.getBytes(StandardCharsets.US_ASCII));
    return parser.parse(buf);
  }
}
