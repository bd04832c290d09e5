package dev.gengap.cli.rpc;

/** How a channel talks to a service. */
public enum Transport {
  PLAINTEXT,
  TLS
}
