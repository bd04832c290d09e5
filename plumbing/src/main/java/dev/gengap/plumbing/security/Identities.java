package dev.gengap.plumbing.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The principals a server accepts, read from a file (a Kubernetes Secret's key, or the one {@code
 * gengap local} writes). One line per principal, {@code #} starts a comment:
 *
 * <pre>
 * # principal  role       SHA-256 of its bearer token (hex), or - for a certificate-only identity
 * alice        submitter  9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
 * trainer      viewer     -
 * </pre>
 *
 * <p>Only hashes are stored, so the file does not hold the tokens. A presented token is hashed and
 * compared with every entry in constant time ({@link MessageDigest#isEqual}), never stopping at the
 * first match, so timing does not tell how much of a token was right. With mutual TLS the client
 * certificate's common name is looked up as a principal instead. The file is re-read when its
 * modification time changes, so a rotated Secret takes effect without a restart.
 */
public final class Identities {
  private static final String CERTIFICATE_ONLY = "-";

  private final Path file;
  private volatile Snapshot snapshot;

  private record Entry(String principal, Role role, Optional<byte[]> tokenHash) {}

  private record Snapshot(FileTime modified, List<Entry> entries) {}

  private Identities(Path file, Snapshot snapshot) {
    this.file = file;
    this.snapshot = snapshot;
  }

  /**
   * Reads {@code file}.
   *
   * @throws IllegalArgumentException naming the file and line when an entry is malformed
   * @throws UncheckedIOException when it cannot be read
   */
  public static Identities load(Path file) {
    return new Identities(file, read(file));
  }

  /** The SHA-256 of a token, as written in the file. */
  public static String hash(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }

  /** The caller presenting {@code token}, if any entry's hash matches. */
  public Optional<Caller> byToken(String token) {
    byte[] presented = sha256(token);
    Caller match = null;
    for (Entry entry : current().entries()) {
      // Every entry is compared, match or not: the loop's duration does not depend on the token.
      if (entry.tokenHash().isPresent()
          && MessageDigest.isEqual(presented, entry.tokenHash().get())
          && match == null) {
        match = new Caller(entry.principal(), entry.role());
      }
    }
    return Optional.ofNullable(match);
  }

  /** The caller whose verified client certificate names {@code principal}, if listed. */
  public Optional<Caller> byCertificate(String principal) {
    return current().entries().stream()
        .filter(entry -> entry.principal().equals(principal))
        .findFirst()
        .map(entry -> new Caller(entry.principal(), entry.role()));
  }

  private Snapshot current() {
    Snapshot seen = snapshot;
    try {
      if (!Files.getLastModifiedTime(file).equals(seen.modified())) {
        snapshot = seen = read(file);
      }
    } catch (IOException | RuntimeException e) {
      // A half-written or vanished file during a rotation: keep serving the last good entries.
      return seen;
    }
    return seen;
  }

  private static Snapshot read(Path file) {
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      List<Entry> entries = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        entries.add(parse(line, file + ":" + (i + 1)));
      }
      return new Snapshot(modified, List.copyOf(entries));
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("identities file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException("identities file " + file + " cannot be read", e);
    }
  }

  private static Entry parse(String line, String where) {
    String[] fields = line.split("\\s+");
    if (fields.length != 3) {
      throw new IllegalArgumentException(
          where
              + ": expected '<principal> <role> <sha256-hex or ->', found "
              + fields.length
              + " fields");
    }
    Role role;
    try {
      role = Role.valueOf(fields[1].toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          where + ": role must be viewer, submitter or admin, was " + fields[1], e);
    }
    if (fields[2].equals(CERTIFICATE_ONLY)) {
      return new Entry(fields[0], role, Optional.empty());
    }
    if (!fields[2].matches("[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException(
          where + ": token hash must be 64 hex digits (SHA-256) or -, never the token itself");
    }
    return new Entry(fields[0], role, Optional.of(HexFormat.of().parseHex(fields[2])));
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
