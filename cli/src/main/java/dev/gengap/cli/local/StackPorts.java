package dev.gengap.cli.local;

/**
 * The ports of the local stack: gRPC and admin HTTP of each service's first instance, and
 * PostgreSQL's. Further trainers take the first trainer's ports plus 10, 20, ... so that trainer 2
 * listens on 50062 and serves its metrics on 9102 by default.
 */
public record StackPorts(
    int datasetGrpc,
    int datasetAdmin,
    int trainerGrpc,
    int trainerAdmin,
    int evaluatorGrpc,
    int evaluatorAdmin,
    int postgres) {
  static final int TRAINER_PORT_STEP = 10;

  int trainerGrpc(int trainer) {
    return trainerGrpc + TRAINER_PORT_STEP * (trainer - 1);
  }

  int trainerAdmin(int trainer) {
    return trainerAdmin + TRAINER_PORT_STEP * (trainer - 1);
  }
}
