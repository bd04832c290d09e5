package dev.gengap.k8scheck;

import io.fabric8.kubernetes.api.model.Container;
import java.util.ArrayList;
import java.util.List;

/**
 * What every gengap pod must satisfy on its own: the Pod Security Standard "restricted" essentials
 * (non-root, RuntimeDefault seccomp, no privilege escalation, all capabilities dropped), a
 * read-only root filesystem, and resource requests with a memory limit.
 */
final class PodBaseline {
  private PodBaseline() {}

  static List<String> problems(CrossCheck.Workload w) {
    List<String> problems = new ArrayList<>();
    var pod = w.pod().getSecurityContext();
    if (pod == null
        || !Boolean.TRUE.equals(pod.getRunAsNonRoot())
        || pod.getSeccompProfile() == null
        || !"RuntimeDefault".equals(pod.getSeccompProfile().getType())) {
      problems.add(w.id() + ": pod must set runAsNonRoot and seccompProfile RuntimeDefault");
    }
    for (Container c : w.allContainers()) {
      String where = w.id() + " container " + c.getName();
      var sc = c.getSecurityContext();
      if (sc == null
          || !Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())
          || !Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())
          || sc.getCapabilities() == null
          || !List.of("ALL").equals(sc.getCapabilities().getDrop())) {
        problems.add(
            where + ": needs allowPrivilegeEscalation false, readOnlyRootFilesystem, drop ALL");
      }
      var resources = c.getResources();
      if (resources == null
          || resources.getRequests() == null
          || resources.getLimits() == null
          || !resources.getLimits().containsKey("memory")) {
        problems.add(where + ": needs resource requests and a memory limit");
      }
    }
    return problems;
  }
}
