package dev.gengap.plumbing.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** Bearer tokens in files: new random ones, written readable by their owner only, and read back. */
public final class TokenFiles {
  private static final SecureRandom RANDOM = new SecureRandom();

  private TokenFiles() {}

  /** A new token: 256 random bits, URL-safe Base64, prefixed so it is recognisable in a leak. */
  public static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return "gengap_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The token in {@code file}, surrounding whitespace removed. */
  public static String read(Path file) {
    try {
      String token = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (token.isEmpty()) {
        throw new IllegalArgumentException(file + ": empty token file");
      }
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read token file " + file, e);
    }
  }

  /**
   * Writes {@code content} to {@code file} with permissions rw------- from the start (the file is
   * created with them, never readable by others in between), replacing an existing file.
   */
  public static void writePrivate(Path file, String content) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
