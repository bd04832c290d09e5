package dev.gengap.evaluator;

import dev.gengap.plumbing.security.ServerSecurity;
import dev.gengap.store.DatabaseOptions;
import java.time.Duration;

/**
 * The evaluator service's configuration, filled from flags and {@code GENGAP_*} variables.
 *
 * @param drainGrace how long calls in flight may take to finish on SIGTERM
 * @param database the results store's connection flags
 * @param datasetTarget host:port of the dataset-service
 * @param engine DJL engine for runs whose spec leaves it unspecified ("MXNet" or "PyTorch")
 * @param poll how often the background loop looks for finished runs without an evaluation
 * @param batchSize images per evaluation batch
 * @param deviceDataBudgetBytes most bytes of splits kept on the device between evaluations
 * @param evaluatorId this replica's name in evaluation claims, unique among replicas
 * @param security TLS, authentication, the listen address and this evaluator's identity towards the
 *     dataset-service
 */
public record EvaluatorConfig(
    int grpcPort,
    int adminPort,
    Duration drainGrace,
    String datasetTarget,
    DatabaseOptions database,
    String engine,
    Duration poll,
    int batchSize,
    long deviceDataBudgetBytes,
    String evaluatorId,
    ServerSecurity security) {}
