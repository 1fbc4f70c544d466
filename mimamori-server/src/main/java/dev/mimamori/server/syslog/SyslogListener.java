package dev.mimamori.server.syslog;

import dev.mimamori.pipeline.Pipeline;
import dev.mimamori.pipeline.SourceSpec;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives syslog messages and hands them to the pipeline in batches as {@code syslog}-format
 * lines. UDP: one message per datagram; when the pipeline falls behind, datagrams are dropped and
 * counted (UDP gives no way to push back). TCP: octet-counted frames ({@code "123 <34>1 ..."}) or
 * newline-terminated ones, chosen per frame; a slow pipeline slows the senders.
 */
public final class SyslogListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SyslogListener.class);
  private static final int MAX_MESSAGE = 64 * 1024;
  private static final int MAX_CONNECTIONS = 64;
  private static final int BATCH = 1000;

  private final Pipeline pipeline;
  private final SourceSpec source;
  private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(10_000);
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final Semaphore connections = new Semaphore(MAX_CONNECTIONS);
  private final List<Thread> threads = new ArrayList<>();
  private final @Nullable DatagramSocket udp;
  private final @Nullable ServerSocket tcp;

  public SyslogListener(SyslogConfig config, Pipeline pipeline) throws IOException {
    this.pipeline = pipeline;
    this.source =
        new SourceSpec(
            Path.of("/syslog", config.asset()), "syslog", config.tenant(), config.asset(), false);
    InetAddress addr = InetAddress.getByName(config.host());
    this.udp =
        config.udpPort() < 0
            ? null
            : new DatagramSocket(new InetSocketAddress(addr, config.udpPort()));
    this.tcp = config.tcpPort() < 0 ? null : new ServerSocket(config.tcpPort(), 50, addr);
    start("mimamori-syslog-submit", this::submitLoop);
    if (udp != null) {
      start("mimamori-syslog-udp", this::udpLoop);
    }
    if (tcp != null) {
      start("mimamori-syslog-tcp", this::acceptLoop);
    }
  }

  private void start(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  public int udpPort() {
    return udp == null ? -1 : udp.getLocalPort();
  }

  public int tcpPort() {
    return tcp == null ? -1 : tcp.getLocalPort();
  }

  /** Messages received so far. */
  public long received() {
    return received.get();
  }

  /** UDP messages dropped because the pipeline was behind. */
  public long dropped() {
    return dropped.get();
  }

  private void udpLoop() {
    byte[] buf = new byte[MAX_MESSAGE];
    DatagramPacket packet = new DatagramPacket(buf, buf.length);
    while (running.get()) {
      try {
        udp.receive(packet);
        String msg =
            trimEnd(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
        received.incrementAndGet();
        if (!queue.offer(msg)) {
          dropped.incrementAndGet();
        }
      } catch (IOException e) {
        if (running.get()) {
          LOG.warn("syslog UDP receive failed: {}", e.toString());
        }
      }
    }
  }

  private void acceptLoop() {
    while (running.get()) {
      try {
        Socket s = tcp.accept();
        if (!connections.tryAcquire()) {
          s.close(); // too many senders at once
          continue;
        }
        s.setSoTimeout((int) TimeUnit.MINUTES.toMillis(10));
        Thread t =
            new Thread(
                () -> {
                  try (s) {
                    readFrames(new BufferedInputStream(s.getInputStream(), 1 << 16));
                  } catch (IOException e) {
                    // the sender went away
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  } finally {
                    connections.release();
                  }
                },
                "mimamori-syslog-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        if (running.get()) {
          LOG.warn("syslog TCP accept failed: {}", e.toString());
        }
      }
    }
  }

  /** RFC 6587: a frame is "LEN SP MSG" (octet counting) or MSG terminated by LF. */
  void readFrames(InputStream in) throws IOException, InterruptedException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    while (running.get()) {
      int first = in.read();
      if (first < 0) {
        return;
      }
      if (first == '\n' || first == '\r') {
        continue;
      }
      frame.reset();
      if (first >= '1' && first <= '9') {
        long len = first - '0';
        int c;
        while ((c = in.read()) >= '0' && c <= '9') {
          len = len * 10 + (c - '0');
          if (len > MAX_MESSAGE) {
            return; // not a frame length we accept: drop the connection
          }
        }
        if (c != ' ') {
          return;
        }
        byte[] msg = in.readNBytes((int) len);
        if (msg.length < len) {
          return;
        }
        deliver(trimEnd(new String(msg, StandardCharsets.UTF_8)));
        continue;
      }
      frame.write(first);
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        if (frame.size() < MAX_MESSAGE) {
          frame.write(c);
        }
      }
      deliver(trimEnd(frame.toString(StandardCharsets.UTF_8)));
      if (c < 0) {
        return;
      }
    }
  }

  private void deliver(String msg) throws InterruptedException {
    received.incrementAndGet();
    queue.put(msg); // TCP: wait, which slows the sender
  }

  private void submitLoop() {
    List<String> batch = new ArrayList<>(BATCH);
    while (running.get() || !queue.isEmpty()) {
      try {
        String first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
        Pipeline.Submitted s = pipeline.submit(source, batch, Duration.ofSeconds(30));
        if (s == Pipeline.Submitted.REFUSED) {
          LOG.warn("{} syslog messages not stored: shutting down", batch.size());
          return;
        }
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static String trimEnd(String s) {
    int end = s.length();
    while (end > 0
        && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r' || s.charAt(end - 1) == 0)) {
      end--;
    }
    return s.substring(0, end);
  }

  @Override
  public void close() {
    running.set(false);
    if (udp != null) {
      udp.close();
    }
    try {
      if (tcp != null) {
        tcp.close();
      }
    } catch (IOException e) {
      // closing anyway
    }
    for (Thread t : threads) {
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
