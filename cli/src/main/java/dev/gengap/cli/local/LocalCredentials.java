package dev.gengap.cli.local;

import dev.gengap.plumbing.security.ClientSecurity;
import dev.gengap.plumbing.security.Identities;
import dev.gengap.plumbing.security.TokenFiles;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The tokens of a local stack, created on its first start and kept readable by their owner only:
 * the user's (admin, in {@code userTokenFile}, where the CLI looks by default), and one viewer
 * identity each for the trainers and the evaluator towards the dataset-service. The servers get
 * only the hashes, in {@link #identities()}.
 *
 * @param userToken the user's bearer token
 * @param userTokenFile where it is kept
 * @param identities the hashed identities file every service loads
 * @param trainerToken the trainers' token file
 * @param evaluatorToken the evaluator's token file
 */
record LocalCredentials(
    String userToken, Path userTokenFile, Path identities, Path trainerToken, Path evaluatorToken) {
  static final String USER = "local";

  /**
   * Reads the tokens under {@code stateDir/credentials} and {@code userTokenFile}, or makes them.
   */
  static LocalCredentials prepare(Path stateDir, Path userTokenFile) {
    Path dir = stateDir.resolve("credentials").toAbsolutePath();
    String user = readOrCreate(userTokenFile);
    Path trainer = dir.resolve("trainer.token");
    Path evaluator = dir.resolve("evaluator.token");
    String trainerToken = readOrCreate(trainer);
    String evaluatorToken = readOrCreate(evaluator);
    Path identities = dir.resolve("identities");
    TokenFiles.writePrivate(
        identities,
        "# written by gengap local on every start: principal, role, SHA-256 of its token\n"
            + USER
            + " admin "
            + Identities.hash(user)
            + "\ntrainer viewer "
            + Identities.hash(trainerToken)
            + "\nevaluator viewer "
            + Identities.hash(evaluatorToken)
            + "\n");
    return new LocalCredentials(user, userTokenFile, identities, trainer, evaluator);
  }

  /** How the CLI itself calls this stack: plaintext on loopback, with the user's token. */
  ClientSecurity userSecurity() {
    return ClientSecurity.plaintext().withToken(userToken);
  }

  private static String readOrCreate(Path file) {
    if (Files.isRegularFile(file)) {
      return TokenFiles.read(file);
    }
    String token = TokenFiles.newToken();
    TokenFiles.writePrivate(file, token + "\n");
    return token;
  }
}
