package dev.gengap.k8scheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gengap.dataset.DatasetServer;
import dev.gengap.evaluator.EvaluatorServer;
import dev.gengap.trainer.TrainerServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Renders every overlay, and the overlays with each optional component, with kubectl kustomize;
 * parses every object strictly and cross-checks them.
 */
class OverlaysIT {
  private static final Path K8S = DashboardsTest.K8S.toAbsolutePath().normalize();
  private static final Path WORK =
      Path.of(System.getProperty("gengap.workDir", "target/k8s-check")).toAbsolutePath();
  private static final Kustomize KUSTOMIZE =
      new Kustomize(System.getProperty("gengap.kubectl", "kubectl"));

  private static final java.util.Set<String> CLUSTER_SCOPED =
      java.util.Set.of("Namespace", "PriorityClass");

  /** Each deployable variant: an overlay plus the optional components it is checked with. */
  static Stream<Arguments> variants() {
    return Stream.of(
        Arguments.of("gpu", List.of()),
        Arguments.of("cpu", List.of()),
        Arguments.of("gpu", List.of("managed-postgres")),
        Arguments.of("gpu", List.of("cert-manager")),
        Arguments.of("cpu", List.of("cert-manager", "keda")),
        Arguments.of("cpu", List.of("keda")));
  }

  @ParameterizedTest(name = "{0} + {1}")
  @MethodSource("variants")
  void everyVariantRendersParsesStrictlyAndAgrees(String overlay, List<String> components)
      throws IOException {
    List<Manifest> manifests = render(overlay, components);

    assertThat(manifests).isNotEmpty();
    assertThat(CrossCheck.problems(manifests)).isEmpty();
    assertThat(manifests)
        .filteredOn(m -> !CLUSTER_SCOPED.contains(m.kind()))
        .allSatisfy(
            m ->
                assertThat(m.tree().path("metadata").path("namespace").asText())
                    .as(m.id())
                    .isEqualTo("gengap"));
  }

  /**
   * Every flag a gengap container passes is one its service's main takes: the args are parsed by
   * the same picocli command the image runs (a missing required option is the environment's job).
   */
  @ParameterizedTest(name = "{0} + {1}")
  @MethodSource("variants")
  void everyGengapContainerPassesOnlyFlagsItsServiceTakes(String overlay, List<String> components)
      throws IOException {
    List<String> refused = new ArrayList<>();
    for (Manifest m : render(overlay, components)) {
      if (!(m.model() instanceof Deployment d)) {
        continue;
      }
      PodSpec pod = d.getSpec().getTemplate().getSpec();
      List<Container> containers = new ArrayList<>(pod.getContainers());
      containers.addAll(CrossCheck.orEmpty(pod.getInitContainers()));
      for (Container c : containers) {
        Optional<CommandLine> main = serviceMain(c.getImage());
        if (main.isEmpty()) {
          continue;
        }
        try {
          main.get().parseArgs(CrossCheck.orEmpty(c.getArgs()).toArray(String[]::new));
        } catch (CommandLine.MissingParameterException e) {
          // Set through the environment in the cluster.
        } catch (CommandLine.ParameterException e) {
          refused.add(m.id() + " container " + c.getName() + ": " + e.getMessage());
        }
      }
    }
    assertThat(refused).isEmpty();
  }

  /** The command a gengap image runs, by its image name; empty for other images. */
  private static Optional<CommandLine> serviceMain(String image) {
    if (image.contains("dataset-service")) {
      return Optional.of(new CommandLine(new DatasetServer()));
    } else if (image.contains("trainer-service")) {
      return Optional.of(new CommandLine(new TrainerServer()));
    } else if (image.contains("evaluator-service")) {
      return Optional.of(new CommandLine(new EvaluatorServer()));
    }
    return Optional.empty();
  }

  /** Secrets are never committed: make the throw-away ones kustomize needs to render. */
  @BeforeAll
  static void makeSecrets() throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(K8S.resolve("make-secrets.sh").toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(process.waitFor()).as("k8s/make-secrets.sh").isZero();
  }

  @Test
  void noPasswordOrTokenIsCommitted() throws IOException {
    try (Stream<Path> files = Files.walk(K8S)) {
      List<Path> offending =
          files
              .filter(Files::isRegularFile)
              .filter(f -> !f.startsWith(K8S.resolve("base/secrets")))
              .filter(f -> holdsASecret(f))
              .toList();
      assertThat(offending).isEmpty();
    }
  }

  @Test
  void servicesAuthenticateAndSpeakPlaintextOnlyWhenChosen() throws IOException {
    List<Manifest> plain = render("gpu", List.of());
    List<Manifest> tls = render("gpu", List.of("cert-manager"));

    assertThat(configMap(plain, "gengap-config").getData())
        .containsEntry("GENGAP_PLAINTEXT", "true")
        .containsKey("GENGAP_IDENTITIES_FILE");
    assertThat(configMap(tls, "gengap-config").getData())
        .containsEntry("GENGAP_PLAINTEXT", "false")
        .containsEntry("GENGAP_TLS_CERT", "/etc/gengap/tls/tls.crt")
        .containsEntry("GENGAP_TLS_KEY", "/etc/gengap/tls/tls.key");
    for (String service : List.of("dataset", "trainer", "evaluator")) {
      Container c =
          deployment(tls, service).getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(c.getVolumeMounts())
          .extracting(m -> m.getMountPath())
          .contains("/etc/gengap/tls", "/etc/gengap/identities");
      assertThat(c.getReadinessProbe().getGrpc()).as(service).isNull();
      assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    }
    Container trainer =
        deployment(plain, "trainer").getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(env(trainer)).containsEntry("GENGAP_TOKEN_FILE", "/etc/gengap/token/token");
  }

  /** The old default password, or a password given as a literal value. */
  private static boolean holdsASecret(Path file) {
    try {
      return COMMITTED_SECRET.matcher(Files.readString(file)).find();
    } catch (IOException e) {
      return false; // not text
    }
  }

  private static final java.util.regex.Pattern COMMITTED_SECRET =
      java.util.regex.Pattern.compile("gengap-change-me|password(=|:\\s*)[A-Za-z0-9]");

  private static ConfigMap configMap(List<Manifest> manifests, String name) {
    return manifests.stream()
        .filter(m -> m.kind().equals("ConfigMap") && m.name().startsWith(name))
        .map(m -> m.as(ConfigMap.class))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void gpuOverlayScalesTrainersWithTheQueueDownToZero() throws IOException {
    List<Manifest> manifests = render("gpu", List.of());
    KedaModel.ScaledObjectSpec scaler =
        manifests.stream()
            .filter(m -> m.id().equals("ScaledObject/trainer"))
            .map(m -> (KedaModel.ScaledObjectSpec) m.model())
            .findFirst()
            .orElseThrow();
    Deployment trainer = deployment(manifests, "trainer");

    assertThat(scaler.scaleTargetRef().name()).isEqualTo("trainer");
    assertThat(scaler.minReplicaCount()).isZero();
    assertThat(scaler.maxReplicaCount()).isPositive();
    // GPUs are released within minutes of the queue draining
    assertThat(scaler.cooldownPeriod()).isLessThanOrEqualTo(600);
    assertThat(scaler.triggers())
        .singleElement()
        .satisfies(
            t -> assertThat(t.metadata().get("query")).contains("'QUEUED'").contains("'RUNNING'"));
    // the ScaledObject, not the Deployment, owns the count
    assertThat(trainer.getSpec().getReplicas()).isNull();
    assertThat(trainer.getSpec().getTemplate().getSpec().getPriorityClassName())
        .isEqualTo("gengap-trainer");
    assertThat(trainer.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .isGreaterThanOrEqualTo(60);
    assertThat(manifests).anyMatch(m -> m.id().equals("PodDisruptionBudget/trainer"));
  }

  @Test
  void imagesCanBePinnedByDigest() throws IOException {
    Path dir = WORK.resolve("variants").resolve("gpu-by-digest");
    Files.createDirectories(dir);
    String digest = "sha256:" + "ab".repeat(32);
    Files.writeString(
        dir.resolve("kustomization.yaml"),
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - "
            + dir.relativize(K8S.resolve("overlays/gpu"))
            + "\nimages:\n  - name: registry.example.com/gengap/trainer-service\n    digest: "
            + digest
            + "\n");
    List<Manifest> manifests = new StrictParser().parse(KUSTOMIZE.render(dir));
    Container c =
        deployment(manifests, "trainer").getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(c.getImage()).isEqualTo("registry.example.com/gengap/trainer-service@" + digest);
    assertThat(CrossCheck.problems(manifests)).isEmpty();
  }

  @Test
  void gpuOverlayPutsTrainersOnGpusWithThePyTorchEngine() throws IOException {
    Deployment trainer = deployment(render("gpu", List.of()), "trainer");
    Container c = trainer.getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(c.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(c.getResources().getRequests()).containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(trainer.getSpec().getTemplate().getSpec().getTolerations())
        .anySatisfy(
            t -> {
              assertThat(t.getKey()).isEqualTo("nvidia.com/gpu");
              assertThat(t.getEffect()).isEqualTo("NoSchedule");
            });
    assertThat(trainer.getSpec().getTemplate().getSpec().getNodeSelector()).isNotEmpty();
    assertThat(env(c))
        .containsEntry("GENGAP_ENGINE", "pytorch")
        .containsEntry("GENGAP_DEVICE", "gpu")
        .containsEntry("GENGAP_TF32", "off")
        .containsEntry("NVIDIA_TF32_OVERRIDE", "0");
    assertThat(c.getImage()).endsWith("-cu128");
  }

  @Test
  void cpuOverlayRequestsNoGpu() throws IOException {
    List<Manifest> manifests = render("cpu", List.of());
    Container c =
        deployment(manifests, "trainer").getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(c.getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");
    assertThat(env(c))
        .containsEntry("GENGAP_DEVICE", "cpu")
        .containsEntry("GENGAP_ENGINE", "pytorch");
    assertThat(manifests).noneMatch(m -> m.kind().equals("ServiceMonitor"));
  }

  @Test
  void managedPostgresDropsTheStatefulSetAndRepointsJdbc() throws IOException {
    List<Manifest> manifests = render("gpu", List.of("managed-postgres"));

    assertThat(manifests).noneMatch(m -> m.is(StatefulSet.class));
    assertThat(manifests).noneMatch(m -> m.id().equals("Service/postgres"));
    ConfigMap config =
        manifests.stream()
            .filter(m -> m.is(ConfigMap.class) && m.name().startsWith("gengap-config"))
            .map(m -> m.as(ConfigMap.class))
            .findFirst()
            .orElseThrow();
    assertThat(config.getData().get("GENGAP_JDBC_URL")).doesNotContain("//postgres:");
  }

  @Test
  void dashboardsShipAsLabelledConfigMapsIdenticalToTheJsonFiles() throws IOException {
    ConfigMap boards =
        render("gpu", List.of()).stream()
            .filter(m -> m.id().equals("ConfigMap/gengap-dashboards"))
            .map(m -> m.as(ConfigMap.class))
            .findFirst()
            .orElseThrow();
    ObjectMapper json = new ObjectMapper();

    assertThat(boards.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    try (Stream<Path> files = Files.list(K8S.resolve("observability/dashboards"))) {
      for (Path file : files.toList()) {
        assertThat(json.readTree(boards.getData().get(file.getFileName().toString())))
            .isEqualTo(json.readTree(file.toFile()));
      }
    }
  }

  @Test
  void renderedPrometheusRuleHasEveryAlert() throws IOException {
    PrometheusRule rule =
        render("gpu", List.of()).stream()
            .filter(m -> m.is(PrometheusRule.class))
            .map(m -> m.as(PrometheusRule.class))
            .findFirst()
            .orElseThrow();

    assertThat(rule.getSpec().getGroups())
        .flatMap(g -> g.getRules())
        .extracting(r -> r.getAlert())
        .contains(
            "GengapTrainerNoProgress",
            "GengapRunFailureRate",
            "GengapDatasetStreamErrors",
            "GengapTrainerDown");
  }

  private static List<Manifest> render(String overlay, List<String> components) throws IOException {
    Path dir = K8S.resolve("overlays").resolve(overlay);
    if (!components.isEmpty()) {
      // kustomize takes no absolute paths: a variant is a kustomization beside the build output
      dir = WORK.resolve("variants").resolve(overlay + "+" + String.join("+", components));
      Files.createDirectories(dir);
      Path from = dir;
      String body =
          "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: gengap\n"
              + "resources:\n  - "
              + from.relativize(K8S.resolve("overlays").resolve(overlay))
              + "\ncomponents:\n"
              + components.stream()
                  .map(c -> "  - " + from.relativize(K8S.resolve("components").resolve(c)))
                  .collect(Collectors.joining("\n"))
              + "\n";
      Files.writeString(dir.resolve("kustomization.yaml"), body);
    }
    return new StrictParser().parse(KUSTOMIZE.render(dir));
  }

  private static Deployment deployment(List<Manifest> manifests, String name) {
    return manifests.stream()
        .filter(m -> m.id().equals("Deployment/" + name))
        .map(m -> m.as(Deployment.class))
        .findFirst()
        .orElseThrow();
  }

  private static Map<String, String> env(Container c) {
    return c.getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }
}
