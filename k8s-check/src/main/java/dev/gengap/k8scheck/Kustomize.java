package dev.gengap.k8scheck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Renders a kustomization directory with {@code kubectl kustomize}. */
public final class Kustomize {
  private static final long TIMEOUT_SECONDS = 120;

  private final String kubectl;

  public Kustomize(String kubectl) {
    this.kubectl = kubectl;
  }

  /** Returns the rendered multi-document YAML of {@code dir}. */
  public String render(Path dir) {
    try {
      Path out = Files.createTempFile("kustomize", ".yaml");
      Path err = Files.createTempFile("kustomize", ".err");
      try {
        Process process =
            new ProcessBuilder(List.of(kubectl, "kustomize", dir.toString()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new ManifestException(kubectl + " kustomize " + dir + ": no result after 120 s");
        }
        if (process.exitValue() != 0) {
          throw new ManifestException(
              kubectl
                  + " kustomize "
                  + dir
                  + " failed (exit "
                  + process.exitValue()
                  + "): "
                  + Files.readString(err, StandardCharsets.UTF_8).strip());
        }
        return Files.readString(out, StandardCharsets.UTF_8);
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new ManifestException(
          "cannot run '" + kubectl + " kustomize' (is kubectl installed? k8s/check.sh installs it)",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ManifestException("interrupted while rendering " + dir, e);
    }
  }
}
