package dev.gengap.plumbing;

/**
 * A request or spec value is out of range. Maps to {@code INVALID_ARGUMENT} with the description
 * {@code "<field>: <reason>"}, e.g. {@code "data.corruption_probability: must be in [0, 1], was
 * 1.5"}.
 */
public class InvalidArgumentException extends RuntimeException {
  private final String field;

  public InvalidArgumentException(String field, String reason) {
    super(field + ": " + reason);
    this.field = field;
  }

  /** The offending field, in proto (snake_case, dotted) or flag notation. */
  public String field() {
    return field;
  }
}
