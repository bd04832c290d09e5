package dev.gengap.k8scheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
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
  void everyAlertLinksARunbookSectionThatExists() throws IOException {
    JsonNode plain = new YAMLMapper().readTree(K8S.resolve("observability/rules.yml").toFile());
    String runbooks = Files.readString(K8S.resolve("../docs/runbooks.md")).toLowerCase(Locale.ROOT);

    for (JsonNode group : plain.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        String alert = rule.path("alert").asText();
        assertThat(rule.path("annotations").path("runbook_url").asText())
            .as(alert)
            .endsWith("/docs/runbooks.md#" + alert.toLowerCase(Locale.ROOT));
        assertThat(runbooks)
            .as("docs/runbooks.md has a section " + alert)
            .contains("## " + alert.toLowerCase(Locale.ROOT));
      }
    }
  }

  @Test
  void rulesUseOnlyExportedMetrics() throws IOException {
    JsonNode plain = new YAMLMapper().readTree(K8S.resolve("observability/rules.yml").toFile());

    for (JsonNode group : plain.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        assertThat(Dashboards.unknownMetrics(rule.path("expr").asText()))
            .as(rule.path("alert").asText())
            .isEmpty();
        assertThat(Dashboards.unscopedSelectors(rule.path("expr").asText(), false))
            .as(rule.path("alert").asText() + ": selectors without a job matcher")
            .isEmpty();
        assertThat(rule.path("expr").asText())
            .as(rule.path("alert").asText() + " fires per namespace")
            .contains("by (namespace");
      }
    }
  }
}
