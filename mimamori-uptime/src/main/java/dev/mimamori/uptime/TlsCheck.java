package dev.mimamori.uptime;

import dev.mimamori.uptime.TlsResult.Problem;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Looks at a server's certificate: the handshake accepts any chain so that it can be examined, and
 * then expiry, trust (against the JDK trust store or a given one), self-signing and the host name
 * are judged one by one, each with its own problem name. A handshake that stalls ends at the
 * timeout: a watchdog closes the socket.
 */
public final class TlsCheck {
  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "uptime-tls-watchdog");
            t.setDaemon(true);
            return t;
          });

  private final Set<TrustAnchor> anchors;
  private final Clock clock;

  public TlsCheck(Set<TrustAnchor> anchors, Clock clock) {
    this.anchors = Set.copyOf(anchors);
    this.clock = clock;
  }

  /** Trusts what the JDK's default trust store trusts. */
  public static TlsCheck withJdkTrust(Clock clock) {
    return new TlsCheck(anchorsOf(null), clock);
  }

  /** Trusts the certificates in a key store (tests, a private CA). */
  public static TlsCheck trusting(KeyStore trustStore, Clock clock) {
    return new TlsCheck(anchorsOf(trustStore), clock);
  }

  static Set<TrustAnchor> anchorsOf(@Nullable KeyStore store) {
    try {
      TrustManagerFactory f =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      f.init(store);
      Set<TrustAnchor> out = new HashSet<>();
      for (var tm : f.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          for (X509Certificate c : x.getAcceptedIssuers()) {
            out.add(new TrustAnchor(c, null));
          }
        }
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no trust store", e);
    }
  }

  public TlsResult run(String host, int port, Duration timeout, int warnDays) {
    return run(host, null, port, timeout, warnDays);
  }

  /**
   * As {@link #run(String, int, Duration, int)}, connecting to {@code address} (already checked
   * against the target policy, so a name cannot be re-pointed between the check and the connection)
   * and naming {@code host} for SNI and the certificate.
   */
  public TlsResult run(
      String host,
      java.net.@Nullable InetAddress address,
      int port,
      Duration timeout,
      int warnDays) {
    AtomicReference<X509Certificate @Nullable []> seen = new AtomicReference<>();
    SSLContext ctx;
    try {
      ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new javax.net.ssl.TrustManager[] {new Capture(seen)}, null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    Socket raw = new Socket();
    long start = System.nanoTime();
    java.util.concurrent.atomic.AtomicBoolean fired =
        new java.util.concurrent.atomic.AtomicBoolean();
    ScheduledFuture<?> guard =
        WATCHDOG.schedule(
            () -> {
              fired.set(true); // the watchdog's close is a timeout, however the socket reports it
              closeQuietly(raw);
            },
            timeout.toMillis(),
            TimeUnit.MILLISECONDS);
    try {
      raw.connect(
          address == null
              ? new InetSocketAddress(host, port)
              : new InetSocketAddress(address, port),
          (int) Math.max(1, timeout.toMillis()));
      raw.setSoTimeout((int) Math.max(1, timeout.toMillis()));
      try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, host, port, true)) {
        SSLParameters p = s.getSSLParameters();
        if (!host.matches("[0-9.]+") && !host.contains(":")) {
          p.setServerNames(List.of(new SNIHostName(host)));
        }
        s.setSSLParameters(p);
        s.startHandshake();
      }
    } catch (IOException e) {
      boolean timedOut =
          e instanceof SocketTimeoutException
              || fired.get()
              || System.nanoTime() - start >= timeout.toNanos() - 1_000_000;
      if (seen.get() == null) {
        return new TlsResult(
            0,
            null,
            null,
            null,
            Set.of(timedOut ? Problem.TIMEOUT : Problem.HANDSHAKE_FAILED),
            e.getMessage() == null ? "" : e.getMessage());
      }
    } finally {
      guard.cancel(false);
      closeQuietly(raw);
    }
    X509Certificate[] chain = seen.get();
    if (chain == null || chain.length == 0) {
      return new TlsResult(0, null, null, null, Set.of(Problem.HANDSHAKE_FAILED), "no certificate");
    }
    return judge(chain, host, warnDays);
  }

  TlsResult judge(X509Certificate[] chain, String host, int warnDays) {
    X509Certificate leaf = chain[0];
    Instant now = clock.instant();
    Instant notAfter = leaf.getNotAfter().toInstant();
    long daysLeft = Math.floorDiv(Duration.between(now, notAfter).toSeconds(), 86_400L);
    Set<Problem> problems = EnumSet.noneOf(Problem.class);
    String detail = "";
    if (now.isAfter(notAfter)) {
      problems.add(Problem.EXPIRED);
    } else if (now.isBefore(leaf.getNotBefore().toInstant())) {
      problems.add(Problem.NOT_YET_VALID);
    } else if (daysLeft < warnDays) {
      problems.add(Problem.EXPIRES_SOON);
    }
    boolean anchored = anchors.stream().anyMatch(a -> leaf.equals(a.getTrustedCert()));
    if (!anchored && selfSigned(leaf)) {
      problems.add(Problem.SELF_SIGNED);
    } else if (!anchored) {
      String why =
          chainProblem(chain, problems.contains(Problem.EXPIRED) ? notAfter.minusSeconds(1) : now);
      if (why != null) {
        problems.add(Problem.UNTRUSTED_CHAIN);
        detail = why;
      }
    }
    if (!matchesHost(leaf, host)) {
      problems.add(Problem.HOSTNAME_MISMATCH);
    }
    return new TlsResult(
        daysLeft,
        notAfter,
        leaf.getSubjectX500Principal().getName(),
        leaf.getIssuerX500Principal().getName(),
        problems,
        detail);
  }

  /** Null when the chain leads to a trust anchor at the given time, else the reason. */
  private @Nullable String chainProblem(X509Certificate[] chain, Instant at) {
    if (anchors.isEmpty()) {
      return "no trust anchors";
    }
    try {
      // The server may send its root too; the validator wants the path without the anchor.
      List<X509Certificate> path =
          Arrays.stream(chain)
              .filter(c -> anchors.stream().noneMatch(a -> c.equals(a.getTrustedCert())))
              .toList();
      var certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
      PKIXParameters params = new PKIXParameters(anchors);
      params.setRevocationEnabled(false);
      params.setDate(Date.from(at));
      CertPathValidator.getInstance("PKIX").validate(certPath, params);
      return null;
    } catch (GeneralSecurityException e) {
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
  }

  static boolean selfSigned(X509Certificate c) {
    if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
      return false;
    }
    try {
      c.verify(c.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** RFC 6125: subjectAltName DNS names with a left-most wildcard label, or IP addresses. */
  static boolean matchesHost(X509Certificate c, String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    try {
      var sans = c.getSubjectAlternativeNames();
      if (sans == null) {
        return false;
      }
      for (List<?> san : sans) {
        int type = (Integer) san.get(0);
        String v = String.valueOf(san.get(1)).toLowerCase(Locale.ROOT);
        if (type == 7 && v.equals(h)) {
          return true;
        }
        if (type == 2 && dnsMatch(v, h)) {
          return true;
        }
      }
      return false;
    } catch (CertificateParsingException e) {
      return false;
    }
  }

  private static boolean dnsMatch(String pattern, String host) {
    if (pattern.startsWith("*.")) {
      int dot = host.indexOf('.');
      return dot > 0 && host.substring(dot + 1).equals(pattern.substring(2));
    }
    return pattern.equals(host);
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing is best effort; the socket is gone either way
    }
  }

  /** Accepts every chain and keeps it, so that the check can say what is wrong with it. */
  private static final class Capture extends X509ExtendedTrustManager {
    private final AtomicReference<X509Certificate @Nullable []> seen;

    Capture(AtomicReference<X509Certificate @Nullable []> seen) {
      this.seen = seen;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      seen.set(chain.clone());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
      seen.set(chain.clone());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      seen.set(chain.clone());
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
