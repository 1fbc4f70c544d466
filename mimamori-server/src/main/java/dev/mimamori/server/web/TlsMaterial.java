package dev.mimamori.server.web;

import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The server's certificate chain and key, as a key store Jetty reads: from PEM files (the chain,
 * leaf first, and a PKCS#8, PKCS#1 or EC key, unencrypted), or a self-signed certificate made once
 * and kept in the data directory ({@code tls/self-signed.crt}, and the key readable by its owner
 * only).
 *
 * @param keyStore holds the key and chain under the alias {@code mimamori}
 * @param password the key store's (random, in memory) password
 * @param chain the certificates, leaf first
 */
public record TlsMaterial(KeyStore keyStore, char[] password, List<X509Certificate> chain) {

  /** Reads a certificate chain and its key from PEM files. */
  public static TlsMaterial fromPem(Path certFile, Path keyFile) throws IOException {
    List<X509Certificate> chain = new ArrayList<>();
    JcaX509CertificateConverter certs = new JcaX509CertificateConverter();
    try (Reader r = Files.newBufferedReader(certFile, StandardCharsets.UTF_8);
        PEMParser p = new PEMParser(r)) {
      for (Object o = p.readObject(); o != null; o = p.readObject()) {
        if (o instanceof X509CertificateHolder h) {
          chain.add(certs.getCertificate(h));
        }
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IOException(certFile + ": not a PEM certificate chain", e);
    }
    if (chain.isEmpty()) {
      throw new IOException(certFile + ": no certificate in it");
    }
    PrivateKey key;
    try (Reader r = Files.newBufferedReader(keyFile, StandardCharsets.UTF_8);
        PEMParser p = new PEMParser(r)) {
      Object o = p.readObject();
      // openssl ecparam writes the curve's parameters before the key: skip what is no key.
      while (o != null && !(o instanceof PEMKeyPair) && !(o instanceof PrivateKeyInfo)) {
        o = p.readObject();
      }
      PrivateKeyInfo info =
          o instanceof PEMKeyPair pair
              ? pair.getPrivateKeyInfo()
              : o instanceof PrivateKeyInfo i ? i : null;
      if (info != null) {
        key = privateKey(info);
      } else {
        throw new IOException(
            keyFile + ": expected an unencrypted PEM private key (PKCS#8, PKCS#1 or EC)");
      }
    } catch (RuntimeException e) {
      throw new IOException(keyFile + ": not a PEM private key", e);
    }
    return of(key, chain);
  }

  /**
   * The self-signed certificate of {@code dir} (made on first use: an EC P-256 key, valid for a
   * year, for {@code localhost}, 127.0.0.1 and {@code host}), renewed when it has less than a
   * month.
   */
  public static TlsMaterial selfSigned(Path dir, String host) throws IOException {
    Path cert = dir.resolve("self-signed.crt");
    Path key = dir.resolve("self-signed.key");
    if (Files.exists(cert) && Files.exists(key)) {
      TlsMaterial m = fromPem(cert, key);
      if (m.chain()
          .get(0)
          .getNotAfter()
          .toInstant()
          .isAfter(Instant.now().plus(Duration.ofDays(30)))) {
        return m;
      }
    }
    Files.createDirectories(dir);
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair pair = g.generateKeyPair();
      Instant now = Instant.now();
      X500Name name = new X500Name("CN=mimamori (self-signed)");
      List<GeneralName> names = new ArrayList<>();
      names.add(new GeneralName(GeneralName.dNSName, "localhost"));
      names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
      if (!host.isBlank()
          && !host.equals("0.0.0.0")
          && !host.equals("localhost")
          && !host.equals("127.0.0.1")) {
        boolean ip = host.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == ':');
        names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, host));
      }
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              name,
              new BigInteger(64, new SecureRandom()),
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(Duration.ofDays(365))),
              name,
              pair.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(names.toArray(GeneralName[]::new)));
      X509Certificate c =
          new JcaX509CertificateConverter()
              .getCertificate(
                  b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
      try (JcaPEMWriter w =
          new JcaPEMWriter(Files.newBufferedWriter(cert, StandardCharsets.UTF_8))) {
        w.writeObject(c);
      }
      Files.deleteIfExists(key);
      Files.createFile(
          key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (JcaPEMWriter w =
          new JcaPEMWriter(
              Files.newBufferedWriter(key, StandardCharsets.UTF_8, StandardOpenOption.WRITE))) {
        // PKCS#8 ("PRIVATE KEY"), which every TLS tool reads.
        w.writeObject(
            new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(pair.getPrivate(), null));
      }
      return of(pair.getPrivate(), List.of(c));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("making a self-signed certificate failed: " + e.getMessage(), e);
    }
  }

  /** The JDK's providers first; Bouncy Castle's for keys they cannot read (SEC1 EC keys). */
  private static PrivateKey privateKey(PrivateKeyInfo info) throws IOException {
    try {
      return new JcaPEMKeyConverter().getPrivateKey(info);
    } catch (IOException e) {
      return new JcaPEMKeyConverter()
          .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
          .getPrivateKey(info);
    }
  }

  private static TlsMaterial of(PrivateKey key, List<X509Certificate> chain) throws IOException {
    try {
      byte[] raw = new byte[24];
      new SecureRandom().nextBytes(raw);
      char[] password = Base64.getEncoder().encodeToString(raw).toCharArray();
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("mimamori", key, password, chain.toArray(X509Certificate[]::new));
      return new TlsMaterial(ks, password, List.copyOf(chain));
    } catch (GeneralSecurityException e) {
      throw new IOException("the key does not go with the certificate: " + e.getMessage(), e);
    }
  }
}
