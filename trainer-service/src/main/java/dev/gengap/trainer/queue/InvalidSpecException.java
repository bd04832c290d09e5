package dev.gengap.trainer.queue;

import dev.gengap.plumbing.InvalidArgumentException;

/**
 * A request field (a run spec field, or a request's own such as {@code request_id}) is invalid. The
 * message is {@code "<field>: <reason>"}, e.g. {@code "data.corruption_probability: must be in [0,
 * 1], was 1.5"}; the gRPC layer sends it as INVALID_ARGUMENT.
 */
public final class InvalidSpecException extends InvalidArgumentException {
  public InvalidSpecException(String field, String reason) {
    super(field, reason);
  }

  /** The same problem one level down, e.g. {@code specs[3].} + {@code data.seed}. */
  InvalidSpecException within(String prefix) {
    return new InvalidSpecException(prefix + field(), getMessage().substring(field().length() + 2));
  }
}
