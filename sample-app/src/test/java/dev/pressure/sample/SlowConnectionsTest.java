package dev.pressure.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue #15, finding 10: at {@code ulimit -n 1024}, 1,100 slow connections to PORT used up the
 * file descriptors and every probe timed out. With the connection bound (MAX_CONNECTIONS,
 * derived from the limit) the probes on the management port keep answering within 1 s.
 * Loopback only, bounded: 1,100 sockets that send half a request and wait.
 */
class SlowConnectionsTest {

  private static final int SLOW_CONNECTIONS = 1_100;

  @Test
  void probesAnswerUnderElevenHundredSlowConnectionsAtUlimit1024() throws Exception {
    try (SampleProcess sample = SampleProcess.mainClassWithFileLimit(1024, Map.of("MANAGEMENT_PORT", "0"))) {
      int port = sample.awaitPort();
      int management = sample.awaitManagementPort();
      List<Socket> slow = new ArrayList<>();
      try {
        for (int i = 0; i < SLOW_CONNECTIONS; i++) {
          Socket s = new Socket();
          try {
            // Past the bound the server stops accepting: the kernel's backlog holds the rest.
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
            OutputStream out = s.getOutputStream();
            out.write("GET /slow HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII)); // never finished
            out.flush();
          } catch (IOException e) {
            // A full backlog refuses or times out: the flood is as large as the kernel lets it be.
          }
          slow.add(s);
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        for (int i = 0; i < 10; i++) {
          for (String probe : new String[] {"/liveness", "/readiness"}) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + management + probe)).timeout(Duration.ofSeconds(1)).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(probe + " under " + SLOW_CONNECTIONS + " slow connections").isEqualTo(200);
          }
        }
      } finally {
        for (Socket s : slow) {
          s.close();
        }
      }
      // The flood over, the application port serves again.
      Http http = new Http(port);
      await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/liveness").statusCode() == 200);
      assertThat(sample.outputText()).doesNotContain("Too many open files");
    }
  }
}
