package dev.mimamori.pipeline;

import dev.mimamori.detect.Detector;
import dev.mimamori.incidents.Correlation;
import dev.mimamori.incidents.IncidentCorrelator;
import dev.mimamori.incidents.notify.Notification;
import dev.mimamori.incidents.notify.NotificationException;
import dev.mimamori.incidents.notify.Notifier;
import dev.mimamori.model.Alert;
import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.CardMasker;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.LogParser;
import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.parse.Parsers;
import dev.mimamori.sensors.source.FileLineReader;
import dev.mimamori.sensors.source.Globs;
import dev.mimamori.sensors.source.RawLine;
import dev.mimamori.sensors.source.RecordJoiner;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event path: reader threads (one per source) feed a bounded line queue; one detect worker
 * parses, normalizes and runs the rules; a bounded alert queue feeds one incident worker that
 * groups, stores and notifies. A full queue blocks its producer: a flood slows the readers, the
 * heap stays bounded. Read positions travel through the queues behind the lines they follow and are
 * saved only once everything before them is stored, so a crash re-reads rather than loses.
 */
public final class Pipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
  private static final int CHECKPOINT_EVERY_LINES = 1000;
  private static final long COMMIT_INTERVAL = TimeUnit.SECONDS.toNanos(5);
  private static final long FOLLOW_POLL_MILLIS = 250;

  /** A followed file's held multi-line record ends when no line came for this long. */
  private static final long MULTILINE_IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private static final int NOTIFY_ATTEMPTS = 3;
  private static final long MAX_RETRY_PAUSE_MILLIS = 5000;

  private sealed interface Work {}

  /**
   * Lines travel in batches: one queue hand-off per line would cost more than parsing it. A file
   * reader parses its lines and does the rules' stateless work ({@link Detector#prepare}) itself,
   * beside the detect worker ({@code read} in line order); pushed lines come unparsed ({@code read}
   * null) and the detect worker parses them.
   */
  private record LineBatch(
      SourceSpec source,
      LogParser parser,
      StreamId stream,
      List<RawLine> lines,
      @org.jspecify.annotations.Nullable List<Read> read)
      implements Work {
    LineBatch(SourceSpec source, LogParser parser, StreamId stream, List<RawLine> lines) {
      this(source, parser, stream, lines, null);
    }
  }

  /** A line parsed on its reader's thread; {@code view} is the prepared event when it parsed. */
  private record Read(
      ParseResult result, dev.mimamori.detect.@org.jspecify.annotations.Nullable EventView view) {}

  /** Parsed events on their way from the detect worker to the archive worker. */
  private record EventBatch(StreamId stream, List<Event> events) implements Work {}

  /** A stream is read again from {@code offset}: what the archive holds past it goes first. */
  private record Resume(StreamId stream, long offset) implements Work {}

  private record AlertItem(Alert alert) implements Work {}

  /**
   * A read position. {@code last} marks the end of a read pass or a stop (always saved); others
   * come every thousand lines and are saved at most every five seconds, since each save commits the
   * archive. {@code durable} is false when the events before it could not be archived.
   */
  private record Mark(
      SourceSpec source, CheckpointStore.Checkpoint checkpoint, boolean last, boolean durable)
      implements Work {}

  private record Flush(CountDownLatch done) implements Work {}

  private record Stop() implements Work {}

  /** The detector the detect worker runs; only the worker replaces it (between two batches). */
  private volatile Detector detector;

  /** A detector to switch to, handed over by {@link #replaceDetector}. */
  private final AtomicReference<Detector> nextDetector = new AtomicReference<>();

  private final EventSink events;
  private final IncidentCorrelator correlator;
  private final CheckpointStore checkpoints;
  private final List<Notifier> notifiers;
  private final PipelineListener listener;
  private final BlockingQueue<Work> lines;
  private final BlockingQueue<Work> archiveQueue;
  private final int batchSize;
  private final BlockingQueue<Work> alerts;
  private final PipelineStats stats = new PipelineStats();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private volatile boolean storeBroken;
  private volatile boolean archiveBroken;

  /** When the archive was last committed; the archive worker's own. */
  private long lastCommit = System.nanoTime();

  private final List<Thread> readers = new CopyOnWriteArrayList<>();
  private final List<SourceSpec> fileSources = new CopyOnWriteArrayList<>();
  private final Thread detectWorker;
  private final Thread archiveWorker;
  private final Thread incidentWorker;

  public Pipeline(
      Detector detector,
      IncidentCorrelator correlator,
      CheckpointStore checkpoints,
      List<Notifier> notifiers,
      PipelineListener listener,
      int queueCapacity) {
    this(detector, correlator, checkpoints, notifiers, listener, queueCapacity, EventSink.NONE);
  }

  public Pipeline(
      Detector detector,
      IncidentCorrelator correlator,
      CheckpointStore checkpoints,
      List<Notifier> notifiers,
      PipelineListener listener,
      int queueCapacity,
      EventSink events) {
    this.events = events;
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queue capacity must be at least 1");
    }
    this.detector = detector;
    stats.excepted = () -> this.detector.exceptedAlerts();
    this.correlator = correlator;
    this.checkpoints = checkpoints;
    this.notifiers = List.copyOf(notifiers);
    this.listener = listener;
    // The line queue holds about queueCapacity lines, in batches of up to 256.
    this.batchSize = Math.max(1, Math.min(256, queueCapacity / 4));
    this.lines = new ArrayBlockingQueue<>(Math.max(1, queueCapacity / batchSize));
    this.archiveQueue = new ArrayBlockingQueue<>(Math.max(2, queueCapacity / batchSize));
    this.alerts = new ArrayBlockingQueue<>(queueCapacity);
    this.detectWorker = new Thread(this::detectLoop, "mimamori-detect");
    this.archiveWorker = new Thread(this::archiveLoop, "mimamori-archive");
    this.incidentWorker = new Thread(this::incidentLoop, "mimamori-incidents");
    detectWorker.start();
    archiveWorker.start();
    incidentWorker.start();
  }

  /**
   * Runs {@code next} instead of the current detector from the next batch of lines on (a rule
   * reload). The detect worker makes the switch between two batches and hands over the suppression
   * windows ({@link Detector#continueFrom}), so no event is seen by both or by neither; the rules'
   * own state travels in the rule instances {@code next} was built with. A detector handed over
   * before the worker took the previous one replaces it.
   */
  public void replaceDetector(Detector next) {
    nextDetector.set(next);
  }

  /** On the detect worker: switches to a detector handed over, if any. */
  private void switchDetectorIfAsked() {
    Detector next = nextDetector.getAndSet(null);
    if (next != null) {
      next.continueFrom(detector);
      detector = next;
    }
  }

  /**
   * How far behind each file source is: the file's size less the position saved after what was
   * stored (a file that was rotated away or cannot be read counts as 0 behind).
   */
  public List<SourceLag> sourceLag() {
    List<SourceLag> out = new ArrayList<>();
    for (SourceSpec s : fileSources) {
      long size;
      try {
        size = java.nio.file.Files.size(s.path());
      } catch (IOException e) {
        size = 0;
      }
      long saved = 0;
      try {
        saved = checkpoints.load(s).map(CheckpointStore.Checkpoint::offset).orElse(0L);
      } catch (RuntimeException e) {
        LOG.debug("reading the position of {} failed: {}", s.path(), e.toString());
      }
      out.add(new SourceLag(s, Math.max(0, size - saved)));
    }
    return out;
  }

  /** A file source and how many bytes of it are not yet stored. */
  public record SourceLag(SourceSpec source, long bytesBehind) {}

  public PipelineStats stats() {
    return stats;
  }

  /**
   * Starts reading a source on its own thread, from its saved position. A path whose file name is a
   * pattern ({@code /var/log/nginx/*.log}) reads every file it names; a followed pattern is looked
   * at again every two seconds and new files are read from their start.
   */
  public void addSource(SourceSpec source) {
    if (!Globs.isPattern(source.path())) {
      addFile(source);
      return;
    }
    Parsers.forFormat(source.format()); // refuse a bad format now, not in the discovery thread
    java.util.Set<java.nio.file.Path> known = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Runnable scan =
        () -> {
          try {
            for (java.nio.file.Path f : Globs.matches(source.path(), source.follow())) {
              if (known.add(f)) {
                addFile(
                    new SourceSpec(
                        f, source.format(), source.tenant(), source.asset(), source.follow()));
              }
            }
          } catch (IOException e) {
            LOG.warn("looking for {} failed: {}", source.path(), e.toString());
          }
        };
    scan.run();
    if (source.follow()) {
      Thread t =
          new Thread(
              () -> {
                try {
                  while (!stopSignal.await(2, TimeUnit.SECONDS)) {
                    scan.run();
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "mimamori-discover");
      t.setDaemon(true);
      t.start();
    }
  }

  private void addFile(SourceSpec source) {
    LogParser parser = Parsers.forFormat(source.format());
    fileSources.add(source);
    Thread t = new Thread(() -> readLoop(source, parser), "mimamori-source-" + readers.size());
    t.setDaemon(true);
    readers.add(t);
    t.start();
  }

  /**
   * Waits until every source that does not follow has been read to its end and everything read has
   * gone through all stages.
   *
   * @return whether that happened within the timeout
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread r : readers) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedJoin(r, left);
      if (r.isAlive()) {
        return false;
      }
    }
    return flush(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
  }

  /**
   * Where a pushed source's numbering stands, and its parser. Guarded by its own monitor; a state
   * found {@link #evicted} was dropped from {@link #pushed} and must be looked up again.
   */
  private static final class PushState {
    final SourceSpec source;
    final LogParser parser;
    CheckpointStore.Checkpoint next;
    boolean resumed;

    /**
     * Everything numbered so far is known to be stored (or {@link #next} is the saved position).
     */
    boolean settled = true;

    /** Calls begun on this source: a call settles it only if no later call has begun since. */
    long calls;

    boolean evicted;

    /** Read without the monitor by the sweep, which skips recently used states unlocked. */
    volatile long lastUsed = System.nanoTime();

    PushState(SourceSpec source, LogParser parser, CheckpointStore.Checkpoint next) {
      this.source = source;
      this.parser = parser;
      this.next = next;
    }

    /** A call begins (under the monitor): its lines are numbered, not yet known stored. */
    long begin() {
      settled = false;
      lastUsed = System.nanoTime();
      return ++calls;
    }

    /** A call ended: it settles the source if its lines were stored and no call began since. */
    synchronized void ended(long call, boolean stored) {
      lastUsed = System.nanoTime();
      if (stored && calls == call) {
        settled = true;
      }
    }
  }

  private final java.util.Map<String, PushState> pushed =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * A pushed source (an agent's file, a shipper's stream) that sent nothing for this long is
   * forgotten, once all it sent is stored: agents move on to new files at every rotation, and a
   * state kept per file for good would grow without end. Its next lines start again from its saved
   * position, as after a restart.
   */
  private volatile long pushIdleNanos = TimeUnit.MINUTES.toNanos(10);

  private final java.util.concurrent.atomic.AtomicLong lastPushSweep =
      new java.util.concurrent.atomic.AtomicLong(System.nanoTime());

  /** For tests: how long a pushed source may be idle before it is forgotten. */
  void pushIdleAfter(Duration idle) {
    pushIdleNanos = idle.toNanos();
    lastPushSweep.set(System.nanoTime() - pushIdleNanos);
  }

  /** How many pushed sources are remembered (for tests and stats). */
  int pushedSources() {
    return pushed.size();
  }

  private PushState pushState(SourceSpec source) {
    sweepIdlePushStates();
    return pushed.computeIfAbsent(
        source.id(),
        k ->
            new PushState(
                source,
                Parsers.forFormat(source.format()),
                checkpoints.load(source).orElse(new CheckpointStore.Checkpoint(0, 1))));
  }

  /** At most once per idle period: forgets the pushed sources idle for longer than it. */
  private void sweepIdlePushStates() {
    long now = System.nanoTime();
    long last = lastPushSweep.get();
    long idle = pushIdleNanos;
    if (now - last < idle || !lastPushSweep.compareAndSet(last, now)) {
      return;
    }
    for (PushState st : pushed.values()) {
      if (now - st.lastUsed < idle) {
        continue; // in use or lately: not even waited for
      }
      synchronized (st) {
        if (st.evicted || now - st.lastUsed < idle) {
          continue;
        }
        // Lines left queued (a timeout) may still be on their way: forget the source only once
        // its saved position has caught up with its numbering.
        if (!st.settled && !checkpoints.load(st.source).equals(Optional.of(st.next))) {
          continue;
        }
        st.evicted = true;
        pushed.remove(st.source.id(), st);
      }
    }
  }

  /**
   * Takes lines a shipper pushed (HTTP) through the same path as a file's, and returns once they
   * are archived and their alerts stored, so the sender may forget them. Each pushed source numbers
   * its lines: {@code log.offset} is the line's sequence number in that source, kept across
   * restarts like a file's position.
   *
   * @return {@link Submitted#STORED} once stored; {@link Submitted#QUEUED} when the lines are in
   *     the pipeline but were not stored within the timeout (the sender must not send them again);
   *     {@link Submitted#REFUSED} when they were not taken (stopping): the sender should retry
   */
  public Submitted submit(SourceSpec source, List<String> texts, Duration timeout)
      throws InterruptedException {
    if (stopping.get()) {
      return Submitted.REFUSED;
    }
    PushState st = pushState(source);
    StreamId stream = StreamId.of(source, null);
    long call;
    synchronized (st) {
      if (st.evicted) {
        return submit(source, texts, timeout); // forgotten meanwhile: start from its saved position
      }
      call = st.begin();
      long off = st.next.offset();
      long line = st.next.lineNumber();
      String path = source.path().toString();
      if (!st.resumed) {
        // Lines numbered past the saved position before a crash were never acknowledged: the
        // sender sends them again, so the archive forgets them first.
        lines.put(new Resume(stream, off));
        st.resumed = true;
      }
      List<RawLine> batch = new ArrayList<>(Math.min(texts.size(), batchSize));
      for (String t : texts) {
        String text =
            t.length() > FileLineReader.DEFAULT_MAX_LINE_BYTES
                ? t.substring(0, FileLineReader.DEFAULT_MAX_LINE_BYTES)
                : t;
        batch.add(new RawLine(path, off, off + 1, line, text, text.length() != t.length()));
        stats.linesRead.incrementAndGet();
        off++;
        line++;
        if (batch.size() >= batchSize) {
          lines.put(new LineBatch(source, st.parser, stream, List.copyOf(batch)));
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        lines.put(new LineBatch(source, st.parser, stream, List.copyOf(batch)));
      }
      st.next = new CheckpointStore.Checkpoint(off, line);
      lines.put(new Mark(source, st.next, true, true));
    }
    boolean stored = flush(timeout) && !archiveBroken && !storeBroken;
    st.ended(call, stored);
    return stored ? Submitted.STORED : Submitted.QUEUED;
  }

  /**
   * Takes lines read elsewhere (by an agent beside the shop) with their own positions in their
   * file, through the same path as a file's. The stream is {@code source} (one per file the agent
   * read: its path names the agent and the file's identity); its saved position says what is stored
   * already, so lines sent again after a lost answer or a crash are skipped, and before the first
   * lines after a start the archive forgets what lies past that position. Lines must come in file
   * order.
   *
   * @param lines the lines, each with its file offset, next offset and line number; {@link
   *     RawLine#path()} is the path on the agent's host (it becomes {@code log.file.path})
   * @return as {@link #submit}; {@link Submitted#STORED} also when every line was stored before
   */
  public Submitted submitPositioned(SourceSpec source, List<RawLine> lines, Duration timeout)
      throws InterruptedException {
    if (stopping.get()) {
      return Submitted.REFUSED;
    }
    PushState st = pushState(source);
    StreamId stream = StreamId.of(source, null);
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean any = false;
    long call;
    synchronized (st) {
      if (st.evicted) {
        return submitPositioned(source, lines, timeout); // forgotten meanwhile: look it up again
      }
      call = st.begin();
      try {
        if (!st.resumed) {
          offer(new Resume(stream, st.next.offset()), deadline);
          st.resumed = true;
        }
        List<RawLine> batch = new ArrayList<>(Math.min(lines.size(), batchSize));
        for (RawLine line : lines) {
          if (line.nextOffset() <= st.next.offset()) {
            continue; // stored before
          }
          batch.add(line);
          stats.linesRead.incrementAndGet();
          st.next = new CheckpointStore.Checkpoint(line.nextOffset(), line.nextLineNumber());
          any = true;
          if (batch.size() >= batchSize) {
            offer(new LineBatch(source, st.parser, stream, List.copyOf(batch)), deadline);
            batch.clear();
          }
        }
        if (!batch.isEmpty()) {
          offer(new LineBatch(source, st.parser, stream, List.copyOf(batch)), deadline);
        }
        if (any) {
          offer(new Mark(source, st.next, true, true), deadline);
        }
      } catch (java.util.concurrent.TimeoutException e) {
        backToCommitted(source, st);
        return Submitted.QUEUED;
      }
    }
    long left = Math.max(1, deadline - System.nanoTime());
    if (flush(Duration.ofNanos(left)) && !archiveBroken && !storeBroken) {
      st.ended(call, true);
      return Submitted.STORED;
    }
    synchronized (st) {
      backToCommitted(source, st);
    }
    return Submitted.QUEUED;
  }

  /**
   * Lines not known to be stored: the stream's position goes back to the saved one, and before the
   * next lines the archive forgets what lies past it, so the sender's retry stores them once.
   */
  private void backToCommitted(SourceSpec source, PushState st) {
    st.next = checkpoints.load(source).orElse(new CheckpointStore.Checkpoint(0, 1));
    st.resumed = false;
    st.settled = true; // numbering is back at the saved position
    st.lastUsed = System.nanoTime();
  }

  /** Queues work, or gives up at the deadline (a request thread must not wait forever). */
  private void offer(Work w, long deadline)
      throws InterruptedException, java.util.concurrent.TimeoutException {
    if (!lines.offer(w, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
      throw new java.util.concurrent.TimeoutException();
    }
  }

  /**
   * Hands an alert made outside the log path (a file change, a browser check) to the incident
   * worker, so it is grouped, stored and notified like any other.
   *
   * @return false when the pipeline is stopping and did not take it
   */
  public boolean submitAlert(Alert alert) throws InterruptedException {
    if (stopping.get()) {
      return false;
    }
    stats.alerts.incrementAndGet();
    alerts.put(new AlertItem(alert));
    return true;
  }

  /** What became of pushed lines. */
  public enum Submitted {
    STORED,
    QUEUED,
    REFUSED
  }

  /** Waits until everything queued so far has gone through all stages. */
  public boolean flush(Duration timeout) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    if (!lines.offer(new Flush(done), timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      return false;
    }
    return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Stops reading, lets what was read drain through detection and storage, and stops the workers;
   * waits at most {@code timeout}. Readers stop after the line in hand and queue the position just
   * past it, so a restart neither re-reads nor skips.
   */
  public void close(Duration timeout) {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    stopSignal.countDown();
    long deadline = System.nanoTime() + timeout.toNanos();
    long readersDeadline = System.nanoTime() + timeout.toNanos() / 2;
    try {
      for (Thread r : readers) {
        TimeUnit.NANOSECONDS.timedJoin(r, Math.max(1, readersDeadline - System.nanoTime()));
      }
      for (Thread r : readers) {
        if (r.isAlive()) {
          // Blocked on a queue that does not drain in time: what it read is re-read on restart.
          r.interrupt();
          r.join(200);
        }
      }
      if (!lines.offer(new Stop(), remaining(deadline), TimeUnit.NANOSECONDS)) {
        LOG.warn("pipeline did not drain in time; unsaved positions will be re-read on restart");
        detectWorker.interrupt();
        archiveWorker.interrupt();
      }
      TimeUnit.NANOSECONDS.timedJoin(detectWorker, remaining(deadline));
      TimeUnit.NANOSECONDS.timedJoin(archiveWorker, remaining(deadline));
      TimeUnit.NANOSECONDS.timedJoin(incidentWorker, remaining(deadline));
      if (incidentWorker.isAlive()) {
        incidentWorker.interrupt();
        // Let a store call in progress finish before the caller closes the database.
        incidentWorker.join(1000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long remaining(long deadline) {
    return Math.max(1, deadline - System.nanoTime());
  }

  /** Whether both workers run and the store accepts writes. */
  public boolean healthy() {
    return detectWorker.isAlive()
        && archiveWorker.isAlive()
        && incidentWorker.isAlive()
        && !storeBroken
        && !archiveBroken;
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(8));
  }

  /** Thrown from a reader's sink when the pipeline stops, to end the read after a whole line. */
  private static final class StopReading extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StopReading() {
      super(null, null, false, false);
    }
  }

  /** A reader thread's lines not yet queued, and the position just past the last line it read. */
  private final class ReaderState {
    private final SourceSpec source;
    private final LogParser parser;
    private final List<RawLine> batch = new ArrayList<>(batchSize);
    private int sinceMark;
    private CheckpointStore.Checkpoint delivered;

    /** The identity of the file being read (device and inode), once known. */
    private @org.jspecify.annotations.Nullable String key;

    /** Joins multi-line records for formats that write them; null for one-line formats. */
    private final @org.jspecify.annotations.Nullable RecordJoiner joiner;

    private long lastLineNanos = System.nanoTime();

    ReaderState(SourceSpec source, LogParser parser, CheckpointStore.Checkpoint start) {
      this.source = source;
      this.parser = parser;
      this.delivered = start;
      this.key = start.fileKey();
      this.joiner = parser.multiline() ? new RecordJoiner(parser, this::deliver) : null;
    }

    void accept(RawLine line) throws InterruptedException {
      if (stopping.get()) {
        throw new StopReading();
      }
      stats.linesRead.incrementAndGet();
      if (joiner != null) {
        lastLineNanos = System.nanoTime();
        joiner.accept(line);
      } else {
        deliver(line);
      }
    }

    /**
     * The record held back to see whether the next line continues it has ended: the file was read
     * to its end, or was rotated away.
     *
     * @return whether a record was passed on
     */
    boolean endOfRecords() throws InterruptedException {
      if (joiner == null || !joiner.pending()) {
        return false;
      }
      joiner.flush();
      return true;
    }

    /** A followed file's last record is passed on once the file has not grown for a while. */
    boolean endOfRecordsIfIdle() throws InterruptedException {
      if (System.nanoTime() - lastLineNanos < MULTILINE_IDLE_NANOS) {
        return false;
      }
      return endOfRecords();
    }

    /** Whether a record is held back: the position to save is its start, not the end of file. */
    boolean holding() {
      return joiner != null && joiner.pending();
    }

    /** One record (a line, or lines joined) into the batch, and the position after it. */
    private void deliver(RawLine line) throws InterruptedException {
      batch.add(line);
      delivered = new CheckpointStore.Checkpoint(line.nextOffset(), line.nextLineNumber(), key);
      if (batch.size() >= batchSize) {
        putBatch(source, parser, stream(), batch);
      }
      if (++sinceMark >= CHECKPOINT_EVERY_LINES) {
        mark(false);
      }
    }

    /** Queues the pending lines and the position after them. */
    void mark(boolean last) throws InterruptedException {
      sinceMark = 0;
      putBatch(source, parser, stream(), batch);
      lines.put(new Mark(source, delivered, last, true));
    }

    StreamId stream() {
      return StreamId.of(source, key);
    }

    /**
     * Before reading the current file from {@code offset}: the archive forgets what lies past it.
     */
    void resume(long offset) throws InterruptedException {
      lines.put(new Resume(stream(), offset));
    }
  }

  private void readLoop(SourceSpec source, LogParser parser) {
    FileLineReader reader = new FileLineReader(source.path());
    CheckpointStore.Checkpoint start =
        checkpoints.load(source).orElse(new CheckpointStore.Checkpoint(0, 1));
    String current = FileLineReader.fileKey(source.path());
    if (!source.follow()
        && current != null
        && start.fileKey() != null
        && !current.equals(start.fileKey())) {
      // Another file now has this name (rotated, replaced): its bytes are new, read from the start.
      start = new CheckpointStore.Checkpoint(0, 1, current);
    }
    if (start.fileKey() == null && current != null) {
      start = new CheckpointStore.Checkpoint(start.offset(), start.lineNumber(), current);
    }
    ReaderState state = new ReaderState(source, parser, start);
    FileLineReader.Position pos = new FileLineReader.Position(start.offset(), start.lineNumber());
    long pause = FOLLOW_POLL_MILLIS;
    boolean failing = false;
    try {
      state.resume(start.offset());
      while (!stopping.get()) {
        try {
          if (source.follow()) {
            pos = followRotation(source, state, pos);
          }
          FileLineReader.Position before = pos;
          pos = reader.read(pos.offset(), pos.lineNumber(), !source.follow(), state::accept);
          boolean passedOn = source.follow() ? state.endOfRecordsIfIdle() : state.endOfRecords();
          if (!pos.equals(before) || !source.follow() || passedOn) {
            if (!state.holding()) {
              // Also covers a file that shrank (rotation): the position restarts at its beginning.
              state.delivered =
                  new CheckpointStore.Checkpoint(pos.offset(), pos.lineNumber(), state.key);
            }
            state.mark(true);
          }
          failing = false;
          pause = FOLLOW_POLL_MILLIS;
        } catch (StopReading stop) {
          state.mark(true);
          return;
        } catch (IOException e) {
          if (!source.follow()) {
            throw e;
          }
          // A followed file may be missing or unreadable for a while (rotation, permissions):
          // keep trying, report once.
          if (!failing && !(e instanceof NoSuchFileException)) {
            stats.sourceErrors.incrementAndGet();
            LOG.warn("source {} unreadable, retrying: {}", source.path(), e.toString());
            listener.sourceFailed(source, e);
          }
          failing = true;
          pause = Math.min(pause * 2, MAX_RETRY_PAUSE_MILLIS);
        }
        if (!source.follow()) {
          return;
        }
        if (stopSignal.await(pause, TimeUnit.MILLISECONDS)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      stats.sourceErrors.incrementAndGet();
      LOG.error("source {} failed: {}", source.path(), e.toString());
      listener.sourceFailed(source, e);
    }
  }

  /**
   * Rotation by rename: when the path now names another file than the one being read, the old one
   * (renamed beside it, e.g. {@code access.log.1}) is read to its end first, then the new file from
   * its start. Returns the position to read the path from.
   */
  private FileLineReader.Position followRotation(
      SourceSpec source, ReaderState state, FileLineReader.Position pos)
      throws IOException, InterruptedException {
    String current = FileLineReader.fileKey(source.path());
    if (current == null) {
      return pos; // missing for now: wait for it
    }
    if (state.key == null) {
      state.key = current; // first read, or a position saved before keys were kept
      return pos;
    }
    if (current.equals(state.key)) {
      return pos;
    }
    java.nio.file.Path old = FileLineReader.renamedTo(source.path(), state.key);
    if (old != null) {
      LOG.info("{} was rotated to {}; reading the rest of it first", source.path(), old);
      new FileLineReader(old).read(pos.offset(), pos.lineNumber(), true, state::accept);
      state.endOfRecords();
    } else {
      LOG.warn("{} was replaced and its old file is gone; reading the new one", source.path());
    }
    state.key = current;
    state.delivered = new CheckpointStore.Checkpoint(0, 1, current);
    state.mark(true);
    // Lines of the new file archived before a crash that came before this position was saved.
    state.resume(0);
    return new FileLineReader.Position(0, 1);
  }

  private void putBatch(SourceSpec source, LogParser parser, StreamId stream, List<RawLine> batch)
      throws InterruptedException {
    if (!batch.isEmpty()) {
      List<RawLine> copy = List.copyOf(batch);
      batch.clear();
      List<Read> read = new ArrayList<>(copy.size());
      Detector d = detector;
      for (RawLine line : copy) {
        ParseResult result = parse(source, parser, line);
        dev.mimamori.detect.EventView view = null;
        if (result instanceof ParseResult.Parsed p) {
          try {
            view = d.prepare(p.event());
          } catch (RuntimeException e) {
            // The detect worker evaluates the rules again without the work done here, and
            // reports the failure there, where it always has.
            view = null;
          }
        }
        read.add(new Read(result, view));
      }
      lines.put(new LineBatch(source, parser, stream, copy, read));
    }
  }

  private static ParseResult parse(SourceSpec src, LogParser parser, RawLine raw) {
    try {
      return parser.parse(
          raw.text(),
          new LineContext(src.tenant(), src.asset(), raw.path(), raw.offset(), raw.lineNumber()));
    } catch (RuntimeException e) {
      // A parser bug must not stop the pipeline; the line is reported, not dropped silently.
      return new ParseResult.Rejected("parser failed: " + e, raw.lineNumber());
    }
  }

  private void detectLoop() {
    try {
      while (true) {
        Work w = lines.take();
        if (w instanceof LineBatch b) {
          if (nextDetector.get() != null) {
            switchDetectorIfAsked();
          }
          List<Event> parsed = new ArrayList<>(b.lines().size());
          List<Read> read = b.read();
          for (int i = 0; i < b.lines().size(); i++) {
            RawLine line = b.lines().get(i);
            try {
              if (read == null) {
                detect(b.source(), parse(b.source(), b.parser(), line), null, line, parsed);
              } else {
                detect(b.source(), read.get(i).result(), read.get(i).view(), line, parsed);
              }
            } catch (RuntimeException e) {
              // A rule or parser bug must not stop monitoring: count it, say where, go on.
              if (stats.detectErrors.incrementAndGet() <= 20) {
                LOG.error("detection failed on {} line {}", line.path(), line.lineNumber(), e);
              }
            }
          }
          archiveQueue.put(new EventBatch(b.stream(), parsed));
        } else {
          // Positions, resumes, flushes and the stop follow the events before them to the archive.
          archiveQueue.put(w);
          if (w instanceof Stop) {
            return;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Archives events on a thread of its own, so indexing runs beside parsing and detection, and
   * commits before a position passes on to be saved.
   */
  private void archiveLoop() {
    try {
      while (true) {
        Work w = archiveQueue.take();
        if (w instanceof EventBatch b) {
          archive(b);
          continue;
        }
        if (w instanceof Resume r) {
          discard(r);
          continue;
        }
        if (w instanceof Mark m && !m.last() && System.nanoTime() - lastCommit < COMMIT_INTERVAL) {
          continue; // a later mark carries a later position; commits cost an fsync
        }
        if (w instanceof Mark || w instanceof Flush || w instanceof Stop) {
          boolean durable = commitEvents();
          lastCommit = System.nanoTime();
          if (!durable && w instanceof Mark m) {
            w = new Mark(m.source(), m.checkpoint(), m.last(), false);
          }
        }
        alerts.put(w);
        if (w instanceof Stop) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void discard(Resume r) {
    try {
      events.discardFrom(r.stream(), r.offset());
    } catch (java.io.IOException | RuntimeException e) {
      // Lines may then be archived twice; losing none matters more.
      stats.storeErrors.incrementAndGet();
      LOG.error(
          "could not clear {} past offset {} before reading it again: {}",
          r.stream().path(),
          r.offset(),
          e.toString());
    }
  }

  /**
   * Makes the archived events durable before the position behind them can be saved. A failure stops
   * positions from being saved (the lines are read again after a restart).
   */
  private boolean commitEvents() {
    try {
      events.commit();
      archiveBroken = false;
      return true;
    } catch (java.io.IOException | RuntimeException e) {
      stats.storeErrors.incrementAndGet();
      archiveBroken = true;
      LOG.error("archiving events failed; read positions are held back: {}", e.toString());
      return false;
    }
  }

  private void archive(EventBatch b) {
    try {
      events.addAll(b.events(), b.stream());
    } catch (java.io.IOException | RuntimeException e) {
      if (stats.storeErrors.incrementAndGet() <= 20) {
        LOG.error("archiving {} events of {} failed: {}", b.events().size(), b.stream().path(), e);
      }
    }
  }

  /**
   * A line no parser read is still evidence: it is archived as it was (cards masked), marked {@code
   * event.outcome: unparsed} with the reason, at the time it was read.
   */
  static Event unparsed(SourceSpec src, RawLine raw, ParseResult.Rejected r) {
    return Event.builder()
        .timestamp(java.time.Instant.now())
        .tenant(src.tenant())
        .asset(src.asset())
        .dataset("mimamori.unparsed")
        .original(CardMasker.mask(raw.text()))
        .logFilePath(raw.path())
        .logOffset(raw.offset())
        .lineNumber(raw.lineNumber())
        .extra("event.outcome", "unparsed")
        .extra(
            "error.message",
            r.reason().length() > 1024 ? r.reason().substring(0, 1024) : r.reason())
        .build();
  }

  private void detect(
      SourceSpec src,
      ParseResult result,
      dev.mimamori.detect.@org.jspecify.annotations.Nullable EventView view,
      RawLine raw,
      List<Event> parsed)
      throws InterruptedException {
    if (result instanceof ParseResult.Rejected r) {
      stats.linesRejected.incrementAndGet();
      listener.rejected(src, r);
      parsed.add(unparsed(src, raw, r));
      return;
    }
    stats.eventsParsed.incrementAndGet();
    Event event = ((ParseResult.Parsed) result).event();
    parsed.add(event);
    // A view prepared by a detector since replaced only misses its memos: the rules then work
    // them out again here.
    for (Alert a : view != null ? detector.process(view) : detector.process(event)) {
      stats.alerts.incrementAndGet();
      alerts.put(new AlertItem(a));
    }
  }

  private void incidentLoop() {
    try {
      while (true) {
        Work w = alerts.take();
        if (w instanceof AlertItem a) {
          Correlation c = storeWithRetry(a.alert());
          if (c != null) {
            afterStore(c);
          }
        } else if (w instanceof Mark m) {
          if (m.durable() && !storeBroken) {
            saveCheckpoint(m);
          }
        } else if (w instanceof Flush f) {
          f.done().countDown();
        } else if (w instanceof Stop) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Groups and stores an alert, retrying a failing store with backoff for as long as the pipeline
   * runs (a database restart must not lose alerts); gives up only when stopping.
   *
   * @return the correlation; null when the alert was stored before (its line was read again after a
   *     restart: nothing to group or send) or could not be stored (then no position is saved from
   *     now on, so a restart re-reads these lines)
   */
  private @org.jspecify.annotations.Nullable Correlation storeWithRetry(Alert alert)
      throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        if (correlator.seenBefore(alert)) {
          stats.duplicateAlerts.incrementAndGet();
          return null;
        }
        Correlation c = correlator.accept(alert);
        if (storeBroken) {
          LOG.info("store accepts writes again");
          storeBroken = false;
        }
        return c;
      } catch (RuntimeException e) {
        stats.storeErrors.incrementAndGet();
        if (attempt == 1) {
          LOG.error("storing an alert failed, retrying: {}", e.toString());
        }
        if (stopping.get() && attempt >= 3) {
          storeBroken = true;
          return null;
        }
        Thread.sleep(Math.min(100L << Math.min(attempt, 6), MAX_RETRY_PAUSE_MILLIS));
      }
    }
  }

  private void saveCheckpoint(Mark m) {
    try {
      checkpoints.save(m.source(), m.checkpoint());
    } catch (RuntimeException e) {
      // The next mark saves a later position; until then a restart re-reads a little.
      stats.storeErrors.incrementAndGet();
      LOG.warn("saving the read position of {} failed: {}", m.source().path(), e.toString());
    }
  }

  private void afterStore(Correlation c) throws InterruptedException {
    if (c.created()) {
      stats.incidentsOpened.incrementAndGet();
    }
    try {
      listener.correlated(c);
    } catch (RuntimeException e) {
      LOG.warn("pipeline listener failed: {}", e.toString());
    }
    if (c.notable()) {
      Notification.Kind kind =
          c.created()
              ? Notification.Kind.INCIDENT_OPENED
              : c.escalated() ? Notification.Kind.INCIDENT_ESCALATED : Notification.Kind.SUMMARY;
      Notification n =
          new Notification(
              c.incident().id() + "/" + c.incident().alertCount(),
              kind,
              c.incident(),
              java.util.Locale.ENGLISH,
              null,
              null,
              kind == Notification.Kind.SUMMARY
                  ? c.incident().alertCount() + " alerts so far"
                  : null);
      for (Notifier notifier : notifiers) {
        send(notifier, n);
      }
    }
  }

  private void send(Notifier notifier, Notification n) throws InterruptedException {
    List<String> errors = new ArrayList<>();
    for (int attempt = 1; attempt <= NOTIFY_ATTEMPTS; attempt++) {
      try {
        notifier.send(n);
        return;
      } catch (NotificationException e) {
        errors.add(e.getMessage());
        if (!e.temporary()) {
          break;
        }
        Thread.sleep(100L << attempt);
      } catch (RuntimeException e) {
        errors.add(e.toString());
        break;
      }
    }
    stats.notificationsFailed.incrementAndGet();
    LOG.error("notifier {} failed for incident {}: {}", notifier.type(), n.incident().id(), errors);
  }
}
