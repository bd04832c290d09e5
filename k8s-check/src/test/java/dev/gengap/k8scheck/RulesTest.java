package dev.gengap.k8scheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RulesTest {
  private static final Path K8S = DashboardsTest.K8S;

  @Test
  void prometheusRuleCarriesExactlyThePlainRulesFile() throws IOException {
    YAMLMapper yaml = new YAMLMapper();
    JsonNode plain = yaml.readTree(K8S.resolve("observability/rules.yml").toFile());
    JsonNode operator =
        yaml.readTree(K8S.resolve("components/prometheus-operator/prometheus-rule.yaml").toFile());

    assertThat(operator.path("spec").path("groups")).isEqualTo(plain.path("groups"));
  }

  @Test
  void rulesUseOnlyExportedMetrics() throws IOException {
    JsonNode plain = new YAMLMapper().readTree(K8S.resolve("observability/rules.yml").toFile());

    for (JsonNode group : plain.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        assertThat(Dashboards.unknownMetrics(rule.path("expr").asText()))
            .as(rule.path("alert").asText())
            .isEmpty();
      }
    }
  }
}
