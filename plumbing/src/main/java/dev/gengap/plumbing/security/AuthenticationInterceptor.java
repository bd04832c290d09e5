package dev.gengap.plumbing.security;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Authenticates every call and checks its role before any service code runs: a verified client
 * certificate (mutual TLS) or an {@code authorization: Bearer <token>} header names the caller in
 * the {@link Identities}; no known caller → {@code UNAUTHENTICATED}, a role below the {@link
 * AccessPolicy}'s → {@code PERMISSION_DENIED}. The caller rides in the call's {@link Context} for
 * {@link Caller#current()}.
 */
public final class AuthenticationInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final String BEARER = "Bearer ";

  private final Identities identities;
  private final AccessPolicy policy;

  public AuthenticationInterceptor(Identities identities, AccessPolicy policy) {
    this.identities = identities;
    this.policy = policy;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    Optional<Role> required = policy.requiredRole(method);
    if (required.isEmpty()) {
      return next.startCall(call, headers);
    }
    Optional<Caller> caller =
        authenticate(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION), headers);
    if (caller.isEmpty()) {
      call.close(
          Status.UNAUTHENTICATED.withDescription(
              "no valid credentials: send 'authorization: Bearer <token>' or a client"
                  + " certificate"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    if (!caller.get().role().includes(required.get())) {
      call.close(
          Status.PERMISSION_DENIED.withDescription(
              caller.get().name()
                  + " has role "
                  + caller.get().role().name().toLowerCase()
                  + "; "
                  + method
                  + " needs "
                  + required.get().name().toLowerCase()),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    Context context = Context.current().withValue(Caller.KEY, caller.get());
    return Contexts.interceptCall(context, call, headers, next);
  }

  private Optional<Caller> authenticate(SSLSession session, Metadata headers) {
    Optional<String> certificateName = clientCertificateName(session);
    if (certificateName.isPresent()) {
      Optional<Caller> caller = identities.byCertificate(certificateName.get());
      if (caller.isPresent()) {
        return caller;
      }
    }
    String authorization = headers.get(AUTHORIZATION);
    if (authorization == null || !authorization.startsWith(BEARER)) {
      return Optional.empty();
    }
    return identities.byToken(authorization.substring(BEARER.length()).strip());
  }

  /** The CN of a client certificate the TLS handshake verified against the client CA. */
  private static Optional<String> clientCertificateName(SSLSession session) {
    if (session == null) {
      return Optional.empty();
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
        return Optional.empty();
      }
      for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return Optional.of(rdn.getValue().toString());
        }
      }
      return Optional.empty();
    } catch (SSLPeerUnverifiedException | InvalidNameException e) {
      // No client certificate (TLS without mTLS): the bearer token decides.
      return Optional.empty();
    }
  }
}
