package dev.pressure.servlet.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A small HTTP/1.1 client for the tests. */
public final class Http implements AutoCloseable {

  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  /** GET. */
  public HttpResponse<String> get(URI uri, String... headers) {
    return send(request(uri, headers).GET().build());
  }

  /** HEAD. */
  public HttpResponse<String> head(URI uri) {
    return send(request(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
  }

  /** Any method, no body. */
  public HttpResponse<String> send(String method, URI uri, String... headers) {
    return send(request(uri, headers).method(method, HttpRequest.BodyPublishers.noBody()).build());
  }

  /** GET without waiting for the answer. */
  public CompletableFuture<HttpResponse<String>> getAsync(URI uri) {
    return client.sendAsync(request(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(URI uri, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return b;
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    // java.net.http.HttpClient has no close() before Java 21; its threads are daemons and
    // idle connections time out.
  }
}
