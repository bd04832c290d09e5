package dev.gengap.plumbing.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentitiesTest {
  @TempDir Path dir;

  @Test
  void tokenIsMatchedByItsHashOnly() throws IOException {
    String token = TokenFiles.newToken();
    Path file = write("alice submitter " + Identities.hash(token) + "\n");

    Identities identities = Identities.load(file);

    assertThat(identities.byToken(token)).contains(new Caller("alice", Role.SUBMITTER));
    assertThat(identities.byToken(token + "x")).isEmpty();
    assertThat(identities.byToken(Identities.hash(token))).isEmpty();
    assertThat(Files.readString(file)).doesNotContain(token);
  }

  @Test
  void certificateOnlyPrincipalHasNoToken() throws IOException {
    Identities identities = Identities.load(write("trainer viewer -\n"));

    assertThat(identities.byCertificate("trainer")).contains(new Caller("trainer", Role.VIEWER));
    assertThat(identities.byToken("-")).isEmpty();
  }

  @Test
  void rotatedFileIsReadAgain() throws IOException {
    String old = TokenFiles.newToken();
    String rotated = TokenFiles.newToken();
    Path file = write("alice admin " + Identities.hash(old) + "\n");
    Identities identities = Identities.load(file);

    Files.writeString(file, "alice admin " + Identities.hash(rotated) + "\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

    assertThat(identities.byToken(old)).isEmpty();
    assertThat(identities.byToken(rotated)).isPresent();
  }

  @Test
  void plainTokenInsteadOfHashIsRefusedNamingTheLine() throws IOException {
    Path file = write("# comment\nalice admin my-secret-token\n");

    assertThatThrownBy(() -> Identities.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file + ":2")
        .hasMessageContaining("never the token itself");
  }

  @Test
  void unknownRoleIsRefused() throws IOException {
    Path file = write("alice root -\n");

    assertThatThrownBy(() -> Identities.load(file))
        .hasMessageContaining("viewer, submitter or admin");
  }

  @Test
  void privateTokenFileIsReadableByItsOwnerOnly() {
    Path file = dir.resolve("sub/token");

    TokenFiles.writePrivate(file, "secret\n");

    assertThat(TokenFiles.read(file)).isEqualTo("secret");
    assertThat(uncheckedPermissions(file))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }

  private static java.util.Set<PosixFilePermission> uncheckedPermissions(Path file) {
    try {
      return Files.getPosixFilePermissions(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Path write(String content) throws IOException {
    Path file = dir.resolve("identities");
    Files.writeString(file, content);
    return file;
  }
}
