package dev.mimamori.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.agent.protocol.WireRecord;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskBufferTest {
  @TempDir Path dir;

  static final long MIB = 1024 * 1024;

  static List<DiskBuffer.Pending> lines(String path, long from, int count, int size) {
    List<DiskBuffer.Pending> out = new ArrayList<>();
    String text = "x".repeat(size);
    for (int i = 0; i < count; i++) {
      long off = (from + i) * (size + 1);
      out.add(
          new DiskBuffer.Pending(
              path, "combined", "k1", off, off + size + 1, from + i + 1, text, false, 0));
    }
    return out;
  }

  DiskBuffer open(long max, DiskBuffer.FullPolicy policy) throws Exception {
    return DiskBuffer.open(dir.resolve("buf"), max, policy);
  }

  @Test
  void appendedRecordsGetRisingSequenceNumbers() throws Exception {
    try (DiskBuffer b = open(4 * MIB, DiskBuffer.FullPolicy.BLOCK)) {
      b.append(lines("/a", 0, 3, 10));
      assertThat(b.read(0, 10, MIB, 0)).extracting(WireRecord::seq).containsExactly(1L, 2L, 3L);
    }
  }

  @Test
  void readStartsAfterTheGivenSequenceNumber() throws Exception {
    try (DiskBuffer b = open(4 * MIB, DiskBuffer.FullPolicy.BLOCK)) {
      b.append(lines("/a", 0, 5, 10));
      assertThat(b.read(2, 10, MIB, 0)).extracting(WireRecord::seq).containsExactly(3L, 4L, 5L);
    }
  }

  @Test
  void recordsSurviveAReopen() throws Exception {
    try (DiskBuffer b = open(4 * MIB, DiskBuffer.FullPolicy.BLOCK)) {
      b.append(lines("/a", 0, 4, 10));
    }
    try (DiskBuffer b = open(4 * MIB, DiskBuffer.FullPolicy.BLOCK)) {
      assertThat(b.read(0, 10, MIB, 0)).hasSize(4);
    }
  }

  @Test
  void acknowledgedRecordsAreNotReadAgainAfterAReopen() throws Exception {
    try (DiskBuffer b = open(4 * MIB, DiskBuffer.FullPolicy.BLOCK)) {
      b.append(lines("/a", 0, 4, 10));
      b.ack(3, b.read(0, 3, MIB, 0));
    }
    try (DiskBuffer b = open(4 * MIB, DiskBuffer.FullPolicy.BLOCK)) {
      assertThat(b.read(b.acked(), 10, MIB, 0)).extracting(WireRecord::seq).containsExactly(4L);
    }
  }

  @Test
  void sequenceNumbersContinueAfterAReopenWithEverythingAcknowledged() throws Exception {
    try (DiskBuffer b = open(4 * MIB, DiskBuffer.FullPolicy.BLOCK)) {
      b.append(lines("/a", 0, 2, 10));
      b.ack(2, b.read(0, 10, MIB, 0));
    }
    try (DiskBuffer b = open(4 * MIB, DiskBuffer.FullPolicy.BLOCK)) {
      assertThat(b.append(lines("/a", 2, 1, 10))).isEqualTo(3);
    }
  }

  @Test
  void aTornLastRecordIsCutAndTheRestKept() throws Exception {
    try (DiskBuffer b = open(4 * MIB, DiskBuffer.FullPolicy.BLOCK)) {
      b.append(lines("/a", 0, 3, 10));
    }
    Path seg;
    try (var s = Files.list(dir.resolve("buf"))) {
      seg = s.filter(p -> p.toString().endsWith(".buf")).findFirst().orElseThrow();
    }
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 5); // a crash in the middle of writing the last record
    }
    try (DiskBuffer b = open(4 * MIB, DiskBuffer.FullPolicy.BLOCK)) {
      assertThat(b.read(0, 10, MIB, 0)).extracting(WireRecord::seq).containsExactly(1L, 2L);
    }
  }

  @Test
  void aCorruptRecordEndsTheSegmentInsteadOfBeingSent() throws Exception {
    try (DiskBuffer b = open(4 * MIB, DiskBuffer.FullPolicy.BLOCK)) {
      b.append(lines("/a", 0, 3, 10));
    }
    Path seg;
    try (var s = Files.list(dir.resolve("buf"))) {
      seg = s.filter(p -> p.toString().endsWith(".buf")).findFirst().orElseThrow();
    }
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {'Z'}), ch.size() - 3);
    }
    try (DiskBuffer b = open(4 * MIB, DiskBuffer.FullPolicy.BLOCK)) {
      assertThat(b.read(0, 10, MIB, 0)).hasSize(2);
    }
  }

  @Test
  void positionOfAFileIsAfterItsNewestBufferedLine() throws Exception {
    try (DiskBuffer b = open(4 * MIB, DiskBuffer.FullPolicy.BLOCK)) {
      b.append(lines("/a", 0, 3, 10));
    }
    try (DiskBuffer b = open(4 * MIB, DiskBuffer.FullPolicy.BLOCK)) {
      assertThat(b.position("/a")).contains(new DiskBuffer.Position("k1", 33, 4, 0));
    }
  }

  @Test
  void positionSurvivesWhenEveryRecordWasAcknowledgedAndDeleted() throws Exception {
    try (DiskBuffer b = open(4 * MIB, DiskBuffer.FullPolicy.BLOCK)) {
      b.append(lines("/a", 0, 3, 10));
      b.ack(3, b.read(0, 10, MIB, 0));
    }
    try (DiskBuffer b = open(4 * MIB, DiskBuffer.FullPolicy.BLOCK)) {
      assertThat(b.position("/a")).contains(new DiskBuffer.Position("k1", 33, 4, 0));
    }
  }

  @Test
  void aFullBufferBlocksTheWriterUntilTheServerTakesData() throws Exception {
    try (DiskBuffer b = open(MIB, DiskBuffer.FullPolicy.BLOCK)) {
      b.append(lines("/a", 0, 900, 1000));
      CompletableFuture<Long> more =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return b.append(lines("/a", 900, 200, 1000));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      Thread.sleep(300);
      assertThat(more).isNotDone();
      b.ack(900, b.read(0, 900, 100 * MIB, 0));
      assertThat(more.get(10, TimeUnit.SECONDS)).isEqualTo(1100);
    }
  }

  @Test
  void dropOldestDropsAndCountsInsteadOfBlocking() throws Exception {
    try (DiskBuffer b = open(MIB, DiskBuffer.FullPolicy.DROP_OLDEST)) {
      for (int i = 0; i < 30; i++) {
        b.append(lines("/a", i * 100L, 100, 1000));
      }
      assertThat(b.dropped()).isPositive();
      assertThat(b.bytes()).isLessThanOrEqualTo(MIB);
      assertThat(b.dropped() + b.pending()).isEqualTo(3000);
    }
  }

  @Test
  void aBatchReadBeforeItsSegmentWasDroppedIsNotCountedAsDroppedOnceStored() throws Exception {
    try (DiskBuffer b = open(MIB, DiskBuffer.FullPolicy.DROP_OLDEST)) {
      b.append(lines("/a", 0, 100, 1000));
      List<WireRecord> inFlight = b.read(0, 100, 100 * MIB, 0);
      for (int i = 1; i < 30; i++) {
        b.append(lines("/a", i * 100L, 100, 1000));
      }
      b.ack(100, inFlight); // the server took the batch after all
      assertThat(b.dropped() + b.pending() + 100).isEqualTo(3000);
    }
  }

  @Test
  void droppedCountSurvivesAReopen() throws Exception {
    long dropped;
    try (DiskBuffer b = open(MIB, DiskBuffer.FullPolicy.DROP_OLDEST)) {
      for (int i = 0; i < 30; i++) {
        b.append(lines("/a", i * 100L, 100, 1000));
      }
      dropped = b.dropped();
    }
    try (DiskBuffer b = open(MIB, DiskBuffer.FullPolicy.DROP_OLDEST)) {
      assertThat(b.dropped()).isEqualTo(dropped);
    }
  }

  @Test
  void readWaitsForARecordToArrive() throws Exception {
    try (DiskBuffer b = open(4 * MIB, DiskBuffer.FullPolicy.BLOCK)) {
      CompletableFuture<List<WireRecord>> r =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return b.read(0, 10, MIB, 5_000);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      Thread.sleep(100);
      b.append(lines("/a", 0, 1, 10));
      assertThat(r.get(5, TimeUnit.SECONDS)).hasSize(1);
    }
  }
}
