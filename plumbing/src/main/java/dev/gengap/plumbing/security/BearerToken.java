package dev.gengap.plumbing.security;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import java.util.concurrent.Executor;

/**
 * Sends {@code authorization: Bearer <token>} on every call. It is sent over plaintext too: the
 * only plaintext a gengap server accepts is an explicitly chosen one, such as {@code gengap local}
 * on loopback.
 */
final class BearerToken extends CallCredentials {
  private final Metadata headers = new Metadata();

  BearerToken(String token) {
    headers.put(AuthenticationInterceptor.AUTHORIZATION, "Bearer " + token);
  }

  @Override
  public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
    Metadata copy = new Metadata();
    copy.merge(headers);
    applier.apply(copy);
  }
}
