package dev.mimamori.uptime;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real dnsmasq on 127.0.0.1 serving only the records given, restarted to change them. */
final class Dnsmasq implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/sbin/dnsmasq");

  private final int port;
  private Process process;

  Dnsmasq(List<String> records) throws IOException, InterruptedException {
    try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    process = start(records);
  }

  static boolean available() {
    return Files.isExecutable(BINARY);
  }

  InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  /** Serves other records from now on (a restart, as a changed zone would be). */
  void serve(List<String> records) throws IOException, InterruptedException {
    stop();
    process = start(records);
  }

  /** NS record data for {@code --dns-rr}: the name in DNS wire format, as hex. */
  static String nsRecord(String owner, String target) {
    StringBuilder hex = new StringBuilder();
    for (String label : target.split("\\.")) {
      hex.append(String.format("%02x", label.length()));
      for (char c : label.toCharArray()) {
        hex.append(String.format("%02x", (int) c));
      }
    }
    return "--dns-rr=" + owner + ",2," + hex + "00";
  }

  private Process start(List<String> records) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.addAll(
        List.of(
            BINARY.toString(),
            "--no-daemon",
            "--conf-file=/dev/null",
            "--pid-file=",
            "--port=" + port,
            "--listen-address=127.0.0.1",
            "--bind-interfaces",
            "--no-resolv",
            "--no-hosts",
            "--cache-size=0"));
    if ("root".equals(System.getProperty("user.name"))) {
      cmd.add("--user=root");
    }
    cmd.addAll(records);
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    awaitAnswering(p);
    return p;
  }

  /**
   * Waits until dnsmasq answers a query: a fixed sleep was too short on a loaded machine, where the
   * first check then timed out and saw no record to compare (a flaky CI failure).
   */
  private void awaitAnswering(Process p) throws IOException, InterruptedException {
    DnsCheck probe = new DnsCheck(address(), java.time.Duration.ofMillis(200));
    DnsQuery ready = new DnsQuery("ready.invalid", DnsQuery.DnsType.A);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IOException("dnsmasq did not start: exit " + p.exitValue());
      }
      String failure = probe.lookup(ready).failure();
      // Any reply counts, REFUSED too; "no answer" is DnsCheck's word for a timeout.
      if (failure == null || !failure.startsWith("no answer")) {
        return;
      }
      Thread.sleep(50);
    }
    if (!p.isAlive()) {
      throw new IOException("dnsmasq did not start: exit " + p.exitValue());
    }
    p.destroyForcibly().waitFor();
    throw new IOException("dnsmasq did not answer within 20 s");
  }

  private void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
