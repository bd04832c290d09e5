package dev.gengap.dataset.testdata;

import dev.gengap.proto.v1.DatasetServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.MethodDescriptor;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the StreamEpoch calls a client makes on a real channel to the dataset-service. */
public final class StreamCalls implements ClientInterceptor {
  private final AtomicInteger calls = new AtomicInteger();

  /** {@code channel} with every call counted here. */
  public Channel on(Channel channel) {
    return ClientInterceptors.intercept(channel, this);
  }

  public int count() {
    return calls.get();
  }

  @Override
  public <Q, A> ClientCall<Q, A> interceptCall(
      MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
    if (method
        .getFullMethodName()
        .equals(DatasetServiceGrpc.getStreamEpochMethod().getFullMethodName())) {
      calls.incrementAndGet();
    }
    return next.newCall(method, options);
  }
}
