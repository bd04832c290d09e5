package dev.gengap.trainer.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gengap.plumbing.ManagedGrpcServer;
import dev.gengap.plumbing.ServiceMetrics;
import dev.gengap.plumbing.security.Channels;
import dev.gengap.plumbing.security.ClientSecurity;
import dev.gengap.plumbing.security.Identities;
import dev.gengap.plumbing.security.KeyPairFiles;
import dev.gengap.plumbing.security.ServerSecurity;
import dev.gengap.plumbing.security.TestPki;
import dev.gengap.plumbing.security.TokenFiles;
import dev.gengap.proto.v1.CancelRunRequest;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.DataSpec;
import dev.gengap.proto.v1.GetRunRequest;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.ModelSpec;
import dev.gengap.proto.v1.Run;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.proto.v1.RunStatus;
import dev.gengap.proto.v1.SubmitRunRequest;
import dev.gengap.proto.v1.TrainerServiceGrpc;
import dev.gengap.store.EmbeddedPostgresExtension;
import dev.gengap.store.EpochRepository;
import dev.gengap.store.RunRepository;
import dev.gengap.store.SettableClock;
import dev.gengap.store.SweepRepository;
import dev.gengap.trainer.queue.LeaseReaper;
import dev.gengap.trainer.queue.RunQueue;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer's API as a deployment runs it: TLS on a real socket with generated certificates,
 * bearer tokens or client certificates, and roles. Clients are independent of the server: they only
 * know the CA, a token or a certificate.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class TrainerAuthorizationIT {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final String ALICE = TokenFiles.newToken();
  private static final String BOB = TokenFiles.newToken();
  private static final String VICTOR = TokenFiles.newToken();
  private static final String ROOT = TokenFiles.newToken();

  @TempDir static Path dir;
  private static TestPki pki;
  private static KeyPairFiles serverCertificate;
  private static Path identities;

  private final SettableClock clock = new SettableClock();
  private final RunRepository runs;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final RunQueue queue;
  private final List<AutoCloseable> open = new ArrayList<>();

  TrainerAuthorizationIT(DataSource dataSource) {
    runs = new RunRepository(dataSource, clock);
    queue =
        new RunQueue(
            runs,
            new EpochRepository(dataSource, clock),
            new SweepRepository(dataSource, clock),
            Long.MAX_VALUE);
  }

  @BeforeAll
  static void issueCertificatesAndTokens() throws IOException {
    pki = TestPki.create(dir, "cluster");
    serverCertificate = pki.server("trainer");
    identities = dir.resolve("identities");
    Files.writeString(
        identities,
        String.join(
            "\n",
            "alice submitter " + Identities.hash(ALICE),
            "bob submitter " + Identities.hash(BOB),
            "victor viewer " + Identities.hash(VICTOR),
            "root admin " + Identities.hash(ROOT),
            "carol submitter -",
            ""));
  }

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    scheduler.shutdownNow();
  }

  @Test
  void withoutCredentialsSubmitAndCancelAreUnauthenticated() throws IOException {
    int port = start(Optional.empty());
    long runId = submitAs(port, ALICE).getRunId();
    TrainerServiceGrpc.TrainerServiceBlockingStub anonymous = stub(port, tls());

    assertCode(Status.Code.UNAUTHENTICATED, () -> anonymous.submitRun(submitRequest()));
    assertCode(Status.Code.UNAUTHENTICATED, () -> anonymous.cancelRun(cancel(runId)));
    assertCode(Status.Code.UNAUTHENTICATED, () -> anonymous.getRun(get(runId)));
  }

  @Test
  void viewerReadsButMayNotSubmitOrCancel() throws IOException {
    int port = start(Optional.empty());
    long runId = submitAs(port, ALICE).getRunId();
    TrainerServiceGrpc.TrainerServiceBlockingStub viewer = stub(port, tls().withToken(VICTOR));

    assertThat(viewer.getRun(get(runId)).getSubmittedBy()).isEqualTo("alice");
    assertCode(Status.Code.PERMISSION_DENIED, () -> viewer.submitRun(submitRequest()));
    assertCode(Status.Code.PERMISSION_DENIED, () -> viewer.cancelRun(cancel(runId)));
  }

  @Test
  void submitterCancelsOwnRunsOnlyAndAdminCancelsAnyone() throws IOException {
    int port = start(Optional.empty());
    long alicesRun = submitAs(port, ALICE).getRunId();
    long alicesOther = submitAs(port, ALICE).getRunId();

    assertCode(
        Status.Code.PERMISSION_DENIED,
        () -> stub(port, tls().withToken(BOB)).cancelRun(cancel(alicesRun)));
    assertThat(runs.find(alicesRun).orElseThrow().status())
        .isEqualTo(dev.gengap.store.RunStatus.QUEUED);
    assertThat(stub(port, tls().withToken(ALICE)).cancelRun(cancel(alicesRun)).getStatus())
        .isEqualTo(RunStatus.RUN_STATUS_CANCELLED);
    assertThat(stub(port, tls().withToken(ROOT)).cancelRun(cancel(alicesOther)).getStatus())
        .isEqualTo(RunStatus.RUN_STATUS_CANCELLED);
  }

  @Test
  void mutualTlsClientIsKnownByItsCertificate() throws IOException {
    int port = start(Optional.of(pki.caCertificate()));
    ClientSecurity carol =
        new ClientSecurity(
            ClientSecurity.Transport.TLS,
            Optional.of(pki.caCertificate()),
            Optional.of(pki.client("carol")),
            Optional.empty());

    Run run = stub(port, carol).submitRun(submitRequest());

    assertThat(run.getSubmittedBy()).isEqualTo("carol");
    assertCode(
        Status.Code.UNAVAILABLE,
        () -> stub(port, tls().withToken(ALICE)).getRun(get(run.getRunId())));
  }

  @Test
  void cancelledRunOfADeadTrainerEndsCancelledWhenItsLeaseExpires() throws IOException {
    int port = start(Optional.empty());
    long runId = submitAs(port, ALICE).getRunId();
    runs.claimNext("dead-trainer", LEASE).orElseThrow();

    assertThat(stub(port, tls().withToken(ALICE)).cancelRun(cancel(runId)).getStatus())
        .isEqualTo(RunStatus.RUN_STATUS_RUNNING);
    LeaseReaper reaper = new LeaseReaper(runs);
    reaper.run();
    assertThat(runs.find(runId).orElseThrow().status())
        .isEqualTo(dev.gengap.store.RunStatus.RUNNING);
    clock.advance(LEASE.plusSeconds(1));
    reaper.run();

    assertThat(stub(port, tls().withToken(ALICE)).getRun(get(runId)).getStatus())
        .isEqualTo(RunStatus.RUN_STATUS_CANCELLED);
  }

  private Run submitAs(int port, String token) {
    return stub(port, tls().withToken(token)).submitRun(submitRequest());
  }

  private int start(Optional<Path> clientCa) throws IOException {
    ServerSecurity security =
        new ServerSecurity(
            "127.0.0.1",
            Optional.of(serverCertificate),
            clientCa,
            Optional.of(identities),
            ClientSecurity.plaintext());
    ServerSecurity.Bound bound = security.bind(0, "trainer");
    open.add(bound);
    ManagedGrpcServer server =
        new ManagedGrpcServer(
                bound.builder(),
                ServiceMetrics.newPrometheusRegistry("trainer"),
                List.of(
                    new TrainerGrpcService(
                        queue, new RunWatcher(queue, scheduler, Duration.ofMillis(20)))),
                security.authentication(TrainerGrpcService.ACCESS))
            .start();
    open.add(server);
    server.markServing();
    return server.port();
  }

  private static ClientSecurity tls() {
    return new ClientSecurity(
        ClientSecurity.Transport.TLS,
        Optional.of(pki.caCertificate()),
        Optional.empty(),
        Optional.empty());
  }

  private TrainerServiceGrpc.TrainerServiceBlockingStub stub(int port, ClientSecurity security) {
    ManagedChannel channel = Channels.open("localhost:" + port, security);
    open.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return TrainerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private static SubmitRunRequest submitRequest() {
    return SubmitRunRequest.newBuilder()
        .setRequestId(UUID.randomUUID().toString())
        .setSpec(
            RunSpec.newBuilder()
                .setData(
                    DataSpec.newBuilder().setCorruption(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS))
                .setModel(ModelSpec.newBuilder().setKind(ModelKind.MODEL_KIND_MLP_1X512)))
        .build();
  }

  private static CancelRunRequest cancel(long runId) {
    return CancelRunRequest.newBuilder().setRunId(runId).build();
  }

  private static GetRunRequest get(long runId) {
    return GetRunRequest.newBuilder().setRunId(runId).build();
  }

  private static void assertCode(Status.Code code, Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(code));
  }
}
