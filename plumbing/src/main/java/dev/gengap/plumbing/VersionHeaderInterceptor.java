package dev.gengap.plumbing;

import dev.gengap.proto.BuildInfo;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/** Sends this server's gengap version in every response's headers ({@code gengap --version}). */
final class VersionHeaderInterceptor implements ServerInterceptor {
  private static final Metadata.Key<String> VERSION =
      Metadata.Key.of(BuildInfo.VERSION_HEADER, Metadata.ASCII_STRING_MARSHALLER);

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    return next.startCall(
        new SimpleForwardingServerCall<>(call) {
          @Override
          public void sendHeaders(Metadata responseHeaders) {
            responseHeaders.put(VERSION, BuildInfo.version());
            super.sendHeaders(responseHeaders);
          }
        },
        headers);
  }
}
