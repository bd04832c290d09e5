package dev.gengap.k8scheck;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The parts of cert-manager's CRDs (cert-manager.io/v1) that gengap uses, for strict parsing:
 * fabric8 has no cert-manager model, and a misspelt field (say {@code encoding}) would hand the
 * services a key they cannot read.
 */
final class CertManagerModel {
  private CertManagerModel() {}

  record IssuerSpec(JsonNode selfSigned, CaIssuer ca) {}

  record CaIssuer(String secretName) {}

  record CertificateSpec(
      String secretName,
      String commonName,
      List<String> dnsNames,
      Boolean isCA,
      String duration,
      String renewBefore,
      PrivateKey privateKey,
      List<String> usages,
      IssuerRef issuerRef) {}

  record PrivateKey(String algorithm, Integer size, String encoding, String rotationPolicy) {}

  record IssuerRef(String name, String kind, String group) {}
}
