package dev.gengap.k8scheck;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The parts of KEDA's CRDs (keda.sh/v1alpha1) that gengap uses, for strict parsing: fabric8 has no
 * KEDA model, and a misspelt field here would silently disable autoscaling.
 */
final class KedaModel {
  private KedaModel() {}

  record ScaledObjectSpec(
      ScaleTargetRef scaleTargetRef,
      Integer minReplicaCount,
      Integer maxReplicaCount,
      Integer idleReplicaCount,
      Integer pollingInterval,
      Integer cooldownPeriod,
      JsonNode advanced,
      JsonNode fallback,
      List<Trigger> triggers) {}

  record ScaleTargetRef(
      String name, String kind, String apiVersion, String envSourceContainerName) {}

  record Trigger(
      String type,
      String name,
      String metricType,
      Boolean useCachedMetrics,
      AuthenticationRef authenticationRef,
      Map<String, String> metadata) {}

  record AuthenticationRef(String name, String kind) {}

  record TriggerAuthenticationSpec(List<SecretTargetRef> secretTargetRef, JsonNode env) {}

  record SecretTargetRef(String parameter, String name, String key) {}
}
