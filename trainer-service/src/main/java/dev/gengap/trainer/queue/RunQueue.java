package dev.gengap.trainer.queue;

import dev.gengap.learning.interpolation.InsufficientMemoryException;
import dev.gengap.learning.interpolation.InterpolationMemory;
import dev.gengap.plumbing.PermissionDeniedException;
import dev.gengap.plumbing.security.Caller;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.spec.InvalidSpecException;
import dev.gengap.spec.ModelRules;
import dev.gengap.spec.RunSpecs;
import dev.gengap.store.EpochRepository;
import dev.gengap.store.EpochRow;
import dev.gengap.store.NewRun;
import dev.gengap.store.RunRepository;
import dev.gengap.store.RunRow;
import dev.gengap.store.Submission;
import dev.gengap.store.SweepCreation;
import dev.gengap.store.SweepRepository;
import dev.gengap.store.SweepRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of the run queue: submitting, reading, listing and cancelling runs and sweeps.
 * Requests are validated here (specs through {@link RunSpecs}); the trainers' side of the queue is
 * {@link RunRepository}'s claim/renew/finish.
 */
public final class RunQueue {
  private static final Logger log = LoggerFactory.getLogger(RunQueue.class);
  static final int MAX_REQUEST_ID_LENGTH = 128;
  static final int MAX_SWEEP_NAME_LENGTH = 200;
  static final int MAX_SWEEP_RUNS = 10_000;

  private final RunRepository runs;
  private final EpochRepository epochs;
  private final SweepRepository sweeps;
  private final long interpolationMemoryBytes;

  /**
   * @param interpolationMemoryBytes the memory this trainer's worker may give an interpolating fit:
   *     a run that needs more is refused at submission
   */
  public RunQueue(
      RunRepository runs,
      EpochRepository epochs,
      SweepRepository sweeps,
      long interpolationMemoryBytes) {
    this.runs = runs;
    this.epochs = epochs;
    this.sweeps = sweeps;
    this.interpolationMemoryBytes = interpolationMemoryBytes;
  }

  /**
   * Validates, resolves and queues a run for {@code caller}; a retry with the same {@code
   * requestId} returns the run of the first submission. Reusing a request id for a different spec
   * is an error.
   */
  public RunView submit(String requestId, RunSpec spec, Caller caller) {
    requireRequestId(requestId);
    if (spec.equals(RunSpec.getDefaultInstance())) {
      throw new InvalidSpecException("spec", "required");
    }
    RunSpec resolved = resolve(spec);
    Submission submission =
        runs.submit(requestId, new NewRun(resolved, RunSpecs.displayName(resolved), caller.name()));
    RunRow run = submission.run();
    if (!submission.created() && !run.spec().equals(resolved)) {
      throw new InvalidSpecException(
          "request_id", "already used for run " + run.id() + " with a different spec");
    }
    if (submission.created()) {
      log.info(
          "event=run_submitted run={} by={} request_id={} name=\"{}\"",
          run.id(),
          caller.name(),
          requestId,
          run.displayName());
    }
    return view(run);
  }

  /** The resolved spec, refused when an interpolating fit could not fit into this trainer. */
  private RunSpec resolve(RunSpec spec) {
    RunSpec resolved = RunSpecs.resolve(spec);
    if (ModelRules.of(resolved.getModel().getKind()).interpolates()) {
      try {
        InterpolationMemory.check(resolved, interpolationMemoryBytes);
      } catch (InsufficientMemoryException e) {
        throw new InvalidSpecException("data.train_subset", e.getMessage());
      }
    }
    return resolved;
  }

  public RunView get(long runId) {
    requireId("run_id", runId);
    return view(runs.find(runId).orElseThrow(() -> new RunNotFoundException("run", runId)));
  }

  /** Runs matching the query's filter, newest first, one page at a time. */
  public Page<RunView> list(RunQuery query) {
    int pageSize = PageToken.pageSize(query.pageSize());
    OptionalLong after = PageToken.parse(query.pageToken());
    // One row more than the page tells whether another page follows.
    List<RunRow> rows = runs.list(query.filter(), after, pageSize + 1);
    boolean more = rows.size() > pageSize;
    List<RunRow> page = more ? rows.subList(0, pageSize) : rows;
    Map<Long, EpochRow> latest = epochs.latest(page.stream().map(RunRow::id).toList());
    List<RunView> views = new ArrayList<>(page.size());
    for (RunRow row : page) {
      views.add(new RunView(row, Optional.ofNullable(latest.get(row.id()))));
    }
    return new Page<>(
        views,
        more ? Optional.of(PageToken.after(page.get(page.size() - 1).id())) : Optional.empty());
  }

  /**
   * Cancels a run on behalf of {@code caller}: a queued one ends CANCELLED now, a running one is
   * flagged and its worker ends it within one batch (or the reaper, if its worker is gone).
   *
   * @throws PermissionDeniedException when the caller is neither the submitter nor an admin
   * @throws IllegalRunStateException when the run has already ended
   */
  public RunView cancel(long runId, Caller caller) {
    requireId("run_id", runId);
    RunRow run = runs.find(runId).orElseThrow(() -> new RunNotFoundException("run", runId));
    if (!caller.mayActFor(run.submittedBy())) {
      throw new PermissionDeniedException(
          caller.name()
              + " may cancel only its own runs; run "
              + runId
              + " was submitted by "
              + (run.submittedBy().isEmpty() ? "an unknown caller" : run.submittedBy()));
    }
    Optional<RunRow> cancelled = runs.requestCancel(runId);
    if (cancelled.isPresent()) {
      log.info(
          "event=run_cancel_requested run={} by={} status={}",
          runId,
          caller.name(),
          cancelled.get().status());
      return view(cancelled.get());
    }
    run = runs.find(runId).orElseThrow(() -> new RunNotFoundException("run", runId));
    throw new IllegalRunStateException(
        "run " + runId + " has already ended " + run.status() + "; it cannot be cancelled");
  }

  /** Up to {@code limit} epochs of a run after {@code afterEpoch}, in order. */
  public List<EpochRow> epochsAfter(long runId, int afterEpoch, int limit) {
    return epochs.after(runId, afterEpoch, limit);
  }

  /**
   * Validates every spec, then creates the sweep and queues its runs for {@code caller} in one
   * transaction; idempotent on {@code requestId}.
   */
  public SweepRow createSweep(String requestId, String name, List<RunSpec> specs, Caller caller) {
    requireRequestId(requestId);
    if (name.isEmpty() || name.length() > MAX_SWEEP_NAME_LENGTH) {
      throw new InvalidSpecException(
          "name", "must be 1.." + MAX_SWEEP_NAME_LENGTH + " characters, was " + name.length());
    }
    if (specs.isEmpty() || specs.size() > MAX_SWEEP_RUNS) {
      throw new InvalidSpecException(
          "specs", "must hold 1.." + MAX_SWEEP_RUNS + " runs, held " + specs.size());
    }
    List<NewRun> newRuns = new ArrayList<>(specs.size());
    for (int i = 0; i < specs.size(); i++) {
      RunSpec resolved;
      try {
        resolved = resolve(specs.get(i));
      } catch (InvalidSpecException e) {
        throw e.within("specs[" + i + "].");
      }
      newRuns.add(new NewRun(resolved, RunSpecs.displayName(resolved), caller.name()));
    }
    SweepCreation creation = sweeps.create(requestId, name, newRuns);
    if (creation.created()) {
      log.info(
          "event=sweep_created sweep={} by={} runs={} request_id={}",
          creation.sweep().id(),
          caller.name(),
          newRuns.size(),
          requestId);
    }
    return creation.sweep();
  }

  public SweepRow getSweep(long sweepId) {
    requireId("sweep_id", sweepId);
    return sweeps.find(sweepId).orElseThrow(() -> new RunNotFoundException("sweep", sweepId));
  }

  /** Sweeps newest first, one page at a time. */
  public Page<SweepRow> listSweeps(int requestedPageSize, String pageToken) {
    int pageSize = PageToken.pageSize(requestedPageSize);
    List<SweepRow> rows = sweeps.list(PageToken.parse(pageToken), pageSize + 1);
    boolean more = rows.size() > pageSize;
    List<SweepRow> page = more ? rows.subList(0, pageSize) : rows;
    return new Page<>(
        page,
        more ? Optional.of(PageToken.after(page.get(page.size() - 1).id())) : Optional.empty());
  }

  private RunView view(RunRow run) {
    return new RunView(run, Optional.ofNullable(epochs.latest(List.of(run.id())).get(run.id())));
  }

  private static void requireRequestId(String requestId) {
    if (requestId.isEmpty() || requestId.length() > MAX_REQUEST_ID_LENGTH) {
      throw new InvalidSpecException(
          "request_id",
          "must be 1.." + MAX_REQUEST_ID_LENGTH + " characters, was " + requestId.length());
    }
  }

  private static void requireId(String field, long id) {
    if (id <= 0) {
      throw new InvalidSpecException(field, "must be > 0, was " + id);
    }
  }
}
