package dev.pressure.bench.overload;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A single-threaded HTTP/1.1 load generator on NIO, for loopback only.
 *
 * <p><b>Open loop</b> ({@link #runOpenLoop}): requests are sent on a fixed arrival schedule
 * whatever the server does, one connection per outstanding request (keep-alive connections
 * are reused, new ones opened as needed up to {@code maxConnections}, then requests wait in
 * the client). Latency is counted from the <em>intended</em> send time, so a server that
 * falls behind cannot hide its queue by slowing the generator down (no coordinated
 * omission). A request without a response {@code timeout} after its intended time is
 * recorded as {@link Outcomes#TIMEOUT} and its connection is reset, as an impatient client
 * would.
 *
 * <p><b>Closed loop</b> ({@link #runClosedLoop}): a fixed number of requests outstanding,
 * each response immediately followed by the next request; used only to measure capacity.
 *
 * <p>One thread, no allocation per request beyond what NIO does. Not thread-safe: one run at a time.
 *
 * <p><b>Why it is still here.</b> The default generator is {@link JettyLoadClient} (Jetty's
 * maintained asynchronous client); this one stays selectable ({@code --client nio}) until a
 * quiet machine shows the Jetty one holds the schedule. Measured in one run with
 * {@link ClientScheduleCheck} (3 s per client, same unloaded server, on 2 vCPUs shared with
 * other builds, load average 12 to 15, so neither result is a property of the clients):
 * at 2000/s, send lateness p99 274 ms (nio) and 127 ms (jetty), latency p99 475 ms and 157 ms;
 * at 5000/s, 2.28 s and 1.89 s, latency p99 2.34 s and 2.06 s. The Jetty client was no worse
 * in that run; if a quiet rerun agrees, this class and {@link ResponseParser} can go.
 */
final class OpenLoopClient implements LoadClient {

  private static final long NONE = Long.MIN_VALUE;
  private static final long EXPIRY_SCAN_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  private final InetSocketAddress address;
  private final byte[] request;
  private final long timeoutNanos;
  private final int maxConnections;
  private final SendLag lag = new SendLag();

  /**
   * A client for one endpoint.
   *
   * @param address a loopback address
   * @param path the request path, e.g. {@code /work}
   * @param timeout how long a client waits for a response, counted from the intended send time
   * @param maxConnections the most connections open at once
   */
  OpenLoopClient(InetSocketAddress address, String path, Duration timeout, int maxConnections) {
    if (!address.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("address: a loopback address. Found: " + address);
    }
    this.address = address;
    this.request = ("GET " + path + " HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort()
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    this.timeoutNanos = timeout.toNanos();
    this.maxConnections = maxConnections;
  }

  /**
   * Sends requests on the schedule, the first at {@code startNanos}, and returns once every
   * request has an outcome.
   *
   * @param startNanos when the first phase starts ({@link System#nanoTime()})
   * @param phases the schedule
   * @param outcomes where outcomes go
   * @throws IOException when the selector fails
   */
  @Override
  public void runOpenLoop(long startNanos, List<Phase> phases, Outcomes outcomes) throws IOException {
    lag.reset();
    try (Loop loop = new Loop(outcomes, null)) {
      long phaseStart = startNanos;
      for (Phase phase : phases) {
        long phaseEnd = phaseStart + phase.duration().toNanos();
        double interval = phase.intervalNanos();
        for (long k = 0; ; k++) {
          long intended = phaseStart + (long) (k * interval);
          if (intended >= phaseEnd) {
            break;
          }
          loop.runUntil(intended);
          lag.record(System.nanoTime() - intended);
          loop.dispatch(intended);
        }
        phaseStart = phaseEnd;
      }
      loop.drain();
    }
  }

  /**
   * Keeps {@code concurrency} requests outstanding until {@code endNanos}, then waits for the
   * last ones.
   *
   * @param concurrency requests outstanding at any time
   * @param endNanos when to stop sending
   * @param outcomes where outcomes go
   * @throws IOException when the selector fails
   */
  @Override
  public void runClosedLoop(int concurrency, long endNanos, Outcomes outcomes) throws IOException {
    try (Loop loop = new Loop(outcomes, endNanos)) {
      long now = System.nanoTime();
      for (int i = 0; i < concurrency; i++) {
        loop.dispatch(now);
      }
      loop.drain();
    }
  }

  @Override
  public SendLag sendLag() {
    return lag;
  }

  @Override
  public String name() {
    return "nio";
  }

  /** Nothing to release between runs: each run opens and closes its own selector. */
  @Override
  public void close() {
  }

  /** One run's connections and selector. */
  private final class Loop implements AutoCloseable {
    private final Selector selector = Selector.open();
    private final Outcomes outcomes;
    private final Long closedLoopEnd;
    private final ArrayDeque<Conn> idle = new ArrayDeque<>();
    private final List<Conn> open = new ArrayList<>();
    private final ArrayDeque<Long> waiting = new ArrayDeque<>();
    private int busy;
    private long nextExpiryScan;

    Loop(Outcomes outcomes, Long closedLoopEnd) throws IOException {
      this.outcomes = outcomes;
      this.closedLoopEnd = closedLoopEnd;
    }

    /** Serves I/O until {@code deadline}, sleeping only as long as nothing is due. */
    void runUntil(long deadline) throws IOException {
      while (true) {
        long now = System.nanoTime();
        expire(now);
        long wait = deadline - now;
        if (wait <= 0) {
          selector.selectNow();
        } else if (wait >= TimeUnit.MILLISECONDS.toNanos(1)) {
          // select() wakes on I/O at once; its timeout is whole milliseconds, so never oversleep.
          selector.select(Math.min(wait / 1_000_000L, 5));
        } else {
          selector.selectNow();
          if (selector.selectedKeys().isEmpty()) {
            LockSupport.parkNanos(Math.min(wait, 200_000L));
          }
        }
        handleSelected();
        if (wait <= 0) {
          return;
        }
      }
    }

    /** Serves I/O until every request sent has an outcome. */
    void drain() throws IOException {
      while (busy > 0 || !waiting.isEmpty()) {
        runUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5));
      }
    }

    /** Sends one request intended at {@code intended} on a free connection, a new one, or queues it. */
    void dispatch(long intended) throws IOException {
      Conn c = idle.pollFirst();
      if (c != null) {
        send(c, intended);
      } else if (open.size() < maxConnections) {
        connect(intended);
      } else {
        waiting.addLast(intended);
      }
    }

    private void connect(long intended) throws IOException {
      SocketChannel ch = SocketChannel.open();
      ch.configureBlocking(false);
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      Conn c = new Conn(ch);
      c.intended = intended;
      c.index = open.size();
      open.add(c);
      busy++;
      try {
        if (ch.connect(address)) {
          c.key = ch.register(selector, SelectionKey.OP_READ, c);
          write(c);
        } else {
          c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
        }
      } catch (IOException e) {
        fail(c, System.nanoTime(), Outcomes.IO_ERROR);
      }
    }

    private void send(Conn c, long intended) {
      c.intended = intended;
      busy++;
      write(c);
    }

    private void write(Conn c) {
      c.parser.reset();
      c.in.clear();
      c.out.clear();
      try {
        c.ch.write(c.out);
        c.key.interestOps(c.out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
      } catch (IOException e) {
        fail(c, System.nanoTime(), Outcomes.IO_ERROR);
      }
    }

    private void handleSelected() throws IOException {
      var keys = selector.selectedKeys();
      if (keys.isEmpty()) {
        return;
      }
      for (SelectionKey key : keys) {
        Conn c = (Conn) key.attachment();
        if (!key.isValid()) {
          continue;
        }
        try {
          if (key.isConnectable()) {
            c.ch.finishConnect();
            key.interestOps(SelectionKey.OP_READ);
            write(c);
            continue;
          }
          if (key.isWritable()) {
            c.ch.write(c.out);
            if (!c.out.hasRemaining()) {
              key.interestOps(SelectionKey.OP_READ);
            }
          }
          if (key.isReadable()) {
            read(c);
          }
        } catch (IOException e) {
          fail(c, System.nanoTime(), Outcomes.IO_ERROR);
        }
      }
      keys.clear();
    }

    private void read(Conn c) throws IOException {
      if (!c.in.hasRemaining()) {
        c.grow();
      }
      int n = c.ch.read(c.in);
      long now = System.nanoTime();
      if (n < 0) {
        if (c.intended != NONE && c.parser.readsToEof()) {
          complete(c, now, c.parser.status(), true);
        } else if (c.intended != NONE) {
          fail(c, now, Outcomes.IO_ERROR);
        } else {
          close(c, false); // the server closed an idle keep-alive connection
        }
        return;
      }
      if (c.intended == NONE) {
        return; // bytes on an idle connection: nothing is waiting for them
      }
      if (c.parser.parse(c.in) != ResponseParser.NEED_MORE) {
        complete(c, now, c.parser.status(), c.parser.closeAfter());
      }
    }

    private void complete(Conn c, long now, int status, boolean closeAfter) throws IOException {
      long intended = c.intended;
      c.intended = NONE;
      busy--;
      outcomes.record(intended, now, status);
      if (closeAfter) {
        close(c, false);
      } else {
        release(c, now);
      }
      if (closedLoopEnd != null && now < closedLoopEnd) {
        dispatch(now);
      }
    }

    /** A free connection takes the oldest waiting request, or goes idle. */
    private void release(Conn c, long now) {
      while (!waiting.isEmpty()) {
        long intended = waiting.pollFirst();
        if (now - intended >= timeoutNanos) {
          outcomes.record(intended, now, Outcomes.TIMEOUT);
          continue;
        }
        send(c, intended);
        return;
      }
      idle.addLast(c);
    }

    private void fail(Conn c, long now, int status) {
      if (c.intended != NONE) {
        long intended = c.intended;
        c.intended = NONE;
        busy--;
        outcomes.record(intended, now, status);
      }
      close(c, true);
      if (closedLoopEnd != null && now < closedLoopEnd) {
        try {
          dispatch(now);
        } catch (IOException e) {
          outcomes.record(now, System.nanoTime(), Outcomes.IO_ERROR);
        }
      }
    }

    /** Times out requests past their deadline; a timed-out connection is reset, as a client would. */
    private void expire(long now) {
      while (!waiting.isEmpty() && now - waiting.peekFirst() >= timeoutNanos) {
        outcomes.record(waiting.pollFirst(), now, Outcomes.TIMEOUT);
      }
      if (now < nextExpiryScan) {
        return;
      }
      nextExpiryScan = now + EXPIRY_SCAN_NANOS;
      for (int i = open.size() - 1; i >= 0; i--) {
        Conn c = open.get(Math.min(i, open.size() - 1));
        if (c.intended != NONE && now - c.intended >= timeoutNanos) {
          fail(c, now, Outcomes.TIMEOUT);
        }
      }
    }

    private void close(Conn c, boolean reset) {
      idle.remove(c);
      int i = c.index;
      if (i >= 0 && i < open.size() && open.get(i) == c) {
        Conn last = open.remove(open.size() - 1);
        if (last != c) {
          open.set(i, last);
          last.index = i;
        }
        c.index = -1;
      }
      try {
        if (reset) {
          // RST instead of FIN: no TIME_WAIT pile-up when thousands of requests time out.
          c.ch.setOption(StandardSocketOptions.SO_LINGER, 0);
        }
        c.ch.close();
      } catch (IOException e) {
        // closing anyway
      }
    }

    @Override
    public void close() throws IOException {
      for (Conn c : new ArrayList<>(open)) {
        close(c, true);
      }
      selector.close();
    }
  }

  /** One connection and its buffers. */
  private final class Conn {
    final SocketChannel ch;
    final ResponseParser parser = new ResponseParser();
    final ByteBuffer out = ByteBuffer.wrap(request);
    ByteBuffer in = ByteBuffer.allocate(4096);
    SelectionKey key;
    long intended = NONE;
    int index;

    Conn(SocketChannel ch) {
      this.ch = ch;
    }

    void grow() {
      ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2);
      in.flip();
      bigger.put(in);
      in = bigger;
    }
  }
}
