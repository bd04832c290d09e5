package dev.gengap.k8scheck;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses rendered manifests into typed Kubernetes models and fails on any field the model does not
 * know. fabric8's models keep unknown fields in {@code additionalProperties} instead of failing, so
 * after parsing every object graph is walked and any additional property is an error; an object of
 * a kind this parser has no model for is an error too.
 */
public final class StrictParser {
  private static final Map<String, Class<?>> MODELS =
      Map.ofEntries(
          Map.entry("v1/Namespace", Namespace.class),
          Map.entry("v1/ConfigMap", ConfigMap.class),
          Map.entry("v1/Secret", Secret.class),
          Map.entry("v1/Service", Service.class),
          Map.entry("v1/ServiceAccount", ServiceAccount.class),
          Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
          Map.entry("apps/v1/Deployment", Deployment.class),
          Map.entry("apps/v1/StatefulSet", StatefulSet.class),
          Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
          Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
          Map.entry("scheduling.k8s.io/v1/PriorityClass", PriorityClass.class),
          Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
          Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class),
          Map.entry("keda.sh/v1alpha1/ScaledObject", KedaModel.ScaledObjectSpec.class),
          Map.entry(
              "keda.sh/v1alpha1/TriggerAuthentication", KedaModel.TriggerAuthenticationSpec.class),
          Map.entry("cert-manager.io/v1/Issuer", CertManagerModel.IssuerSpec.class),
          Map.entry("cert-manager.io/v1/Certificate", CertManagerModel.CertificateSpec.class));

  private final YAMLMapper yaml = new YAMLMapper();
  private final ObjectMapper json =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  /** Parses every document of {@code multiDocumentYaml}; throws on the first bad object. */
  public List<Manifest> parse(String multiDocumentYaml) {
    List<Manifest> manifests = new ArrayList<>();
    try (MappingIterator<JsonNode> docs =
        yaml.readerFor(JsonNode.class).readValues(multiDocumentYaml)) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc == null || doc.isNull() || doc.isMissingNode() || doc.isEmpty()) {
          continue;
        }
        manifests.add(parseOne(doc));
      }
    } catch (IOException e) {
      throw new ManifestException("not YAML: " + e.getMessage(), e);
    }
    return manifests;
  }

  private Manifest parseOne(JsonNode doc) {
    String apiVersion = doc.path("apiVersion").asText();
    String kind = doc.path("kind").asText();
    String name = doc.path("metadata").path("name").asText();
    String id = kind + "/" + name;
    Class<?> type = MODELS.get(apiVersion + "/" + kind);
    if (type == null) {
      throw new ManifestException(
          id + ": no model for " + apiVersion + " " + kind + " (add one to StrictParser)");
    }
    try {
      // CRDs without a fabric8 model: their spec is parsed by our own records.
      boolean crd = apiVersion.startsWith("keda.sh/") || apiVersion.startsWith("cert-manager.io/");
      Object model = json.treeToValue(crd ? doc.path("spec") : doc, type);
      if (crd) {
        rejectUnknownTopLevel(id, doc, List.of("apiVersion", "kind", "metadata", "spec"));
      } else {
        List<String> unknown = new ArrayList<>();
        collectUnknownFields(model, "", unknown);
        if (!unknown.isEmpty()) {
          throw new ManifestException(id + ": unknown field(s) " + String.join(", ", unknown));
        }
      }
      return new Manifest(apiVersion, kind, name, doc, model);
    } catch (IOException | IllegalArgumentException e) {
      throw new ManifestException(id + ": " + e.getMessage(), e);
    }
  }

  private static void rejectUnknownTopLevel(String id, JsonNode doc, List<String> known) {
    doc.fieldNames()
        .forEachRemaining(
            field -> {
              if (!known.contains(field)) {
                throw new ManifestException(id + ": unknown field(s) " + field);
              }
            });
  }

  /** Walks fabric8 model objects and records the path of every additional (unknown) property. */
  static void collectUnknownFields(Object node, String path, List<String> unknown) {
    if (node instanceof Map<?, ?> map) {
      map.forEach((key, value) -> collectUnknownFields(value, path + "." + key, unknown));
      return;
    }
    if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        collectUnknownFields(list.get(i), path + "[" + i + "]", unknown);
      }
      return;
    }
    if (node == null || !node.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value = invoke(getter, node);
      String field =
          Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
      if (getter.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra) {
          extra.keySet().forEach(key -> unknown.add((path + "." + key).substring(1)));
        }
      } else {
        collectUnknownFields(value, path + "." + field, unknown);
      }
    }
  }

  private static Object invoke(Method getter, Object target) {
    try {
      return getter.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + getter, e);
    }
  }
}
