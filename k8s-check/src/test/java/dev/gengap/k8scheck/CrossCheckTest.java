package dev.gengap.k8scheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CrossCheckTest {
  private static final String POD =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: cache}
      spec:
        selector:
          matchLabels: {app.kubernetes.io/name: %s}
        template:
          metadata:
            labels: {app.kubernetes.io/name: cache}
          spec:
            securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
            containers:
              - name: cache
                image: r/cache:1
                ports: [{name: http, containerPort: 8080}]
                readinessProbe: {grpc: {port: %d}}
                resources: {requests: {cpu: 100m}, limits: {memory: 64Mi}}
                securityContext:
                  allowPrivilegeEscalation: false
                  readOnlyRootFilesystem: true
                  capabilities: {drop: [ALL]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: cache, labels: {app.kubernetes.io/name: cache}}
      spec:
        selector: {app.kubernetes.io/name: cache}
        ports: [{name: http, port: 8080, targetPort: %s}]
      """;

  private final StrictParser parser = new StrictParser();

  private List<String> problems(String selector, int probePort, String targetPort) {
    return CrossCheck.problems(parser.parse(POD.formatted(selector, probePort, targetPort)));
  }

  @Test
  void agreeingObjectsHaveNoProblems() {
    assertThat(problems("cache", 8080, "http")).isEmpty();
  }

  @Test
  void serviceTargetingAPortThePodLacksIsReported() {
    assertThat(problems("cache", 8080, "metrics"))
        .singleElement()
        .asString()
        .contains("Service/cache: port http targets metrics");
  }

  @Test
  void selectorThatMissesThePodLabelsIsReported() {
    assertThat(problems("kache", 8080, "http"))
        .anyMatch(p -> p.startsWith("Deployment/cache: selector"));
  }

  @Test
  void untaggedImageIsReported() {
    String untagged =
        POD.formatted("cache", 8080, "http")
            .replace("image: r/cache:1", "image: localhost:5000/cache");

    assertThat(CrossCheck.problems(parser.parse(untagged)))
        .singleElement()
        .asString()
        .contains("image localhost:5000/cache has no tag");
  }

  @Test
  void probeOnAnUnexposedPortIsReported() {
    assertThat(problems("cache", 9999, "http"))
        .singleElement()
        .asString()
        .contains("gRPC probe port 9999 is not a container port");
  }
}
