package dev.mimamori.agent;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The agent's identity in its state directory: its private key ({@code agent.key}, readable by its
 * owner only, never sent), the client certificate the server issued for it ({@code agent.crt}), and
 * the server's agent CA ({@code ca.crt}), the only certificate authority it trusts.
 *
 * @param agentId the id the server gave it
 */
public record AgentIdentity(
    String agentId, PrivateKey key, X509Certificate certificate, X509Certificate ca) {

  static final String KEY = "agent.key";
  static final String CERT = "agent.crt";
  static final String CA = "ca.crt";

  /** Whether the state directory holds an identity. */
  public static boolean exists(Path stateDir) {
    return Files.exists(stateDir.resolve(CERT)) && Files.exists(stateDir.resolve(KEY));
  }

  /** Reads the identity from the state directory. */
  public static AgentIdentity load(Path stateDir) throws IOException {
    PrivateKey key = readKey(stateDir.resolve(KEY));
    X509Certificate cert = certificate(Files.readString(stateDir.resolve(CERT)));
    X509Certificate ca = certificate(Files.readString(stateDir.resolve(CA)));
    String cn = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()).toString();
    String id = cn.startsWith("CN=") ? cn.substring(3) : cn;
    return new AgentIdentity(id, key, cert, ca);
  }

  /** The key kept before enrolling, when an enrollment was begun and not finished. */
  public static java.util.Optional<KeyPair> pendingKey(Path stateDir) throws IOException {
    Path f = stateDir.resolve(KEY);
    if (!Files.exists(f) || Files.exists(stateDir.resolve(CERT))) {
      return java.util.Optional.empty();
    }
    try (PEMParser p = new PEMParser(Files.newBufferedReader(f, StandardCharsets.UTF_8))) {
      Object o = p.readObject();
      if (!(o instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo info)) {
        return java.util.Optional.empty();
      }
      var priv =
          (java.security.interfaces.ECPrivateKey) new JcaPEMKeyConverter().getPrivateKey(info);
      // The public point is the private scalar times the generator.
      var spec = org.bouncycastle.jce.ECNamedCurveTable.getParameterSpec("secp256r1");
      var q = spec.getG().multiply(priv.getS()).normalize();
      var pubSpec = new org.bouncycastle.jce.spec.ECPublicKeySpec(q, spec);
      var pub =
          java.security.KeyFactory.getInstance(
                  "EC", new org.bouncycastle.jce.provider.BouncyCastleProvider())
              .generatePublic(pubSpec);
      return java.util.Optional.of(new KeyPair(pub, priv));
    } catch (GeneralSecurityException | RuntimeException e) {
      return java.util.Optional.empty();
    }
  }

  /** A new key pair and a certificate request for it (PEM). */
  public static KeyPair newKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no EC P-256 in this JDK", e);
    }
  }

  /** A PKCS#10 request for the key, signed with it (proves the agent holds the key). */
  public static String csr(KeyPair pair, String name) {
    try {
      String cn = name.replaceAll("[^A-Za-z0-9._-]", "_");
      PKCS10CertificationRequest req =
          new JcaPKCS10CertificationRequestBuilder(
                  new X500Name("CN=" + (cn.isEmpty() ? "agent" : cn)), pair.getPublic())
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
      return pem(req);
    } catch (OperatorCreationException | IOException e) {
      throw new IllegalStateException("making a certificate request failed", e);
    }
  }

  /** Keeps the key (owner-only file) before enrolling, so a crash after it is no lost identity. */
  public static void saveKey(Path stateDir, PrivateKey key) throws IOException {
    Files.createDirectories(stateDir);
    Path f = stateDir.resolve(KEY);
    Files.deleteIfExists(f);
    Files.createFile(
        f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (JcaPEMWriter w =
        new JcaPEMWriter(
            Files.newBufferedWriter(f, StandardCharsets.UTF_8, StandardOpenOption.WRITE))) {
      w.writeObject(new JcaPKCS8Generator(key, null));
    }
  }

  /** Keeps what the server issued. The certificate is written last: it marks a whole identity. */
  public static void saveIssued(Path stateDir, String certificatePem, String caPem)
      throws IOException {
    certificate(certificatePem);
    certificate(caPem);
    Files.writeString(stateDir.resolve(CA), caPem);
    Path tmp = stateDir.resolve(CERT + ".tmp");
    Files.writeString(tmp, certificatePem);
    Files.move(tmp, stateDir.resolve(CERT), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** TLS with this identity: the client certificate, and the agent CA as the only trust. */
  public SSLContext sslContext() {
    try {
      char[] pw = "agent".toCharArray();
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("agent", key, pw, new X509Certificate[] {certificate, ca});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), trustOnly(ca).getTrustManagers(), new SecureRandom());
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("the agent's identity is unusable: " + e.getMessage(), e);
    }
  }

  /** TLS that trusts only {@code ca}, without a client certificate (enrollment). */
  public static SSLContext trusting(X509Certificate ca) {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, trustOnly(ca).getTrustManagers(), new SecureRandom());
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static TrustManagerFactory trustOnly(X509Certificate ca)
      throws GeneralSecurityException, IOException {
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    ts.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    return tmf;
  }

  /** The SHA-256 of a certificate's DER encoding, in lower-case hex: a CA's pin. */
  public static String sha256(X509Certificate c) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads one PEM certificate. */
  public static X509Certificate certificate(String pem) throws IOException {
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      Object o = p.readObject();
      if (!(o instanceof X509CertificateHolder h)) {
        throw new IOException("not a PEM certificate");
      }
      return new JcaX509CertificateConverter().getCertificate(h);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IOException("not a PEM certificate: " + e.getMessage(), e);
    }
  }

  /** Writes an object (certificate, request) as PEM. */
  public static String pem(Object o) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(o);
    }
    return out.toString();
  }

  private static PrivateKey readKey(Path f) throws IOException {
    try (PEMParser p = new PEMParser(Files.newBufferedReader(f, StandardCharsets.UTF_8))) {
      Object o = p.readObject();
      if (o instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo info) {
        return new JcaPEMKeyConverter().getPrivateKey(info);
      }
      throw new IOException(f + ": not a PKCS#8 private key");
    }
  }
}
