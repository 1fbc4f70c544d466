package dev.mimamori.server.agent;

import dev.mimamori.agent.AgentIdentity;
import dev.mimamori.server.account.SecretBox;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * The server's agent CA: made once in {@code DATA-DIR/agent-ca} (its key sealed with the server's
 * secret key, like every secret at rest), it issues each agent's client certificate (client
 * authentication only, the agent's id as its name) and the agent listener's own certificate (server
 * authentication only), so an agent's certificate can never pose as the server.
 */
public final class AgentCa {
  /** How long an agent's certificate is valid. */
  public static final Duration AGENT_CERT_LIFE = Duration.ofDays(825);

  private static final String PURPOSE = "agent-ca-key";

  private final X509Certificate certificate;
  private final PrivateKey key;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  private AgentCa(X509Certificate certificate, PrivateKey key, Clock clock) {
    this.certificate = certificate;
    this.key = key;
    this.clock = clock;
  }

  /** The CA of {@code dataDir}, made on first use. */
  public static AgentCa open(Path dataDir, SecretBox box, Clock clock) throws IOException {
    Path dir = dataDir.resolve("agent-ca");
    Path cert = dir.resolve("ca.crt");
    Path sealed = dir.resolve("ca.key.sealed");
    if (Files.exists(cert) && Files.exists(sealed)) {
      try {
        byte[] der = box.open(PURPOSE, Files.readString(sealed, StandardCharsets.US_ASCII).strip());
        PrivateKey k = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        return new AgentCa(AgentIdentity.certificate(Files.readString(cert)), k, clock);
      } catch (GeneralSecurityException e) {
        throw new IOException(
            sealed + " cannot be opened with this server's secret key (" + SecretBox.ENV + ")", e);
      }
    }
    Files.createDirectories(dir);
    KeyPair pair = AgentIdentity.newKeyPair();
    Instant now = clock.instant();
    X500Name name = new X500Name("CN=mimamori agent CA " + Long.toHexString(now.toEpochMilli()));
    try {
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              name,
              new BigInteger(96, new SecureRandom()),
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(Duration.ofDays(3650))),
              name,
              pair.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      X509Certificate c =
          new JcaX509CertificateConverter()
              .getCertificate(
                  b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
      Files.writeString(
          sealed, box.seal(PURPOSE, pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
      Files.writeString(cert, AgentIdentity.pem(c));
      return new AgentCa(c, pair.getPrivate(), clock);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("making the agent CA failed: " + e.getMessage(), e);
    }
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** The SHA-256 of the CA certificate: the pin an enrollment token carries. */
  public String pin() {
    return AgentIdentity.sha256(certificate);
  }

  public String pem() {
    try {
      return AgentIdentity.pem(certificate);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Issues an agent's client certificate for the key in its request, named by the agent's id (never
   * by what the request asks).
   *
   * @throws IllegalArgumentException when the request is malformed or not signed by its key
   */
  public X509Certificate issueAgent(String csrPem, String agentId) {
    return issueAgent(publicKey(csrPem), agentId);
  }

  /**
   * The key of a certificate request, once its signature shows the requester holds it.
   *
   * @throws IllegalArgumentException when the request is malformed or not signed by its key
   */
  public static java.security.PublicKey publicKey(String csrPem) {
    PKCS10CertificationRequest csr;
    try (PEMParser p = new PEMParser(new java.io.StringReader(csrPem))) {
      Object o = p.readObject();
      if (!(o instanceof PKCS10CertificationRequest r)) {
        throw new IllegalArgumentException("csr is not a PEM certificate request");
      }
      csr = r;
      // The JDK knows EC keys by name, not by their OID: convert the key first.
      ContentVerifierProvider v =
          new JcaContentVerifierProviderBuilder()
              .build(
                  new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter()
                      .getPublicKey(csr.getSubjectPublicKeyInfo()));
      if (!csr.isSignatureValid(v)) {
        throw new IllegalArgumentException("csr is not signed by its own key");
      }
    } catch (IOException | OperatorCreationException | PKCSException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException("csr is not a valid certificate request", e);
    }
    try {
      return new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter()
          .getPublicKey(csr.getSubjectPublicKeyInfo());
    } catch (IOException e) {
      throw new IllegalArgumentException("csr holds no usable public key");
    }
  }

  /** Issues an agent's client certificate for {@code pub}, named by the agent's id. */
  public X509Certificate issueAgent(java.security.PublicKey pub, String agentId) {
    try {
      Instant now = clock.instant();
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              certificate,
              new BigInteger(96, random),
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(AGENT_CERT_LIFE)),
              new X500Name("CN=" + agentId),
              pub);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
      return sign(b);
    } catch (org.bouncycastle.cert.CertIOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The agent listener's key store: a fresh key and a certificate for {@code names} (host names and
   * addresses agents reach the server by), chained to the CA; and the trust store of the CA alone.
   */
  public Listener listener(List<String> names) throws IOException {
    KeyPair pair = AgentIdentity.newKeyPair();
    Instant now = clock.instant();
    List<GeneralName> sans = new ArrayList<>();
    for (String n : names) {
      // A DNS name never holds a colon: every IPv6 address does (2001:db8::1 has letters too).
      boolean ip = n.contains(":") || n.matches("[0-9.]+");
      sans.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, n));
    }
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            certificate,
            new BigInteger(96, random),
            Date.from(now.minus(Duration.ofMinutes(5))),
            Date.from(now.plus(Duration.ofDays(365))),
            new X500Name("CN=mimamori agent listener"),
            pair.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    b.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
    b.addExtension(
        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    b.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(sans.toArray(GeneralName[]::new)));
    X509Certificate leaf = sign(b);
    try {
      byte[] raw = new byte[24];
      random.nextBytes(raw);
      char[] pw = Base64.getEncoder().encodeToString(raw).toCharArray();
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(
          "agent-listener", pair.getPrivate(), pw, new X509Certificate[] {leaf, certificate});
      KeyStore ts = KeyStore.getInstance("PKCS12");
      ts.load(null, null);
      ts.setCertificateEntry("agent-ca", certificate);
      return new Listener(ks, pw, ts);
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  /** What the agent listener serves with and trusts. */
  public record Listener(KeyStore keyStore, char[] password, KeyStore trustStore) {}

  private X509Certificate sign(JcaX509v3CertificateBuilder b) {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("signing failed: " + e.getMessage(), e);
    }
  }
}
