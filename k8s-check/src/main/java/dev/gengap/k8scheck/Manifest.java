package dev.gengap.k8scheck;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One rendered object: its identity, the tree as written, and the model it parsed into (a fabric8
 * model class, or a {@link KedaModel} spec for KEDA objects).
 */
public record Manifest(String apiVersion, String kind, String name, JsonNode tree, Object model) {

  public String id() {
    return kind + "/" + name;
  }

  public <T> T as(Class<T> type) {
    return type.cast(model);
  }

  public boolean is(Class<?> type) {
    return type.isInstance(model);
  }
}
