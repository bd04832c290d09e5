package dev.gengap.dataset.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gengap.dataset.server.DatasetMeters.StreamError;
import io.grpc.Deadline;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Which counter a cancelled stream lands in, with the clock held still. */
class EpochStreamerTest {
  /** A clock that stands still: the deadlines below keep their remaining time. */
  private static final Deadline.Ticker STILL =
      new Deadline.Ticker() {
        @Override
        public long nanoTime() {
          return 0;
        }
      };

  @Test
  void aCancelWithoutDeadlineIsACancel() {
    assertThat(EpochStreamer.cancelReason(null)).isEqualTo(StreamError.CANCELLED);
  }

  @Test
  void aCancelLongBeforeTheDeadlineIsACancel() {
    assertThat(EpochStreamer.cancelReason(remaining(5_000))).isEqualTo(StreamError.CANCELLED);
    assertThat(EpochStreamer.cancelReason(remaining(1_001))).isEqualTo(StreamError.CANCELLED);
  }

  @Test
  void aCancelInTheDeadlinesLastSecondIsTheDeadline() {
    // The client's timer fired first: its request headers were that long on their way.
    assertThat(EpochStreamer.cancelReason(remaining(1_000)))
        .isEqualTo(StreamError.DEADLINE_EXCEEDED);
    assertThat(EpochStreamer.cancelReason(remaining(350))).isEqualTo(StreamError.DEADLINE_EXCEEDED);
    assertThat(EpochStreamer.cancelReason(remaining(0))).isEqualTo(StreamError.DEADLINE_EXCEEDED);
    assertThat(EpochStreamer.cancelReason(remaining(-40))).isEqualTo(StreamError.DEADLINE_EXCEEDED);
  }

  private static Deadline remaining(long millis) {
    return Deadline.after(millis, TimeUnit.MILLISECONDS, STILL);
  }
}
