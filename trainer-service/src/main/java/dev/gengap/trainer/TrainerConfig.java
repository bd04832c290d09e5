package dev.gengap.trainer;

import dev.gengap.plumbing.security.ServerSecurity;
import dev.gengap.store.DatabaseOptions;
import dev.gengap.trainer.training.DefaultDevice;
import dev.gengap.trainer.training.Tf32;
import java.time.Duration;

/**
 * The trainer's configuration, filled from flags and {@code GENGAP_*} variables.
 *
 * @param drainGrace how long calls in flight may take to finish on SIGTERM
 * @param database the results store's connection flags
 * @param datasetTarget host:port of the dataset-service
 * @param engine DJL engine for runs whose spec leaves it unspecified ("mxnet" or "pytorch")
 * @param device device for runs whose spec leaves it unspecified
 * @param workerId the name this process claims runs under (lease owner)
 * @param lease how long a claim stays valid without renewal
 * @param poll how often an idle worker looks for work, and how often it reads the cancel flag
 * @param epochDeadline deadline of one epoch's stream from the dataset-service
 * @param deviceDataBudgetBytes most bytes of a training split kept on the device (0 = stream)
 * @param interpolationMemoryBytes most bytes an interpolating run's fit may use
 * @param tf32 whether the process lets its GPU use TF32 (its environment sets it)
 * @param security TLS, authentication, the listen address and this trainer's identity towards the
 *     dataset-service
 */
public record TrainerConfig(
    int grpcPort,
    int adminPort,
    Duration drainGrace,
    String datasetTarget,
    DatabaseOptions database,
    String engine,
    DefaultDevice device,
    String workerId,
    Duration lease,
    Duration poll,
    Duration epochDeadline,
    long deviceDataBudgetBytes,
    long interpolationMemoryBytes,
    Tf32 tf32,
    ServerSecurity security) {}
