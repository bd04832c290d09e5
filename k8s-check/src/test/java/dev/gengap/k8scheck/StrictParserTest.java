package dev.gengap.k8scheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrictParserTest {
  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: trainer
      spec:
        selector:
          matchLabels: {app: trainer}
        template:
          metadata:
            labels: {app: trainer}
          spec:
            containers:
              - name: trainer
                image: r/trainer-service:1
                %s
      """;

  private final StrictParser parser = new StrictParser();

  @Test
  void parsesKnownFieldsIntoTypedModels() {
    List<Manifest> manifests =
        parser.parse(DEPLOYMENT.formatted("imagePullPolicy: IfNotPresent") + "---\n" + namespace());

    assertThat(manifests)
        .extracting(Manifest::id)
        .containsExactly("Deployment/trainer", "Namespace/gengap");
    assertThat(
            manifests.get(0).as(Deployment.class).getSpec().getTemplate().getSpec().getContainers())
        .singleElement()
        .satisfies(c -> assertThat(c.getImagePullPolicy()).isEqualTo("IfNotPresent"));
  }

  @Test
  void rejectsMisspeltFieldNamingItsPath() {
    assertThatThrownBy(() -> parser.parse(DEPLOYMENT.formatted("imagePullPolcy: IfNotPresent")))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("Deployment/trainer")
        .hasMessageContaining("spec.template.spec.containers[0].imagePullPolcy");
  }

  @Test
  void rejectsProbeFieldOfTheWrongKind() {
    String grpcProbeWithPath = "readinessProbe: {grpc: {port: 50052, path: /healthz}}";

    assertThatThrownBy(() -> parser.parse(DEPLOYMENT.formatted(grpcProbeWithPath)))
        .hasMessageContaining("readinessProbe.grpc.path");
  }

  @Test
  void rejectsKindsWithoutModel() {
    String cronJob = "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: x}\n";

    assertThatThrownBy(() -> parser.parse(cronJob))
        .hasMessageContaining("no model for batch/v1 CronJob");
  }

  @Test
  void rejectsMisspeltKedaField() {
    String scaledObject =
        """
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata: {name: trainer}
        spec:
          scaleTargetRef: {name: trainer}
          maxReplicas: 4
          triggers: []
        """;

    assertThatThrownBy(() -> parser.parse(scaledObject))
        .hasMessageContaining("ScaledObject/trainer")
        .hasMessageContaining("maxReplicas");
  }

  private static String namespace() {
    return "apiVersion: v1\nkind: Namespace\nmetadata: {name: gengap}\n";
  }
}
