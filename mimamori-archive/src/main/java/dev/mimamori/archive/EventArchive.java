package dev.mimamori.archive;

import dev.mimamori.model.Event;
import dev.mimamori.pipeline.EventSink;
import dev.mimamori.pipeline.StreamId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.SortedNumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.flexible.core.QueryNodeException;
import org.apache.lucene.queryparser.flexible.standard.StandardQueryParser;
import org.apache.lucene.queryparser.flexible.standard.config.PointsConfig;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events on disk, one Lucene index per UTC day under {@code root/yyyy-MM-dd}, stored fields
 * compressed with Zstandard ({@link ArchiveCodec}). An event's identity is its stream (tenant,
 * shop, file) and byte offset; a re-read after a crash first discards the stream's events past the
 * resume offset, so it never doubles one. Only the original line and a few metadata are stored; the
 * fields people filter on are indexed: keywords for exact values and for text searched by what it
 * contains, doc values for numbers and times.
 *
 * <p>Writes come from one thread (the pipeline's archive worker); searches from any thread read the
 * last commit.
 */
public final class EventArchive implements EventSink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventArchive.class);
  private static final int MAX_OPEN_WRITERS = 4;

  /**
   * The stream an event was read from, as a digest of {@link StreamId#key()} (short, fixed length);
   * with the offset, the event's identity.
   */
  static final String STREAM = "_stream";

  /** Stored with each event in one value: time, offset, tenant, dataset, path, stream digest. */
  static final String META = "_meta";

  static final String OFFSET = "log.offset";
  static final String TENANT = "organization.id";
  static final String TIMESTAMP = "@timestamp";
  static final String STATUS = "http.response.status_code";
  static final String BYTES = "http.response.body.bytes";
  static final String ORIGINAL = "event.original";

  /** Exact-value fields: searched as a whole, e.g. {@code source.ip:203.0.113.45}. */
  static final List<String> KEYWORDS =
      List.of(
          "event.dataset",
          "host.name",
          "source.ip",
          "http.request.method",
          "url.path",
          "user.name",
          "log.file.path",
          "log.level",
          "event.outcome");

  /**
   * Text fields searched by what they contain, e.g. {@code user_agent.original:sqlmap}: indexed
   * whole (one term each, several times cheaper to index than words), and a query's text is looked
   * for inside them, ignoring ASCII case, over the index's distinct values.
   */
  static final List<String> TEXTS = List.of("url.original", "user_agent.original");

  private final Path root;
  private final Analyzer analyzer;

  /**
   * Which partitions hold events of which stream, so a resume looks only where the stream was
   * written; read from the indexes on the first resume, then kept up to date.
   */
  private @Nullable Map<String, Set<String>> partitionsByStream;

  private final Map<String, IndexWriter> writers =
      new LinkedHashMap<>(8, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, IndexWriter> eldest) {
          if (size() > MAX_OPEN_WRITERS) {
            pointSchema.remove(eldest.getValue());
            closeQuietly(eldest.getValue());
            return true;
          }
          return false;
        }
      };

  private final org.apache.lucene.codecs.Codec codec;

  /**
   * Writers of partitions begun before numbers became doc values only: Lucene holds a field to one
   * schema per index, so they go on indexing numbers as points too, until their day is over.
   */
  private final Set<IndexWriter> pointSchema =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  /** How events are written: blocks now; the earlier layouts for tests of archives they wrote. */
  enum Layout {
    /** One document per event, numbers as points, the line as a string (before session 12). */
    POINTS,
    /** One document per event, numbers as doc values, the line as bytes (session 12). */
    EVENT_DOCUMENTS,
    /** Up to {@link EventBlock#MAX_EVENTS} events of a stream per document. */
    BLOCKS
  }

  private final Layout layout;

  /** Writing as earlier versions did: numbers as points, lines as strings (for tests). */
  private final boolean asBefore;

  public EventArchive(Path root) {
    this(root, ArchiveCodec.forWriting(), Layout.BLOCKS);
  }

  /**
   * With the codec new segments are written in and whether to write as versions before doc values
   * did (tests write archives as older versions did).
   */
  EventArchive(Path root, org.apache.lucene.codecs.Codec codec, boolean asBefore) {
    this(root, codec, asBefore ? Layout.POINTS : Layout.BLOCKS);
  }

  /** With the codec new segments are written in and the layout of new events (tests). */
  EventArchive(Path root, org.apache.lucene.codecs.Codec codec, Layout layout) {
    this.root = root;
    this.codec = codec;
    this.layout = layout;
    this.asBefore = layout == Layout.POINTS;
    Map<String, Analyzer> perField = new LinkedHashMap<>();
    for (String k : KEYWORDS) {
      perField.put(k, new KeywordAnalyzer());
    }
    perField.put(TENANT, new KeywordAnalyzer());
    perField.put(STREAM, new KeywordAnalyzer());
    this.analyzer = new PerFieldAnalyzerWrapper(new KeywordAnalyzer(), perField);
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create archive directory " + root, e);
    }
  }

  public Path root() {
    return root;
  }

  /**
   * An event's identity as the API shows it: a digest of its stream (tenant, shop, path, file) and
   * its offset in that stream.
   */
  static String identity(String streamDigest, long offset) {
    return streamDigest.substring(0, 16) + ":" + offset;
  }

  /** 128 bits of SHA-256 of the stream's key, in hex: what the index holds of a stream. */
  static String streamDigest(StreamId stream) {
    try {
      byte[] h =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(stream.key().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(h, 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void add(Event e, StreamId stream) throws IOException {
    addAll(List.of(e), stream);
  }

  /**
   * Stores events read from one stream, each run of events of one day before the next day's writer
   * opens (opening one may close another, {@link #MAX_OPEN_WRITERS} being kept open).
   */
  @Override
  public synchronized void addAll(List<Event> events, StreamId stream) throws IOException {
    if (events.isEmpty()) {
      return;
    }
    String key = streamDigest(stream);
    BytesRef keyBytes = new BytesRef(key);
    // A batch over more days than writers kept open (a sparse log, a replay) is taken day by day,
    // in order within a day, so that it opens each day's writer once.
    List<Event> batch = events;
    if (moreDaysThanOpenWriters(events)) {
      batch = new ArrayList<>(events);
      batch.sort(Comparator.comparingLong(EventArchive::day));
    }
    int start = 0;
    for (int i = 1; i <= batch.size(); i++) {
      if (i == batch.size() || day(batch.get(i)) != day(batch.get(start))) {
        IndexWriter w = target(day(batch.get(start)), key);
        index(batch, start, i, w, pointSchema.contains(w), key, keyBytes);
        start = i;
      }
    }
  }

  private static long day(Event e) {
    return Math.floorDiv(e.timestamp().getEpochSecond(), 86_400L);
  }

  /** Whether a batch's events fall on more days than writers are kept open. */
  private static boolean moreDaysThanOpenWriters(List<Event> events) {
    long[] days = new long[MAX_OPEN_WRITERS + 1];
    int seen = 0;
    long last = Long.MIN_VALUE;
    for (Event e : events) {
      long d = day(e);
      if (d == last) {
        continue;
      }
      last = d;
      boolean known = false;
      for (int i = 0; i < seen && !known; i++) {
        known = days[i] == d;
      }
      if (!known) {
        if (seen == MAX_OPEN_WRITERS) {
          return true;
        }
        days[seen++] = d;
      }
    }
    return false;
  }

  /** The writer of a day's partition, opened if need be, noted as holding the stream. */
  private IndexWriter target(long day, String key) throws IOException {
    String partition = LocalDate.ofEpochDay(day).toString();
    IndexWriter w = writer(partition);
    if (partitionsByStream != null) {
      partitionsByStream.computeIfAbsent(key, k -> new java.util.HashSet<>()).add(partition);
    }
    return w;
  }

  /** Events {@code from} to {@code to} (one day's) into one partition's writer. */
  private void index(
      List<Event> events,
      int from,
      int to,
      IndexWriter writer,
      boolean points,
      String stream,
      BytesRef streamKey)
      throws IOException {
    if (layout == Layout.BLOCKS) {
      indexBlocks(events, from, to, writer, points, stream, streamKey);
      return;
    }
    // As earlier versions wrote: a document per event, added in one call.
    boolean stringLines = layout == Layout.POINTS;
    ValueCache cache = new ValueCache();
    List<List<org.apache.lucene.index.IndexableField>> docs = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      docs.add(document(events.get(i), streamKey, cache, points, stringLines));
    }
    addRun(events, writer, docs, from);
  }

  /**
   * Events as blocks of at most {@link EventBlock#MAX_EVENTS} (or {@link EventBlock#MAX_BYTES}),
   * added in one call.
   */
  private static void indexBlocks(
      List<Event> events,
      int from,
      int to,
      IndexWriter writer,
      boolean points,
      String stream,
      BytesRef streamKey)
      throws IOException {
    EventBlock.Writer block = new EventBlock.Writer();
    String[] cells = new String[EventBlock.COLUMNS.size()];
    List<List<org.apache.lucene.index.IndexableField>> docs = new ArrayList<>();
    for (int i = from; i < to; i++) {
      add(block, events.get(i), cells);
      if (i == to - 1 || block.full()) {
        docs.add(blockDocument(block, stream, streamKey, points));
        block.reset();
      }
    }
    addBlocks(events, from, to, writer, docs, stream, streamKey, points);
  }

  private static void add(EventBlock.Writer block, Event e, String[] cells) {
    cells(e, cells);
    block.add(
        e.timestamp().toEpochMilli(),
        e.logOffset(),
        e.statusCode(),
        e.responseBytes(),
        cells,
        // The JDK's encoder: the line is stored, not searched by its bytes, so Lucene's way with
        // lone surrogates (read from files they never occur: bytes are decoded with replacement)
        // does not matter, and checking for them was a tenth of the archive's time.
        new BytesRef(e.original().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /**
   * An event's values in {@link EventBlock#COLUMNS} order. The record's accessors, not {@link
   * Event#field}: a lookup by name compares strings, for eleven columns of every event.
   */
  static void cells(Event e, @Nullable String[] cells) {
    cells[0] = e.tenant();
    // KEYWORDS
    cells[1] = clip(e.dataset());
    cells[2] = clip(e.asset());
    cells[3] = clipped(e.sourceIp());
    cells[4] = clipped(e.method());
    cells[5] = clipped(e.urlPath());
    cells[6] = clipped(e.userName());
    cells[7] = clip(e.logFilePath());
    cells[8] = clipped(e.extra().get("log.level"));
    cells[9] = clipped(e.extra().get("event.outcome"));
    // TEXTS
    cells[10] = clipped(e.urlOriginal());
    cells[11] = clipped(e.userAgent());
    // whole, for display
    cells[12] = e.dataset();
    cells[13] = e.logFilePath();
  }

  private static @Nullable String clipped(@Nullable String v) {
    return v == null ? null : clip(v);
  }

  private static final BytesRef BLOCK_MARK = new BytesRef("1");

  private static final int SHOP_COLUMN = EventBlock.COLUMNS.indexOf("host.name");

  /** What is indexed and stored of a block. */
  static List<org.apache.lucene.index.IndexableField> blockDocument(
      EventBlock.Writer block, String stream, BytesRef streamKey, boolean points) {
    List<org.apache.lucene.index.IndexableField> d = new ArrayList<>(64);
    d.add(new StringField(EventMatcher.BLOCK, BLOCK_MARK, Field.Store.NO));
    d.add(new StringField(STREAM, streamKey, Field.Store.NO));
    // Each distinct value once: a block is found by any of its events' values.
    for (int c = 0; c < EventBlock.INDEXED_COLUMNS; c++) {
      String name = EventBlock.COLUMNS.get(c);
      for (BytesRef v : block.values(c)) {
        d.add(new StringField(name, v, Field.Store.NO));
      }
    }
    d.add(new NumericDocValuesField(EventMatcher.EVENTS, block.size()));
    d.add(
        new NumericDocValuesField(
            EventMatcher.TENANTS, block.values(EventBlock.TENANT_COLUMN).size()));
    // The tenant and shop of a block that holds only one of each: the dashboard's activity is
    // counted from them without reading the block.
    List<BytesRef> blockTenants = block.values(EventBlock.TENANT_COLUMN);
    List<BytesRef> blockShops = block.values(SHOP_COLUMN);
    if (blockTenants.size() == 1 && blockShops.size() == 1) {
      d.add(new SortedDocValuesField(EventMatcher.ONE_TENANT, blockTenants.get(0)));
      d.add(new SortedDocValuesField(EventMatcher.ONE_SHOP, blockShops.get(0)));
    }
    // The newest event's time: blocks sort with single events, and ranges find them by it and the
    // oldest.
    d.add(new NumericDocValuesField(TIMESTAMP, block.maxTime));
    if (points) {
      d.add(new LongPoint(TIMESTAMP, block.maxTime));
    }
    d.add(new NumericDocValuesField(EventMatcher.MIN_TIME, block.minTime));
    d.add(new NumericDocValuesField(EventMatcher.MIN_OFFSET, block.minOffset));
    d.add(new NumericDocValuesField(EventMatcher.MAX_OFFSET, block.maxOffset));
    for (int i = 0; i < block.statusCount; i++) {
      d.add(new SortedNumericDocValuesField(EventMatcher.STATUSES, block.statuses[i]));
    }
    if (block.anyBytes) {
      d.add(new NumericDocValuesField(EventMatcher.MIN_BYTES, block.minBytes));
      d.add(new NumericDocValuesField(EventMatcher.MAX_BYTES, block.maxBytes));
    }
    d.add(new StoredField(EventMatcher.DATA, block.encode(stream)));
    return d;
  }

  /** Adds a run's blocks; where Lucene refuses one, its events are tried one per block. */
  private static void addBlocks(
      List<Event> events,
      int from,
      int to,
      IndexWriter writer,
      List<List<org.apache.lucene.index.IndexableField>> docs,
      String stream,
      BytesRef streamKey,
      boolean points)
      throws IOException {
    try {
      writer.addDocuments(docs);
      return;
    } catch (IllegalArgumentException bad) {
      // Lucene refused one of them (a value past its limits) and dropped the run.
    }
    EventBlock.Writer one = new EventBlock.Writer();
    String[] cells = new String[EventBlock.COLUMNS.size()];
    for (int j = from; j < to; j++) {
      Event e = events.get(j);
      one.reset();
      add(one, e, cells);
      try {
        writer.addDocument(blockDocument(one, stream, streamKey, points));
      } catch (IllegalArgumentException bad) {
        LOG.warn(
            "event {} line {} not archived: {}", e.logFilePath(), e.lineNumber(), bad.toString());
      }
    }
  }

  static void addRun(
      List<Event> events,
      IndexWriter writer,
      List<List<org.apache.lucene.index.IndexableField>> docs,
      int first)
      throws IOException {
    if (docs.isEmpty()) {
      return;
    }
    try {
      writer.addDocuments(docs);
      return;
    } catch (IllegalArgumentException bad) {
      // Lucene refused one of them (a value past its limits) and dropped the run: add them one by
      // one so only that event is lost.
    }
    for (int j = 0; j < docs.size(); j++) {
      Event e = events.get(first + j);
      try {
        writer.addDocument(docs.get(j));
      } catch (IllegalArgumentException bad) {
        LOG.warn(
            "event {} line {} not archived: {}", e.logFilePath(), e.lineNumber(), bad.toString());
      }
    }
  }

  /**
   * The last value of each keyword field and its UTF-8 bytes: tenant, dataset, host, file and often
   * method repeat from one event to the next, and encoding them again was a fifth of the indexing
   * time.
   */
  private static final class ValueCache {
    private final String[] values = new String[KEYWORDS.size() + TEXTS.size() + 1];
    private final BytesRef[] bytes = new BytesRef[values.length];

    BytesRef bytes(int slot, String value) {
      if (value.equals(values[slot])) {
        return bytes[slot];
      }
      BytesRef b = utf8(value);
      values[slot] = value;
      bytes[slot] = b;
      return b;
    }
  }

  /**
   * A value's UTF-8 bytes: the JDK's encoder (a copy for ASCII text) where the text is ASCII, else
   * Lucene's, which queries use too (it differs from the JDK's on unpaired surrogates).
   */
  static BytesRef utf8(String value) {
    byte[] b = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (b.length != value.length()) {
      return new BytesRef(value);
    }
    // As many bytes as characters: ASCII, or a lone surrogate the JDK wrote as '?'.
    for (int i = 0; i < b.length; i++) {
      if (b[i] == '?' && value.charAt(i) != '?') {
        return new BytesRef(value);
      }
    }
    return new BytesRef(b);
  }

  /** What is indexed and stored of an event. */
  private static List<org.apache.lucene.index.IndexableField> document(
      Event e, BytesRef streamKey, ValueCache cache, boolean points, boolean stringLines) {
    List<org.apache.lucene.index.IndexableField> d = new ArrayList<>(24);
    d.add(new StringField(STREAM, streamKey, Field.Store.NO));
    d.add(new StringField(TENANT, cache.bytes(0, e.tenant()), Field.Store.NO));
    long ts = e.timestamp().toEpochMilli();
    // Numbers are doc values only: sorting them into points at every flush was a third of the
    // indexing time, and a range over a day's doc values is a quick scan.
    d.add(new NumericDocValuesField(TIMESTAMP, ts));
    if (points) {
      d.add(new LongPoint(TIMESTAMP, ts));
      d.add(new LongPoint(OFFSET, e.logOffset()));
    } else {
      d.add(new NumericDocValuesField(OFFSET, e.logOffset()));
    }
    d.add(new StoredField(META, StoredMeta.encode(ts, e, streamKey)));
    int slot = 1;
    for (String k : KEYWORDS) {
      String v = e.field(k);
      if (v != null) {
        d.add(new StringField(k, cache.bytes(slot, clip(v)), Field.Store.NO));
      }
      slot++;
    }
    for (String t : TEXTS) {
      String v = e.field(t);
      if (v != null) {
        d.add(new StringField(t, cache.bytes(slot, clip(v)), Field.Store.NO));
      }
      slot++;
    }
    if (e.statusCode() != null) {
      d.add(
          points
              ? new IntPoint(STATUS, e.statusCode())
              : new NumericDocValuesField(STATUS, e.statusCode()));
    }
    if (e.responseBytes() != null) {
      d.add(
          points
              ? new LongPoint(BYTES, e.responseBytes())
              : new NumericDocValuesField(BYTES, e.responseBytes()));
    }
    // As UTF-8 bytes: Lucene encodes a stored string a character at a time, the JDK copies ASCII.
    d.add(
        stringLines
            ? new StoredField(ORIGINAL, e.original())
            : new StoredField(ORIGINAL, utf8(e.original())));
    // Identity is (stream, offset); a re-read after a crash is cleared by discardFrom first, so
    // a plain add (no per-document delete term) is enough and several times cheaper.
    return d;
  }

  @Override
  public synchronized void discardFrom(StreamId stream, long offset) throws IOException {
    String key = streamDigest(stream);
    Set<String> where = streamIndex().getOrDefault(key, Set.of());
    if (where.isEmpty()) {
      return;
    }
    Query q =
        new BooleanQuery.Builder()
            .add(new TermQuery(new Term(STREAM, key)), BooleanClause.Occur.FILTER)
            .add(range(OFFSET, offset, Long.MAX_VALUE), BooleanClause.Occur.FILTER)
            .build();
    Query blocksPast =
        new BooleanQuery.Builder()
            .add(new TermQuery(new Term(STREAM, key)), BooleanClause.Occur.FILTER)
            .add(
                new TermQuery(new Term(EventMatcher.BLOCK, BLOCK_MARK)), BooleanClause.Occur.FILTER)
            .add(
                NumericDocValuesField.newSlowRangeQuery(
                    EventMatcher.MAX_OFFSET, offset, Long.MAX_VALUE),
                BooleanClause.Occur.FILTER)
            .build();
    for (String p : where) {
      if (writers.containsKey(p) || Files.isDirectory(root.resolve(p))) {
        IndexWriter w = writer(p);
        w.deleteDocuments(q);
        discardBlocksFrom(w, key, blocksPast, offset);
      }
    }
  }

  /**
   * Deletes a stream's blocks that hold events at or past {@code offset}; a block that also holds
   * earlier events is written again with those alone.
   */
  private void discardBlocksFrom(IndexWriter w, String key, Query blocksPast, long offset)
      throws IOException {
    List<EventBlock> straddling = new ArrayList<>();
    // The writer's own view: blocks added but not yet committed are found too.
    try (DirectoryReader r = DirectoryReader.open(w)) {
      IndexSearcher searcher = new IndexSearcher(r);
      Query starts =
          new BooleanQuery.Builder()
              .add(blocksPast, BooleanClause.Occur.FILTER)
              .add(
                  NumericDocValuesField.newSlowRangeQuery(
                      EventMatcher.MIN_OFFSET, Long.MIN_VALUE, offset - 1),
                  BooleanClause.Occur.FILTER)
              .build();
      if (searcher.count(blocksPast) == 0) {
        return;
      }
      var stored = searcher.storedFields();
      // Usually one per day; a file truncated in place and written again may leave more.
      for (ScoreDoc sd : searcher.search(starts, Math.max(1, searcher.count(starts))).scoreDocs) {
        straddling.add(decodeStored(stored.document(sd.doc).getBinaryValue(EventMatcher.DATA)));
      }
    }
    w.deleteDocuments(blocksPast);
    boolean points = pointSchema.contains(w);
    BytesRef keyBytes = new BytesRef(key);
    EventBlock.Writer kept = new EventBlock.Writer();
    String[] cells = new String[EventBlock.COLUMNS.size()];
    // The rewritten blocks go after the day's other documents: at the same millisecond as another
    // stream's later events they now come after them (an order only ties can show).
    for (EventBlock b : straddling) {
      kept.reset();
      for (int r = 0; r < b.size; r++) {
        if (b.offsets[r] >= offset) {
          continue;
        }
        for (int c = 0; c < cells.length; c++) {
          BytesRef v = b.cell(c, r);
          cells[c] = v == null ? null : EventBlock.string(v);
        }
        kept.add(
            b.timestamps[r],
            b.offsets[r],
            b.hasStatus(r) ? b.status[r] : null,
            b.hasBytes(r) ? b.bytes[r] : null,
            cells,
            new BytesRef(b.line(r)));
      }
      if (kept.size() > 0) {
        w.addDocument(blockDocument(kept, key, keyBytes, points));
      }
    }
  }

  private Map<String, Set<String>> streamIndex() throws IOException {
    if (partitionsByStream != null) {
      return partitionsByStream;
    }
    Map<String, Set<String>> index = new java.util.HashMap<>();
    commit(); // events added but not committed are in the index read below
    for (String p : partitions()) {
      try (FSDirectory dir = FSDirectory.open(root.resolve(p))) {
        if (!DirectoryReader.indexExists(dir)) {
          continue;
        }
        try (DirectoryReader r = DirectoryReader.open(dir)) {
          for (var leaf : r.leaves()) {
            org.apache.lucene.index.Terms terms = leaf.reader().terms(STREAM);
            if (terms == null) {
              continue;
            }
            org.apache.lucene.index.TermsEnum te = terms.iterator();
            for (BytesRef t = te.next(); t != null; t = te.next()) {
              index.computeIfAbsent(t.utf8ToString(), k -> new java.util.HashSet<>()).add(p);
            }
          }
        }
      }
    }
    partitionsByStream = index;
    return index;
  }

  /** Keyword terms longer than Lucene's limit would fail the whole document. */
  private static String clip(String v) {
    return v.length() <= 4096 ? v : v.substring(0, 4096);
  }

  @Override
  public synchronized void commit() throws IOException {
    for (IndexWriter w : writers.values()) {
      if (w.hasUncommittedChanges()) {
        w.commit();
      }
    }
  }

  static String partitionOf(Instant t) {
    return LocalDate.ofInstant(t, ZoneOffset.UTC).toString();
  }

  private IndexWriter writer(String partition) throws IOException {
    IndexWriter w = writers.get(partition);
    if (w == null) {
      IndexWriterConfig cfg = new IndexWriterConfig(analyzer);
      cfg.setCodec(codec);
      cfg.setRAMBufferSizeMB(64);
      // Segments stay as separate files: packing each flush into a compound file copies it again.
      cfg.setUseCompoundFile(false);
      cfg.getMergePolicy().setNoCFSRatio(0.0);
      cfg.setCommitOnClose(true);
      FSDirectory dir = FSDirectory.open(root.resolve(partition));
      boolean points = asBefore;
      if (DirectoryReader.indexExists(dir)) {
        try (DirectoryReader r = DirectoryReader.open(dir)) {
          var infos = org.apache.lucene.index.FieldInfos.getMergedFieldInfos(r);
          // The time has points wherever the offset had (blocks of such a day keep them on the
          // time alone, so a day whose single events were all discarded still has them).
          var offset = infos.fieldInfo(OFFSET);
          var time = infos.fieldInfo(TIMESTAMP);
          points =
              (offset != null && offset.getPointDimensionCount() > 0)
                  || (time != null && time.getPointDimensionCount() > 0);
        }
      }
      w = new IndexWriter(dir, cfg);
      if (points) {
        pointSchema.add(w);
      }
      writers.put(partition, w);
    }
    return w;
  }

  private static void closeQuietly(IndexWriter w) {
    try {
      w.close();
      w.getDirectory().close();
    } catch (IOException e) {
      LOG.warn("closing an archive partition failed: {}", e.toString());
    }
  }

  /** The day partitions on disk, oldest first. */
  public List<String> partitions() {
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("\\d{4}-\\d{2}-\\d{2}"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many events are stored (as of the last commit), for the given tenants or all. */
  public long count(@Nullable Set<String> tenants) throws IOException {
    return search(null, null, null, tenants, 0).total();
  }

  /**
   * Events matching a query, newest first.
   *
   * @param query Lucene query syntax over the fields above (e.g. {@code source.ip:203.0.113.45 AND
   *     url.path:"/html/user_data/x.php"}, {@code http.response.status_code:[500 TO 599]}); words
   *     without a field search the URL and the user agent; null or blank matches everything
   * @param from earliest {@code @timestamp}, inclusive, or null
   * @param to latest {@code @timestamp}, exclusive, or null
   * @param tenants the tenants the caller may see, or null for all
   * @param limit how many events to return
   * @throws IllegalArgumentException when the query is not valid syntax
   */
  public SearchResult search(
      @Nullable String query,
      @Nullable Instant from,
      @Nullable Instant to,
      @Nullable Set<String> tenants,
      int limit)
      throws IOException {
    if (limit < 0 || limit > 10_000) {
      throw new IllegalArgumentException("limit must be between 0 and 10000");
    }
    if (tenants != null && tenants.isEmpty()) {
      return new SearchResult(0, List.of());
    }
    Query q = parse(query);
    Query time = null;
    if (from != null || to != null) {
      long lo = from == null ? Long.MIN_VALUE : from.toEpochMilli();
      long hi = to == null ? Long.MAX_VALUE : to.toEpochMilli() - 1;
      time = range(TIMESTAMP, lo, hi);
    }
    List<DirectoryReader> readers = new ArrayList<>();
    try {
      for (String p : partitions()) {
        if (outside(p, from, to)) {
          continue;
        }
        FSDirectory dir = FSDirectory.open(root.resolve(p));
        if (!DirectoryReader.indexExists(dir)) {
          dir.close();
          continue;
        }
        readers.add(DirectoryReader.open(dir));
      }
      if (readers.isEmpty()) {
        return new SearchResult(0, List.of());
      }
      try (IndexReader all = new MultiReader(readers.toArray(IndexReader[]::new), false)) {
        IndexSearcher searcher = new IndexSearcher(all);
        Hits hits = new Hits(closestTerms(searcher, q), time, tenants, limit);
        searcher.search(hits.query(), hits);
        List<ArchivedEvent> out = new ArrayList<>();
        var stored = searcher.storedFields();
        // Events of blocks are made only now, for the hits kept: a block is read once more.
        Map<Integer, EventBlock> blocksOfHits = new java.util.HashMap<>();
        for (Hit h : hits.newestFirst()) {
          if (h.block()) {
            EventBlock b = blocksOfHits.computeIfAbsent(h.doc(), doc -> readBlock(stored, doc));
            out.add(b.event(h.row()));
            continue;
          }
          Document d = stored.document(h.doc());
          StoredMeta m = StoredMeta.decode(d.getBinaryValue(META));
          out.add(
              new ArchivedEvent(
                  identity(m.stream(), m.offset()),
                  m.tenant(),
                  Instant.ofEpochMilli(m.timestamp()),
                  m.dataset(),
                  m.path(),
                  m.offset(),
                  original(d)));
        }
        return new SearchResult(hits.total, out);
      }
    } finally {
      for (DirectoryReader r : readers) {
        Object dir = r.directory();
        r.close();
        ((FSDirectory) dir).close();
      }
    }
  }

  /**
   * Stored fields for reading documents in increasing order: the reader segment merges use, which
   * keeps the chunk it decompressed for the next document instead of decompressing it again for
   * each (a chunk holds several blocks).
   */
  static org.apache.lucene.index.StoredFields sequential(org.apache.lucene.index.LeafReader r)
      throws IOException {
    if (r instanceof org.apache.lucene.index.CodecReader c && c.getFieldsReader() != null) {
      return c.getFieldsReader().getMergeInstance();
    }
    return r.storedFields();
  }

  /** The block stored in a document. */
  private static EventBlock readBlock(org.apache.lucene.index.StoredFields stored, int doc) {
    try {
      return decodeStored(stored.document(doc).getBinaryValue(EventMatcher.DATA));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A stored block; a damaged one is an I/O error, not a fault of the query that found it. */
  static EventBlock decodeStored(@Nullable BytesRef stored) throws IOException {
    if (stored == null) {
      throw new org.apache.lucene.index.CorruptIndexException("archive block without data", "");
    }
    try {
      return EventBlock.decode(stored);
    } catch (IllegalArgumentException e) {
      throw new org.apache.lucene.index.CorruptIndexException(e.getMessage(), "", e);
    }
  }

  /**
   * The query with each fuzzy term replaced by the terms Lucene would search for it: the 50 of the
   * index closest to it. Checking events against the fuzzy term itself would also accept values
   * Lucene leaves out.
   */
  static Query closestTerms(IndexSearcher searcher, Query q) throws IOException {
    try {
      return rewriteLeaves(
          q,
          leaf -> {
            if (!(leaf instanceof org.apache.lucene.search.FuzzyQuery f)) {
              return leaf;
            }
            int n = org.apache.lucene.search.FuzzyQuery.defaultMaxExpansions;
            try {
              return searcher.rewrite(
                  new org.apache.lucene.search.FuzzyQuery(
                      f.getTerm(),
                      f.getMaxEdits(),
                      f.getPrefixLength(),
                      n,
                      f.getTranspositions(),
                      new org.apache.lucene.search.MultiTermQuery
                          .TopTermsScoringBooleanQueryRewrite(n)));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * A found event: its time, its document, and its place in the block if it is of one. What it
   * holds is read once it is among the results kept.
   */
  private record Hit(long time, int doc, int row, boolean block) {
    /** Newest first; at the same time, in the order they were stored. */
    boolean before(Hit o) {
      return precedes(time, doc, row, o.time, o.doc, o.row);
    }

    static boolean precedes(
        long time, int doc, int row, long otherTime, int otherDoc, int otherRow) {
      if (time != otherTime) {
        return time > otherTime;
      }
      return doc != otherDoc ? doc < otherDoc : row < otherRow;
    }
  }

  /**
   * Counts the events a query matches and keeps the newest {@code limit}: single events (archives
   * written before blocks) are matched by Lucene, blocks are found by {@link
   * EventMatcher#blockQuery} and their events checked one by one.
   */
  private static final class Hits extends org.apache.lucene.search.SimpleCollector {
    private final Query single;
    private final Query blocks;
    private final EventMatcher.RowTest test;
    private final @Nullable Set<BytesRef> tenants;
    private final boolean everyEvent;
    private final long lo;
    private final long hi;
    private final int limit;
    private final java.util.PriorityQueue<Hit> top;
    long total;

    private int docBase;
    private org.apache.lucene.index.@Nullable NumericDocValues events;
    private org.apache.lucene.index.@Nullable NumericDocValues times;
    private org.apache.lucene.index.@Nullable NumericDocValues minTimes;
    private org.apache.lucene.index.@Nullable NumericDocValues tenantCounts;
    private org.apache.lucene.index.@Nullable StoredFields stored;

    Hits(Query q, @Nullable Query time, @Nullable Set<String> tenants, int limit) {
      BooleanQuery.Builder single =
          new BooleanQuery.Builder()
              .add(q, BooleanClause.Occur.MUST)
              .add(
                  new TermQuery(new Term(EventMatcher.BLOCK, BLOCK_MARK)),
                  BooleanClause.Occur.MUST_NOT);
      BooleanQuery.Builder blocks =
          new BooleanQuery.Builder()
              .add(EventMatcher.blockQuery(q), BooleanClause.Occur.MUST)
              .add(
                  new TermQuery(new Term(EventMatcher.BLOCK, BLOCK_MARK)),
                  BooleanClause.Occur.FILTER);
      BooleanQuery.Builder check = new BooleanQuery.Builder().add(q, BooleanClause.Occur.MUST);
      if (tenants != null) {
        List<BytesRef> terms = tenants.stream().map(BytesRef::new).toList();
        single.add(new TermInSetQuery(TENANT, terms), BooleanClause.Occur.FILTER);
        blocks.add(new TermInSetQuery(TENANT, terms), BooleanClause.Occur.FILTER);
        this.tenants = new java.util.HashSet<>(terms);
      } else {
        this.tenants = null;
      }
      long lo = Long.MIN_VALUE;
      long hi = Long.MAX_VALUE;
      if (time instanceof NumberRangeQuery r) {
        single.add(time, BooleanClause.Occur.FILTER);
        blocks.add(EventMatcher.blockQuery(time), BooleanClause.Occur.FILTER);
        check.add(time, BooleanClause.Occur.FILTER);
        lo = r.lo();
        hi = r.hi();
      }
      this.single = single.build();
      this.blocks = blocks.build();
      this.test = EventMatcher.compile(check.build());
      this.everyEvent = q instanceof MatchAllDocsQuery;
      this.lo = lo;
      this.hi = hi;
      this.limit = limit;
      // The worst of the kept hits on top.
      this.top = new java.util.PriorityQueue<>(Math.max(1, limit), (a, b) -> a.before(b) ? 1 : -1);
    }

    Query query() {
      return new BooleanQuery.Builder()
          .add(single, BooleanClause.Occur.SHOULD)
          .add(blocks, BooleanClause.Occur.SHOULD)
          .build();
    }

    @Override
    public org.apache.lucene.search.ScoreMode scoreMode() {
      return org.apache.lucene.search.ScoreMode.COMPLETE_NO_SCORES;
    }

    @Override
    protected void doSetNextReader(org.apache.lucene.index.LeafReaderContext context)
        throws IOException {
      docBase = context.docBase;
      var r = context.reader();
      events = r.getNumericDocValues(EventMatcher.EVENTS);
      times = r.getNumericDocValues(TIMESTAMP);
      minTimes = r.getNumericDocValues(EventMatcher.MIN_TIME);
      tenantCounts = r.getNumericDocValues(EventMatcher.TENANTS);
      stored = sequential(r);
    }

    private static long value(org.apache.lucene.index.@Nullable NumericDocValues v, int doc)
        throws IOException {
      return v != null && v.advanceExact(doc) ? v.longValue() : Long.MIN_VALUE;
    }

    /** Whether a hit at this time and place would be kept. */
    private boolean wanted(long time, int doc, int row) {
      if (limit == 0) {
        return false;
      }
      if (top.size() < limit) {
        return true;
      }
      Hit worst = top.peek();
      return Hit.precedes(time, doc, row, worst.time(), worst.doc(), worst.row());
    }

    private void keep(Hit h) {
      top.add(h);
      if (top.size() > limit) {
        top.poll();
      }
    }

    @Override
    public void collect(int doc) throws IOException {
      int global = docBase + doc;
      if (events == null || !events.advanceExact(doc)) {
        total++;
        long t = value(times, doc);
        if (wanted(t, global, 0)) {
          keep(new Hit(t, global, 0, false));
        }
        return;
      }
      long n = events.longValue();
      long newest = value(times, doc);
      // A block found through the tenant filter whose events are all of one tenant is of an
      // allowed tenant throughout.
      if (everyEvent
          && (tenants == null || value(tenantCounts, doc) == 1)
          && value(minTimes, doc) >= lo
          && newest <= hi) {
        // Every event of the block matches: counted without reading it, read only if one of its
        // events may be among the newest.
        total += n;
        if (!wanted(newest, global, 0)) {
          return;
        }
        EventBlock b = read(doc);
        for (int r = 0; r < b.size; r++) {
          if (wanted(b.timestamps[r], global, r)) {
            keep(new Hit(b.timestamps[r], global, r, true));
          }
        }
        return;
      }
      EventBlock b = read(doc);
      for (int r = 0; r < b.size; r++) {
        if (!test.test(b, r)) {
          continue;
        }
        if (tenants != null && !tenants.contains(b.cell(EventBlock.TENANT_COLUMN, r))) {
          continue;
        }
        total++;
        if (wanted(b.timestamps[r], global, r)) {
          keep(new Hit(b.timestamps[r], global, r, true));
        }
      }
    }

    private EventBlock read(int doc) throws IOException {
      return decodeStored(stored.document(doc).getBinaryValue(EventMatcher.DATA));
    }

    List<Hit> newestFirst() {
      List<Hit> out = new ArrayList<>(top);
      out.sort((a, b) -> a.before(b) ? -1 : 1);
      return out;
    }
  }

  /**
   * Per tenant and shop: events since {@code since} and the newest event since {@code lookback}
   * (shops without events since {@code lookback} are left out), for the dashboard.
   *
   * @param tenants the tenants the caller may see, or null for all
   * @param limit at most this many shops
   */
  public List<AssetActivity> activity(
      @Nullable Set<String> tenants, Instant since, Instant lookback, int limit)
      throws IOException {
    if (tenants != null && tenants.isEmpty()) {
      return List.of();
    }
    List<DirectoryReader> readers = new ArrayList<>();
    try {
      for (String p : partitions()) {
        if (outside(p, lookback, null)) {
          continue;
        }
        FSDirectory dir = FSDirectory.open(root.resolve(p));
        if (!DirectoryReader.indexExists(dir)) {
          dir.close();
          continue;
        }
        readers.add(DirectoryReader.open(dir));
      }
      if (readers.isEmpty()) {
        return List.of();
      }
      try (IndexReader all = new MultiReader(readers.toArray(IndexReader[]::new), false)) {
        IndexSearcher searcher = new IndexSearcher(all);
        // Per tenant and shop (sorted): events since `since`, newest time since `lookback`.
        java.util.TreeMap<List<String>, long[]> seen =
            new java.util.TreeMap<>(
                Comparator.<List<String>, String>comparing(k -> k.get(0))
                    .thenComparing(k -> k.get(1)));
        singleEventActivity(searcher, all, tenants, since, lookback, seen);
        blockActivity(searcher, tenants, since, lookback, seen);
        List<AssetActivity> out = new ArrayList<>();
        for (var e : seen.entrySet()) {
          if (out.size() >= limit) {
            break;
          }
          out.add(
              new AssetActivity(
                  e.getKey().get(0),
                  e.getKey().get(1),
                  e.getValue()[0],
                  Instant.ofEpochMilli(e.getValue()[1])));
        }
        return out;
      }
    } finally {
      for (DirectoryReader r : readers) {
        Object dir = r.directory();
        r.close();
        ((FSDirectory) dir).close();
      }
    }
  }

  /** Activity of events stored one per document (archives written before blocks). */
  private static void singleEventActivity(
      IndexSearcher searcher,
      IndexReader all,
      @Nullable Set<String> tenants,
      Instant since,
      Instant lookback,
      Map<List<String>, long[]> seen)
      throws IOException {
    Query blockMark = new TermQuery(new Term(EventMatcher.BLOCK, BLOCK_MARK));
    List<String> seenTenants = terms(all, TENANT);
    List<String> assets = terms(all, "host.name");
    Query recent = range(TIMESTAMP, since.toEpochMilli(), Long.MAX_VALUE);
    Query inPeriod = range(TIMESTAMP, lookback.toEpochMilli(), Long.MAX_VALUE);
    Sort newest = new Sort(new SortField(TIMESTAMP, SortField.Type.LONG, true));
    for (String tenant : seenTenants) {
      if (tenants != null && !tenants.contains(tenant)) {
        continue;
      }
      for (String asset : assets) {
        Query base =
            new BooleanQuery.Builder()
                .add(new TermQuery(new Term(TENANT, tenant)), BooleanClause.Occur.FILTER)
                .add(new TermQuery(new Term("host.name", asset)), BooleanClause.Occur.FILTER)
                .add(blockMark, BooleanClause.Occur.MUST_NOT)
                .build();
        Query period =
            new BooleanQuery.Builder()
                .add(base, BooleanClause.Occur.FILTER)
                .add(inPeriod, BooleanClause.Occur.FILTER)
                .build();
        TopFieldDocs top = searcher.search(period, 1, newest);
        if (top.scoreDocs.length == 0) {
          continue;
        }
        StoredMeta m =
            StoredMeta.decode(
                searcher.storedFields().document(top.scoreDocs[0].doc).getBinaryValue(META));
        long count =
            searcher.count(
                new BooleanQuery.Builder()
                    .add(base, BooleanClause.Occur.FILTER)
                    .add(recent, BooleanClause.Occur.FILTER)
                    .build());
        long[] a =
            seen.computeIfAbsent(List.of(tenant, asset), k -> new long[] {0, Long.MIN_VALUE});
        a[0] += count;
        a[1] = Math.max(a[1], m.timestamp());
      }
    }
  }

  /** Activity of events stored in blocks: each block of the period is read. */
  private static void blockActivity(
      IndexSearcher searcher,
      @Nullable Set<String> tenants,
      Instant since,
      Instant lookback,
      Map<List<String>, long[]> seen)
      throws IOException {
    long from = lookback.toEpochMilli();
    long recent = since.toEpochMilli();
    BooleanQuery.Builder q =
        new BooleanQuery.Builder()
            .add(
                new TermQuery(new Term(EventMatcher.BLOCK, BLOCK_MARK)), BooleanClause.Occur.FILTER)
            .add(
                NumericDocValuesField.newSlowRangeQuery(
                    TIMESTAMP, Math.min(from, recent), Long.MAX_VALUE),
                BooleanClause.Occur.FILTER);
    if (tenants != null) {
      q.add(
          new TermInSetQuery(TENANT, tenants.stream().map(BytesRef::new).toList()),
          BooleanClause.Occur.FILTER);
    }
    int host = EventBlock.COLUMNS.indexOf("host.name");
    searcher.search(
        q.build(),
        new org.apache.lucene.search.SimpleCollector() {
          private org.apache.lucene.index.@Nullable StoredFields stored;
          private org.apache.lucene.index.@Nullable NumericDocValues events;
          private org.apache.lucene.index.@Nullable NumericDocValues newest;
          private org.apache.lucene.index.@Nullable NumericDocValues oldest;
          private org.apache.lucene.index.@Nullable SortedDocValues tenantOf;
          private org.apache.lucene.index.@Nullable SortedDocValues shopOf;

          @Override
          protected void doSetNextReader(org.apache.lucene.index.LeafReaderContext context)
              throws IOException {
            var r = context.reader();
            stored = sequential(r);
            events = r.getNumericDocValues(EventMatcher.EVENTS);
            newest = r.getNumericDocValues(TIMESTAMP);
            oldest = r.getNumericDocValues(EventMatcher.MIN_TIME);
            tenantOf = r.getSortedDocValues(EventMatcher.ONE_TENANT);
            shopOf = r.getSortedDocValues(EventMatcher.ONE_SHOP);
          }

          @Override
          public org.apache.lucene.search.ScoreMode scoreMode() {
            return org.apache.lucene.search.ScoreMode.COMPLETE_NO_SCORES;
          }

          private @Nullable String only(
              org.apache.lucene.index.@Nullable SortedDocValues v, int doc) throws IOException {
            return v != null && v.advanceExact(doc)
                ? EventBlock.string(v.lookupOrd(v.ordValue()))
                : null;
          }

          /**
           * A block of one tenant and shop wholly before or after `since`: read from its values.
           */
          private boolean counted(int doc) throws IOException {
            String tenant = only(tenantOf, doc);
            String shop = only(shopOf, doc);
            if (tenant == null || shop == null) {
              return false;
            }
            long n = Hits.value(events, doc);
            long first = Hits.value(oldest, doc);
            long last = Hits.value(newest, doc);
            if (n < 0 || first == Long.MIN_VALUE || (first < recent && last >= recent)) {
              return false;
            }
            if (tenants != null && !tenants.contains(tenant)) {
              return true;
            }
            long[] a =
                seen.computeIfAbsent(List.of(tenant, shop), k -> new long[] {0, Long.MIN_VALUE});
            if (first >= recent) {
              a[0] += n;
            }
            if (last >= from) {
              a[1] = Math.max(a[1], last);
            }
            return true;
          }

          @Override
          public void collect(int doc) throws IOException {
            if (counted(doc)) {
              return;
            }
            EventBlock b = decodeStored(stored.document(doc).getBinaryValue(EventMatcher.DATA));
            for (int r = 0; r < b.size; r++) {
              long t = b.timestamps[r];
              BytesRef asset = b.cell(host, r);
              if (t < Math.min(from, recent) || asset == null) {
                continue;
              }
              String tenant = b.text(EventBlock.TENANT_COLUMN, r);
              if (tenants != null && !tenants.contains(tenant)) {
                continue;
              }
              long[] a =
                  seen.computeIfAbsent(
                      List.of(tenant, EventBlock.string(asset)),
                      k -> new long[] {0, Long.MIN_VALUE});
              if (t >= recent) {
                a[0]++;
              }
              if (t >= from) {
                a[1] = Math.max(a[1], t);
              }
            }
          }
        });
    // Shops with events counted since `since` but none since `lookback` are left out.
    seen.values().removeIf(a -> a[1] == Long.MIN_VALUE);
  }

  /** The distinct values of a keyword field, sorted. */
  private static List<String> terms(IndexReader reader, String field) throws IOException {
    List<String> out = new ArrayList<>();
    org.apache.lucene.index.Terms terms =
        org.apache.lucene.index.MultiTerms.getTerms(reader, field);
    if (terms == null) {
      return out;
    }
    org.apache.lucene.index.TermsEnum e = terms.iterator();
    for (BytesRef t = e.next(); t != null && out.size() < 10_000; t = e.next()) {
      out.add(t.utf8ToString());
    }
    return out;
  }

  private static boolean outside(String partition, @Nullable Instant from, @Nullable Instant to) {
    LocalDate day = LocalDate.parse(partition);
    if (from != null && day.isBefore(LocalDate.ofInstant(from, ZoneOffset.UTC))) {
      return true;
    }
    return to != null && !day.atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(to);
  }

  private Query parse(@Nullable String query) {
    if (query == null || query.isBlank()) {
      return new MatchAllDocsQuery();
    }
    if (query.length() > 4096) {
      throw new IllegalArgumentException("query longer than 4096 characters");
    }
    StandardQueryParser parser = new StandardQueryParser(analyzer);
    parser.setAllowLeadingWildcard(true);
    java.text.NumberFormat integer =
        java.text.NumberFormat.getIntegerInstance(java.util.Locale.ROOT);
    integer.setGroupingUsed(false);
    parser.setPointsConfigMap(
        Map.of(
            STATUS, new PointsConfig(integer, Integer.class),
            BYTES, new PointsConfig(integer, Long.class),
            TIMESTAMP, new PointsConfig(integer, Long.class)));
    try {
      // Words without a field are looked for in the URL and the user agent.
      parser.setMultiFields(TEXTS.toArray(String[]::new));
      return rewriteLeaves(parser.parse(query, null), q -> numbersByDocValues(containsOnTexts(q)));
    } catch (QueryNodeException | RuntimeException e) {
      throw new IllegalArgumentException("invalid query: " + e.getMessage(), e);
    }
  }

  /**
   * Turns an exact term on a text field into "contains, ignoring ASCII case": {@code sqlmap} finds
   * {@code sqlmap/1.7.2#stable}, {@code UNION} finds {@code ?id=1%20union%20select}.
   */
  static Query containsOnTexts(Query q) {
    if (q instanceof TermQuery t && TEXTS.contains(t.getTerm().field())) {
      String text = t.getTerm().text();
      return new org.apache.lucene.search.RegexpQuery(
          new Term(t.getTerm().field(), ".*" + regexpLiteral(text) + ".*"),
          org.apache.lucene.util.automaton.RegExp.NONE,
          org.apache.lucene.util.automaton.RegExp.ASCII_CASE_INSENSITIVE,
          org.apache.lucene.util.automaton.Operations.DEFAULT_DETERMINIZE_WORK_LIMIT);
    }
    return q;
  }

  /** The parsed query with {@code leaf} applied to every query inside its boolean and boosts. */
  static Query rewriteLeaves(Query q, java.util.function.UnaryOperator<Query> leaf) {
    if (q instanceof BooleanQuery bq) {
      BooleanQuery.Builder b = new BooleanQuery.Builder();
      b.setMinimumNumberShouldMatch(bq.getMinimumNumberShouldMatch());
      for (BooleanClause c : bq.clauses()) {
        b.add(rewriteLeaves(c.getQuery(), leaf), c.getOccur());
      }
      return b.build();
    }
    if (q instanceof org.apache.lucene.search.BoostQuery bq) {
      return new org.apache.lucene.search.BoostQuery(
          rewriteLeaves(bq.getQuery(), leaf), bq.getBoost());
    }
    return leaf.apply(q);
  }

  /** The original line: UTF-8 bytes, or a string in archives written before. */
  static String original(Document d) {
    String s = d.get(ORIGINAL);
    if (s != null) {
      return s;
    }
    BytesRef b = d.getBinaryValue(ORIGINAL);
    return b == null ? "" : b.utf8ToString();
  }

  /**
   * A range of a number field, inclusive. The time has always had doc values; the offset, status
   * and size were points in archives written before doc values replaced them, so they are read from
   * whichever a segment holds.
   */
  static Query range(String field, long lo, long hi) {
    return new NumberRangeQuery(field, lo, hi, STATUS.equals(field));
  }

  /**
   * The query parser makes point ranges of {@code http.response.status_code:404} or {@code
   * @timestamp:[a TO b]}; they become {@link #range} queries, which also find events stored by
   * doc values.
   */
  static Query numbersByDocValues(Query q) {
    if (q instanceof org.apache.lucene.search.PointRangeQuery p && p.getNumDims() == 1) {
      String f = p.getField();
      if (STATUS.equals(f)) {
        return range(
            f,
            IntPoint.decodeDimension(p.getLowerPoint(), 0),
            IntPoint.decodeDimension(p.getUpperPoint(), 0));
      }
      if (BYTES.equals(f) || TIMESTAMP.equals(f)) {
        return range(
            f,
            LongPoint.decodeDimension(p.getLowerPoint(), 0),
            LongPoint.decodeDimension(p.getUpperPoint(), 0));
      }
    }
    return q;
  }

  /** Text as a literal in Lucene's regular-expression syntax: every other character quoted. */
  private static String regexpLiteral(String text) {
    StringBuilder b = new StringBuilder(text.length() * 2);
    text.codePoints()
        .forEach(
            cp -> {
              if (Character.isLetterOrDigit(cp)) {
                b.appendCodePoint(cp);
              } else if (cp == '"') {
                b.append("\\\"");
              } else {
                b.append('"').appendCodePoint(cp).append('"');
              }
            });
    return b.toString();
  }

  /**
   * Deletes whole day partitions, oldest first: those older than {@code maxAge}, then more until
   * the archive is at most {@code maxBytes}. Open partitions (being written) are kept.
   *
   * @return the partitions deleted
   */
  public synchronized List<String> enforceRetention(Instant now, Duration maxAge, long maxBytes)
      throws IOException {
    List<String> deleted = new ArrayList<>();
    LocalDate oldest = LocalDate.ofInstant(now.minus(maxAge), ZoneOffset.UTC);
    List<String> parts = new ArrayList<>(partitions());
    long size = 0;
    Map<String, Long> sizes = new LinkedHashMap<>();
    for (String p : parts) {
      long s = sizeOf(root.resolve(p));
      sizes.put(p, s);
      size += s;
    }
    for (String p : parts) {
      boolean tooOld = LocalDate.parse(p).isBefore(oldest);
      if ((tooOld || size > maxBytes) && !writers.containsKey(p)) {
        deleteTree(root.resolve(p));
        size -= sizes.get(p);
        deleted.add(p);
      }
    }
    return deleted;
  }

  /** Bytes the archive takes on disk. */
  public long sizeOnDisk() throws IOException {
    return sizeOf(root);
  }

  private static long sizeOf(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static void deleteTree(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }

  /** Commits and closes every open partition. */
  @Override
  public synchronized void close() throws IOException {
    try {
      for (IndexWriter w : writers.values()) {
        w.close();
        w.getDirectory().close();
      }
    } finally {
      writers.clear();
    }
  }
}
