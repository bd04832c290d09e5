package dev.gengap.spec;

/**
 * A request field (a run spec field, or a request's own such as {@code request_id}) is invalid. The
 * message is {@code "<field>: <reason>"}, e.g. {@code "data.corruption_probability: must be in [0,
 * 1], was 1.5"}; the gRPC layer sends it as INVALID_ARGUMENT. It is an {@link
 * IllegalArgumentException}, so code that reads a spec it expects resolved reports it like any
 * other bad argument.
 */
public final class InvalidSpecException extends IllegalArgumentException {
  private final String field;

  public InvalidSpecException(String field, String reason) {
    super(field + ": " + reason);
    this.field = field;
  }

  /** The field's path in the request, proto field names joined by dots. */
  public String field() {
    return field;
  }

  /** The same problem one level down, e.g. {@code specs[3].} + {@code data.seed}. */
  public InvalidSpecException within(String prefix) {
    return new InvalidSpecException(prefix + field, getMessage().substring(field.length() + 2));
  }
}
