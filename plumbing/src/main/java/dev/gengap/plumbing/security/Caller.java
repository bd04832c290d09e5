package dev.gengap.plumbing.security;

import io.grpc.Context;
import java.util.Objects;

/**
 * Who made the current call: the principal named in the identities file, and its role. The
 * authentication interceptor puts it in the gRPC {@link Context}; services read it with {@link
 * #current()}.
 */
public record Caller(String name, Role role) {
  static final Context.Key<Caller> KEY = Context.key("gengap-caller");

  /** The caller of a server that runs without authentication (explicitly chosen, logged loudly). */
  public static final Caller UNAUTHENTICATED_ADMIN = new Caller("anonymous", Role.ADMIN);

  public Caller {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
  }

  /**
   * The caller of the call this thread serves; {@link #UNAUTHENTICATED_ADMIN} on a server without
   * authentication.
   */
  public static Caller current() {
    Caller caller = KEY.get();
    return caller == null ? UNAUTHENTICATED_ADMIN : caller;
  }

  /** True when this caller may act on something owned by {@code owner} (its own, or as admin). */
  public boolean mayActFor(String owner) {
    return role == Role.ADMIN || name.equals(owner);
  }
}
