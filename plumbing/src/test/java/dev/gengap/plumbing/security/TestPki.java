package dev.gengap.plumbing.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObjectGenerator;

/**
 * A throw-away certificate authority for TLS tests: issues server certificates for localhost and
 * client certificates whose CN is a principal, all written as PEM files into a directory.
 */
public final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private final Path directory;
  private final KeyPair caKeys;
  private final X509Certificate caCertificate;
  private final Path caFile;

  private TestPki(Path directory, KeyPair caKeys, X509Certificate caCertificate, Path caFile) {
    this.directory = directory;
    this.caKeys = caKeys;
    this.caCertificate = caCertificate;
    this.caFile = caFile;
  }

  /** A new CA named {@code name}, its certificate written to {@code directory/<name>-ca.pem}. */
  public static TestPki create(Path directory, String name) {
    KeyPair keys = newKeys();
    X500Name subject = new X500Name("CN=" + name + " test CA");
    X509Certificate certificate;
    try {
      certificate =
          sign(
              builder(subject, subject, keys)
                  .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                  .addExtension(
                      Extension.keyUsage,
                      true,
                      new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)),
              keys);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path caFile = directory.resolve(name + "-ca.pem");
    writePem(caFile, certificate);
    return new TestPki(directory, keys, certificate, caFile);
  }

  /** The CA certificate (PEM): what clients trust and servers require of client certificates. */
  public Path caCertificate() {
    return caFile;
  }

  /** A certificate for a server on localhost / 127.0.0.1. */
  public KeyPairFiles server(String name) {
    return issue(name, new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth});
  }

  /** A client certificate whose CN is {@code principal}. */
  public KeyPairFiles client(String principal) {
    return issue(principal, new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth});
  }

  private KeyPairFiles issue(String commonName, KeyPurposeId[] purposes) {
    KeyPair keys = newKeys();
    try {
      GeneralNames names =
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(
                    GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress())
              });
      X509Certificate certificate =
          sign(
              builder(
                      new X500Name(caCertificate.getSubjectX500Principal().getName()),
                      new X500Name("CN=" + commonName),
                      keys)
                  .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                  .addExtension(
                      Extension.keyUsage,
                      true,
                      new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                  .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
                  .addExtension(Extension.subjectAlternativeName, false, names),
              caKeys);
      Path certificateFile = directory.resolve(commonName + ".pem");
      Path keyFile = directory.resolve(commonName + "-key.pem");
      writePem(certificateFile, certificate);
      writePem(keyFile, new JcaPKCS8Generator(keys.getPrivate(), null));
      return new KeyPairFiles(certificateFile, keyFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(Duration.ofMinutes(5))),
        Date.from(now.plus(Duration.ofDays(1))),
        subject,
        keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKeys) {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot sign a test certificate", e);
    }
  }

  private static KeyPair newKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(256);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has EC P-256", e);
    }
  }

  private static void writePem(Path file, Object object) {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
        JcaPEMWriter pem = new JcaPEMWriter(out)) {
      if (object instanceof PemObjectGenerator generator) {
        pem.writeObject(generator);
      } else {
        pem.writeObject(object);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
