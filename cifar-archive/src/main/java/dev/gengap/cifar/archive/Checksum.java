package dev.gengap.cifar.archive;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The digest a downloaded file must have.
 *
 * @param algorithm a JDK {@link MessageDigest} name: "MD5" where only that is published (CIFAR-10,
 *     Fashion-MNIST), else "SHA-256"
 * @param hex the expected digest, lower-case hexadecimal
 */
public record Checksum(String algorithm, String hex) {
  public Checksum {
    hex = hex.toLowerCase(Locale.ROOT);
    digest(algorithm); // refuse an unknown algorithm now, not after a download
  }

  public static Checksum md5(String hex) {
    return new Checksum("MD5", hex);
  }

  public static Checksum sha256(String hex) {
    return new Checksum("SHA-256", hex);
  }

  MessageDigest newDigest() {
    return digest(algorithm);
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalArgumentException("checksum algorithm " + algorithm + " is unknown", e);
    }
  }

  @Override
  public String toString() {
    return algorithm + " " + hex;
  }
}
