package dev.gengap.plumbing.security;

import io.grpc.MethodDescriptor;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The role each RPC needs. Health and reflection are open to anyone (probes, grpcurl); a method no
 * policy names needs {@link Role#ADMIN}, so a new RPC is closed until someone decides who may call
 * it.
 */
public final class AccessPolicy {
  private static final Set<String> OPEN_SERVICES =
      Set.of(
          "grpc.health.v1.Health",
          "grpc.reflection.v1.ServerReflection",
          "grpc.reflection.v1alpha.ServerReflection");

  private final Map<String, Role> required;

  private AccessPolicy(Map<String, Role> required) {
    this.required = Map.copyOf(required);
  }

  /** A policy from each method to the least role that may call it. */
  public static AccessPolicy of(Map<MethodDescriptor<?, ?>, Role> methods) {
    Map<String, Role> byName = new HashMap<>();
    methods.forEach((method, role) -> byName.put(method.getFullMethodName(), role));
    return new AccessPolicy(byName);
  }

  /** The policies of several services served together. */
  public AccessPolicy and(AccessPolicy other) {
    Map<String, Role> merged = new HashMap<>(required);
    merged.putAll(other.required);
    return new AccessPolicy(merged);
  }

  /** The role {@code fullMethodName} needs; empty when it is open to unauthenticated callers. */
  Optional<Role> requiredRole(String fullMethodName) {
    String service = MethodDescriptor.extractFullServiceName(fullMethodName);
    if (OPEN_SERVICES.contains(service)) {
      return Optional.empty();
    }
    return Optional.of(required.getOrDefault(fullMethodName, Role.ADMIN));
  }
}
