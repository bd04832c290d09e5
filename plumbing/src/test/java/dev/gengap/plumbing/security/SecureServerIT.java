package dev.gengap.plumbing.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gengap.plumbing.ManagedGrpcServer;
import dev.gengap.plumbing.ServiceMetrics;
import dev.gengap.plumbing.Utf8Marshaller;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server on a real socket behind {@link ServerSecurity}, called through {@link Channels}:
 * TLS and mutual TLS with certificates generated per run, bearer tokens and roles.
 */
class SecureServerIT {
  private static final MethodDescriptor<String, String> READ = method("Read");
  private static final MethodDescriptor<String, String> WRITE = method("Write");
  private static final AccessPolicy POLICY =
      AccessPolicy.of(Map.of(READ, Role.VIEWER, WRITE, Role.SUBMITTER));

  /** Both methods answer with the caller's name, so a test sees who the server thinks called. */
  private static final BindableService WHO_AM_I =
      () ->
          ServerServiceDefinition.builder("test.Secure")
              .addMethod(READ, ServerCalls.asyncUnaryCall(SecureServerIT::answer))
              .addMethod(WRITE, ServerCalls.asyncUnaryCall(SecureServerIT::answer))
              .build();

  @TempDir static Path dir;
  static TestPki pki;
  static KeyPairFiles serverCertificate;
  static Path identities;
  static final String ALICE = TokenFiles.newToken();
  static final String VICTOR = TokenFiles.newToken();

  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeAll
  static void issueCertificatesAndTokens() throws IOException {
    pki = TestPki.create(dir, "gengap");
    serverCertificate = pki.server("trainer");
    identities = dir.resolve("identities");
    Files.writeString(
        identities,
        "# principal role token-hash\n"
            + "alice submitter "
            + Identities.hash(ALICE)
            + "\nvictor viewer "
            + Identities.hash(VICTOR)
            + "\nevaluator viewer -\n");
  }

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void tlsClientWithSubmitterTokenIsKnownByName() throws IOException {
    int port = start(tls(Optional.empty()));
    ManagedChannel channel = channel(port, clientTls(Optional.empty()).withToken(ALICE));

    assertThat(call(channel, WRITE)).isEqualTo("alice");
  }

  @Test
  void callWithoutTokenIsUnauthenticated() throws IOException {
    int port = start(tls(Optional.empty()));
    ManagedChannel channel = channel(port, clientTls(Optional.empty()));

    assertThatThrownBy(() -> call(channel, READ))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
  }

  @Test
  void unknownTokenIsUnauthenticated() throws IOException {
    int port = start(tls(Optional.empty()));
    ManagedChannel channel =
        channel(port, clientTls(Optional.empty()).withToken(TokenFiles.newToken()));

    assertThatThrownBy(() -> call(channel, READ))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
  }

  @Test
  void viewerMayReadButNotWrite() throws IOException {
    int port = start(tls(Optional.empty()));
    ManagedChannel channel = channel(port, clientTls(Optional.empty()).withToken(VICTOR));

    assertThat(call(channel, READ)).isEqualTo("victor");
    assertThatThrownBy(() -> call(channel, WRITE))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
              assertThat(e.getStatus().getDescription()).contains("victor", "submitter");
            });
  }

  @Test
  void healthIsOpenToAnyone() throws IOException {
    int port = start(tls(Optional.empty()));
    ManagedChannel channel = channel(port, clientTls(Optional.empty()));

    assertThat(
            HealthGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance())
                .getStatus())
        .isNotNull();
  }

  @Test
  void plaintextClientCannotTalkToTlsServer() throws IOException {
    int port = start(tls(Optional.empty()));
    ManagedChannel channel = channel(port, ClientSecurity.plaintext().withToken(ALICE));

    assertThatThrownBy(() -> call(channel, READ))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void clientThatDoesNotTrustTheServerCaRefusesIt() throws IOException {
    int port = start(tls(Optional.empty()));
    TestPki stranger = TestPki.create(Files.createTempDirectory(dir, "other"), "other");
    ManagedChannel channel =
        channel(
            port,
            new ClientSecurity(
                    ClientSecurity.Transport.TLS,
                    Optional.of(stranger.caCertificate()),
                    Optional.empty(),
                    Optional.empty())
                .withToken(ALICE));

    assertThatThrownBy(() -> call(channel, READ))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void mutualTlsNamesTheCallerByItsCertificate() throws IOException {
    int port = start(tls(Optional.of(pki.caCertificate())));
    ManagedChannel channel = channel(port, clientTls(Optional.of(pki.client("evaluator"))));

    assertThat(call(channel, READ)).isEqualTo("evaluator");
    assertThatThrownBy(() -> call(channel, WRITE))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
  }

  @Test
  void mutualTlsRefusesAClientWithoutCertificate() throws IOException {
    int port = start(tls(Optional.of(pki.caCertificate())));
    ManagedChannel channel = channel(port, clientTls(Optional.empty()).withToken(ALICE));

    assertThatThrownBy(() -> call(channel, READ))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void mutualTlsClientWithUnlistedNameIsUnauthenticated() throws IOException {
    int port = start(tls(Optional.of(pki.caCertificate())));
    ManagedChannel channel = channel(port, clientTls(Optional.of(pki.client("mallory"))));

    assertThatThrownBy(() -> call(channel, READ))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
  }

  @Test
  void requestOverTheSizeLimitIsRefused() throws IOException {
    int port = start(tls(Optional.empty()));
    ManagedChannel channel = channel(port, clientTls(Optional.empty()).withToken(ALICE));
    String huge = "x".repeat(ManagedGrpcServer.MAX_INBOUND_MESSAGE_BYTES + 1);

    assertThatThrownBy(
            () ->
                ClientCalls.blockingUnaryCall(
                    channel,
                    READ,
                    io.grpc.CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
                    huge))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
    assertThat(call(channel, READ)).isEqualTo("alice");
  }

  @Test
  void aRenewedCertificateIsServedAfterTheReloadPeriod() throws Exception {
    TestPki before = TestPki.create(Files.createTempDirectory(dir, "before"), "before");
    TestPki after = TestPki.create(Files.createTempDirectory(dir, "after"), "after");
    Path live = Files.createTempDirectory(dir, "live");
    KeyPairFiles served = new KeyPairFiles(live.resolve("tls.crt"), live.resolve("tls.key"));
    install(before.server("trainer"), served);
    Duration reload = Duration.ofSeconds(1);
    int port =
        start(
            new ServerSecurity(
                "127.0.0.1",
                Optional.of(served),
                Optional.empty(),
                Optional.of(identities),
                ClientSecurity.plaintext(),
                reload));
    assertThat(call(channel(port, trusting(before)), READ)).isEqualTo("alice");
    assertRefused(port, after);

    // As cert-manager renews a Secret: new files in place, no restart.
    install(after.server("trainer"), served);
    long until = System.nanoTime() + reload.multipliedBy(20).toNanos();
    while (!accepted(port, after) && System.nanoTime() < until) {
      Thread.sleep(200);
    }

    assertThat(call(channel(port, trusting(after)), READ)).isEqualTo("alice");
    assertRefused(port, before);
  }

  /** Writes {@code source}'s files over {@code target}'s, each replaced in one rename. */
  private static void install(KeyPairFiles source, KeyPairFiles target) throws IOException {
    for (Path[] pair :
        new Path[][] {{source.key(), target.key()}, {source.certificate(), target.certificate()}}) {
      Path staged = Files.copy(pair[0], pair[1].resolveSibling(pair[1].getFileName() + ".new"));
      Files.move(
          staged, pair[1], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private ClientSecurity trusting(TestPki ca) {
    return new ClientSecurity(
            ClientSecurity.Transport.TLS,
            Optional.of(ca.caCertificate()),
            Optional.empty(),
            Optional.empty())
        .withToken(ALICE);
  }

  /** Whether a new client that trusts only {@code ca} gets an answer. */
  private boolean accepted(int port, TestPki ca) {
    try {
      call(channel(port, trusting(ca)), READ);
      return true;
    } catch (StatusRuntimeException e) {
      return false;
    }
  }

  private void assertRefused(int port, TestPki ca) {
    ManagedChannel channel = channel(port, trusting(ca));
    assertThatThrownBy(() -> call(channel, READ))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  private ServerSecurity tls(Optional<Path> clientCa) {
    return new ServerSecurity(
        "127.0.0.1",
        Optional.of(serverCertificate),
        clientCa,
        Optional.of(identities),
        ClientSecurity.plaintext());
  }

  private ClientSecurity clientTls(Optional<KeyPairFiles> clientCertificate) {
    return new ClientSecurity(
        ClientSecurity.Transport.TLS,
        Optional.of(pki.caCertificate()),
        clientCertificate,
        Optional.empty());
  }

  private int start(ServerSecurity security) throws IOException {
    ServerSecurity.Bound bound = security.bind(0, "test");
    open.add(bound);
    ManagedGrpcServer server =
        new ManagedGrpcServer(
                bound.builder(),
                ServiceMetrics.newPrometheusRegistry("test"),
                List.of(WHO_AM_I),
                security.authentication(POLICY))
            .start();
    open.add(server);
    server.markServing();
    return server.port();
  }

  private ManagedChannel channel(int port, ClientSecurity security) {
    ManagedChannel channel = Channels.open("localhost:" + port, security);
    open.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return channel;
  }

  private static String call(ManagedChannel channel, MethodDescriptor<String, String> method) {
    return ClientCalls.blockingUnaryCall(
        channel, method, io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), "hi");
  }

  private static void answer(String request, io.grpc.stub.StreamObserver<String> observer) {
    observer.onNext(Caller.current().name());
    observer.onCompleted();
  }

  private static MethodDescriptor<String, String> method(String name) {
    return MethodDescriptor.<String, String>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName("test.Secure/" + name)
        .setRequestMarshaller(new Utf8Marshaller())
        .setResponseMarshaller(new Utf8Marshaller())
        .build();
  }
}
