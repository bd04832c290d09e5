package dev.gengap.k8scheck;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks that the objects of one rendered overlay agree with each other: selectors, Service target
 * ports, probes, the services' port variables, images, references to ConfigMaps, Secrets and
 * volumes, ServiceMonitors, NetworkPolicies, KEDA targets, and the security baseline.
 */
public final class CrossCheck {
  /** The gengap services, their ports and images (HELPER_BRIEF: fixed for everyone). */
  enum GengapService {
    DATASET("dataset", "dataset-service", 50051, 9091),
    TRAINER("trainer", "trainer-service", 50052, 9092),
    EVALUATOR("evaluator", "evaluator-service", 50053, 9093);

    final String workload;
    final String image;
    final int grpcPort;
    final int adminPort;

    GengapService(String workload, String image, int grpcPort, int adminPort) {
      this.workload = workload;
      this.image = image;
      this.grpcPort = grpcPort;
      this.adminPort = adminPort;
    }
  }

  /** A Deployment or StatefulSet, reduced to what the checks need. */
  record Workload(String id, String name, LabelSelector selector, PodTemplateSpec template) {
    PodSpec pod() {
      return template.getSpec();
    }

    Map<String, String> labels() {
      return orEmpty(template.getMetadata().getLabels());
    }

    List<Container> allContainers() {
      List<Container> all = new ArrayList<>(pod().getContainers());
      all.addAll(orEmpty(pod().getInitContainers()));
      return all;
    }
  }

  /** Label that admits a pod to the trainer and evaluator APIs (k8s/base/network-policies.yaml). */
  static final String CLIENT_LABEL = "gengap.dev/client";

  private final List<Manifest> manifests;
  private final List<Workload> workloads;
  private final List<String> problems = new ArrayList<>();

  private CrossCheck(List<Manifest> manifests) {
    this.manifests = manifests;
    this.workloads = workloadsOf(manifests);
  }

  /** Returns every disagreement found, one readable line each; empty when all agree. */
  public static List<String> problems(List<Manifest> manifests) {
    CrossCheck check = new CrossCheck(manifests);
    check.run();
    return List.copyOf(check.problems);
  }

  private void run() {
    workloads.forEach(this::checkWorkload);
    of(Service.class).forEach(this::checkService);
    of(ServiceMonitor.class).forEach(this::checkServiceMonitor);
    of(NetworkPolicy.class).forEach(this::checkNetworkPolicy);
    of(PodDisruptionBudget.class).forEach(this::checkDisruptionBudget);
    checkImages();
    checkKeda();
  }

  private void checkWorkload(Workload w) {
    Map<String, String> wanted = orEmpty(w.selector().getMatchLabels());
    if (wanted.isEmpty() || !w.labels().entrySet().containsAll(wanted.entrySet())) {
      problems.add(
          w.id() + ": selector " + wanted + " does not match its pod labels " + w.labels());
    }
    problems.addAll(PodBaseline.problems(w));
    String priorityClass = w.pod().getPriorityClassName();
    if (priorityClass != null && find(PriorityClass.class, priorityClass).isEmpty()) {
      problems.add(w.id() + ": priorityClassName " + priorityClass + " is not defined");
    }
    for (Container c : w.allContainers()) {
      String where = w.id() + " container " + c.getName();
      Probe[] probes = {c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe()};
      for (Probe probe : probes) {
        if (probe != null) {
          checkProbe(where, c, probe);
        }
      }
      checkReferences(where, c, w);
    }
    for (GengapService s : GengapService.values()) {
      if (s.workload.equals(w.name())) {
        checkGengapWorkload(w, s);
      }
    }
  }

  /** A native gRPC probe, or an HTTP probe of {@code path} on the admin port. */
  private static boolean probes(io.fabric8.kubernetes.api.model.Probe probe, String path) {
    if (probe == null) {
      return false;
    }
    if (probe.getGrpc() != null) {
      return true;
    }
    return probe.getHttpGet() != null
        && path.equals(probe.getHttpGet().getPath())
        && "admin".equals(probe.getHttpGet().getPort().getStrVal());
  }

  private void checkGengapWorkload(Workload w, GengapService s) {
    Container main = w.pod().getContainers().get(0);
    Set<Integer> ports = portNumbers(main);
    if (!ports.equals(Set.of(s.grpcPort, s.adminPort))) {
      problems.add(
          w.id()
              + ": container ports "
              + ports
              + ", expected "
              + s.grpcPort
              + " and "
              + s.adminPort);
    }
    expectEnv(w, main, "GENGAP_GRPC_PORT", String.valueOf(s.grpcPort));
    expectEnv(w, main, "GENGAP_ADMIN_PORT", String.valueOf(s.adminPort));
    if (!probes(main.getReadinessProbe(), "/readyz")
        || !probes(main.getLivenessProbe(), "/healthz")) {
      problems.add(
          w.id()
              + ": needs readiness and liveness probes: native gRPC, or (with TLS, which kubelet's"
              + " gRPC probe cannot speak) the admin port's /readyz and /healthz");
    }
    Map<String, String> annotations = orEmpty(w.template().getMetadata().getAnnotations());
    if (!"true".equals(annotations.get("prometheus.io/scrape"))
        || !String.valueOf(s.adminPort).equals(annotations.get("prometheus.io/port"))
        || !"/metrics".equals(annotations.get("prometheus.io/path"))) {
      problems.add(w.id() + ": prometheus.io annotations must point at /metrics on " + s.adminPort);
    }
    for (Container c : w.allContainers()) {
      // registry/name:tag, registry/name@sha256:digest (pinned), or the bare name (base)
      if (!c.getImage().matches("(.*/)?" + s.image + "([:@].*)?")) {
        problems.add(
            w.id()
                + " container "
                + c.getName()
                + ": image "
                + c.getImage()
                + " is not "
                + s.image);
      }
    }
  }

  private void expectEnv(Workload w, Container c, String name, String value) {
    String actual =
        orEmpty(c.getEnv()).stream()
            .filter(e -> e.getName().equals(name))
            .map(EnvVar::getValue)
            .findFirst()
            .orElse(null);
    if (!value.equals(actual)) {
      problems.add(w.id() + ": " + name + " is " + actual + ", expected " + value);
    }
  }

  private void checkProbe(String where, Container c, Probe probe) {
    if (probe.getGrpc() != null && !portNumbers(c).contains(probe.getGrpc().getPort())) {
      problems.add(
          where + ": gRPC probe port " + probe.getGrpc().getPort() + " is not a container port");
    }
    if (probe.getHttpGet() != null && !portExists(c, probe.getHttpGet().getPort())) {
      problems.add(
          where + ": HTTP probe port " + probe.getHttpGet().getPort() + " is not a container port");
    }
    if (probe.getTcpSocket() != null && !portExists(c, probe.getTcpSocket().getPort())) {
      problems.add(
          where
              + ": TCP probe port "
              + probe.getTcpSocket().getPort()
              + " is not a container port");
    }
  }

  private void checkReferences(String where, Container c, Workload w) {
    orEmpty(c.getEnvFrom()).stream()
        .filter(e -> e.getConfigMapRef() != null)
        .forEach(e -> expectObject(where, ConfigMap.class, e.getConfigMapRef().getName()));
    for (EnvVar e : orEmpty(c.getEnv())) {
      if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
        String secret = e.getValueFrom().getSecretKeyRef().getName();
        String key = e.getValueFrom().getSecretKeyRef().getKey();
        find(Secret.class, secret)
            .ifPresentOrElse(
                s -> {
                  if (!dataKeys(s).contains(key)) {
                    problems.add(where + ": Secret " + secret + " has no key " + key);
                  }
                },
                () -> problems.add(where + ": no Secret " + secret));
      }
    }
    Set<String> volumes =
        orEmpty(w.pod().getVolumes()).stream().map(v -> v.getName()).collect(Collectors.toSet());
    for (var mount : orEmpty(c.getVolumeMounts())) {
      if (!volumes.contains(mount.getName()) && !claimTemplates(w).contains(mount.getName())) {
        problems.add(where + ": volume mount " + mount.getName() + " has no volume");
      }
    }
    for (var volume : orEmpty(w.pod().getVolumes())) {
      if (volume.getPersistentVolumeClaim() != null) {
        expectObject(
            w.id(),
            io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class,
            volume.getPersistentVolumeClaim().getClaimName());
      }
    }
  }

  private Set<String> claimTemplates(Workload w) {
    return manifests.stream()
        .filter(m -> m.is(StatefulSet.class) && m.name().equals(w.name()))
        .flatMap(m -> m.as(StatefulSet.class).getSpec().getVolumeClaimTemplates().stream())
        .map(pvc -> pvc.getMetadata().getName())
        .collect(Collectors.toSet());
  }

  private void checkService(Manifest m) {
    Service service = m.as(Service.class);
    Map<String, String> selector = service.getSpec().getSelector();
    List<Workload> targets = selected(selector);
    if (targets.size() != 1) {
      problems.add(
          m.id()
              + ": selector "
              + selector
              + " matches "
              + targets.size()
              + " workloads, expected 1");
      return;
    }
    Container main = targets.get(0).pod().getContainers().get(0);
    for (ServicePort port : service.getSpec().getPorts()) {
      IntOrString target =
          port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
      if (!portExists(main, target)) {
        problems.add(
            m.id()
                + ": port "
                + port.getName()
                + " targets "
                + value(target)
                + ", which "
                + targets.get(0).id()
                + " does not expose");
      }
      // Clients dial the Service port; keep it equal to the container port so that the
      // fixed port numbers mean the same thing inside and outside the pod.
      main.getPorts().stream()
          .filter(p -> p.getName() != null && p.getName().equals(target.getStrVal()))
          .filter(p -> !p.getContainerPort().equals(port.getPort()))
          .forEach(
              p ->
                  problems.add(
                      m.id()
                          + ": port "
                          + port.getName()
                          + " is "
                          + port.getPort()
                          + " but the container port it targets is "
                          + p.getContainerPort()));
    }
  }

  private void checkServiceMonitor(Manifest m) {
    ServiceMonitor monitor = m.as(ServiceMonitor.class);
    List<Service> services =
        of(Service.class).stream()
            .map(s -> s.as(Service.class))
            .filter(s -> matches(monitor.getSpec().getSelector(), s.getMetadata().getLabels()))
            .toList();
    if (services.isEmpty()) {
      problems.add(m.id() + ": selects no Service");
    }
    for (var endpoint : monitor.getSpec().getEndpoints()) {
      for (Service s : services) {
        if (s.getSpec().getPorts().stream()
            .noneMatch(p -> endpoint.getPort().equals(p.getName()))) {
          problems.add(
              m.id()
                  + ": Service "
                  + s.getMetadata().getName()
                  + " has no port named "
                  + endpoint.getPort());
        }
      }
    }
  }

  private void checkNetworkPolicy(Manifest m) {
    NetworkPolicy policy = m.as(NetworkPolicy.class);
    LabelSelector selector = policy.getSpec().getPodSelector();
    boolean everyPod =
        (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
            && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
    if (everyPod) {
      return;
    }
    List<Workload> targets = workloads.stream().filter(w -> matches(selector, w.labels())).toList();
    if (targets.isEmpty()) {
      problems.add(m.id() + ": podSelector matches no workload");
    }
    for (var rule : orEmpty(policy.getSpec().getIngress())) {
      for (var port : orEmpty(rule.getPorts())) {
        boolean somewhere =
            targets.stream()
                .anyMatch(w -> portExists(w.pod().getContainers().get(0), port.getPort()));
        if (!somewhere) {
          problems.add(
              m.id() + ": port " + value(port.getPort()) + " is exposed by none of its pods");
        }
      }
      // A same-namespace peer must be one of ours, except the opt-in client label, which
      // marks pods users start themselves (a CLI Job, a notebook).
      for (var peer : orEmpty(rule.getFrom())) {
        if (peer.getNamespaceSelector() == null
            && peer.getPodSelector() != null
            && workloads.stream().noneMatch(w -> matches(peer.getPodSelector(), w.labels()))
            && !orEmpty(peer.getPodSelector().getMatchLabels()).containsKey(CLIENT_LABEL)) {
          problems.add(m.id() + ": 'from' podSelector matches no workload");
        }
      }
    }
  }

  /** A budget that selects no pod protects nothing (a typo in a label goes unnoticed). */
  private void checkDisruptionBudget(Manifest m) {
    PodDisruptionBudget budget = m.as(PodDisruptionBudget.class);
    if (workloads.stream().noneMatch(w -> matches(budget.getSpec().getSelector(), w.labels()))) {
      problems.add(m.id() + ": selector matches no workload");
    }
  }

  /** Every gengap image comes from one registry, set by the overlay, and every image has a tag. */
  private void checkImages() {
    Set<String> registries = new TreeSet<>();
    for (Workload w : workloads) {
      for (Container c : w.allContainers()) {
        String image = c.getImage();
        int slash = image.lastIndexOf('/');
        String repository = image.substring(slash + 1);
        if (!repository.contains(":") && !repository.contains("@")) {
          problems.add(w.id() + " container " + c.getName() + ": image " + image + " has no tag");
        }
        if (isGengap(w.name())) {
          registries.add(slash < 0 ? "" : image.substring(0, slash));
        }
      }
    }
    if (registries.contains("")) {
      problems.add("gengap images without a registry (the overlay's images: entries are missing)");
    }
    if (registries.size() > 1) {
      problems.add("gengap images come from several registries: " + registries);
    }
  }

  private void checkKeda() {
    for (Manifest m : manifests) {
      if (m.model() instanceof KedaModel.ScaledObjectSpec spec) {
        if (workloads.stream()
            .noneMatch(w -> w.id().equals("Deployment/" + spec.scaleTargetRef().name()))) {
          problems.add(
              m.id() + ": scaleTargetRef " + spec.scaleTargetRef().name() + " is no Deployment");
        }
        for (KedaModel.Trigger trigger : spec.triggers()) {
          String auth =
              trigger.authenticationRef() == null ? null : trigger.authenticationRef().name();
          if (auth != null
              && manifests.stream()
                  .noneMatch(x -> x.id().equals("TriggerAuthentication/" + auth))) {
            problems.add(m.id() + ": no TriggerAuthentication " + auth);
          }
        }
      }
      if (m.model() instanceof KedaModel.TriggerAuthenticationSpec spec) {
        for (KedaModel.SecretTargetRef ref : spec.secretTargetRef()) {
          Optional<Secret> secret = find(Secret.class, ref.name());
          if (secret.isEmpty() || !dataKeys(secret.get()).contains(ref.key())) {
            problems.add(
                m.id() + ": Secret " + ref.name() + " key " + ref.key() + " does not exist");
          }
        }
      }
    }
  }

  private static boolean isGengap(String workload) {
    for (GengapService s : GengapService.values()) {
      if (s.workload.equals(workload)) {
        return true;
      }
    }
    return false;
  }

  private List<Workload> selected(Map<String, String> selector) {
    if (selector == null || selector.isEmpty()) {
      return List.of();
    }
    return workloads.stream()
        .filter(w -> w.labels().entrySet().containsAll(selector.entrySet()))
        .toList();
  }

  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    Map<String, String> have = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null
        && !have.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
      return false;
    }
    for (var e : orEmpty(selector.getMatchExpressions())) {
      String value = have.get(e.getKey());
      boolean ok =
          switch (e.getOperator()) {
            case "In" -> value != null && e.getValues().contains(value);
            case "NotIn" -> value == null || !e.getValues().contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> false;
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static Set<Integer> portNumbers(Container c) {
    return orEmpty(c.getPorts()).stream()
        .map(ContainerPort::getContainerPort)
        .collect(Collectors.toSet());
  }

  private static boolean portExists(Container c, IntOrString port) {
    List<ContainerPort> ports = orEmpty(c.getPorts());
    return port.getIntVal() != null
        ? ports.stream().anyMatch(p -> p.getContainerPort().equals(port.getIntVal()))
        : ports.stream().anyMatch(p -> Objects.equals(p.getName(), port.getStrVal()));
  }

  private static String value(IntOrString v) {
    return v.getIntVal() != null ? String.valueOf(v.getIntVal()) : v.getStrVal();
  }

  private static Set<String> dataKeys(Secret s) {
    Set<String> keys = new java.util.HashSet<>();
    Optional.ofNullable(s.getData()).ifPresent(d -> keys.addAll(d.keySet()));
    Optional.ofNullable(s.getStringData()).ifPresent(d -> keys.addAll(d.keySet()));
    return keys;
  }

  private void expectObject(String where, Class<?> type, String name) {
    if (find(type, name).isEmpty()) {
      problems.add(where + ": no " + type.getSimpleName() + " " + name);
    }
  }

  private <T> Optional<T> find(Class<T> type, String name) {
    return manifests.stream()
        .filter(m -> m.is(type) && m.name().equals(name))
        .map(m -> m.as(type))
        .findFirst();
  }

  private List<Manifest> of(Class<?> type) {
    return manifests.stream().filter(m -> m.is(type)).toList();
  }

  static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }

  private static List<Workload> workloadsOf(List<Manifest> manifests) {
    List<Workload> result = new ArrayList<>();
    for (Manifest m : manifests) {
      if (m.model() instanceof Deployment d) {
        result.add(
            new Workload(m.id(), m.name(), d.getSpec().getSelector(), d.getSpec().getTemplate()));
      } else if (m.model() instanceof StatefulSet s) {
        result.add(
            new Workload(m.id(), m.name(), s.getSpec().getSelector(), s.getSpec().getTemplate()));
      }
    }
    return result;
  }
}
