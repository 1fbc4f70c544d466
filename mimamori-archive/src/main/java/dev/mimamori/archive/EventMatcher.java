package dev.mimamori.archive;

import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedNumericDocValuesField;
import org.apache.lucene.search.AutomatonQuery;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.automaton.CompiledAutomaton;
import org.apache.lucene.util.automaton.Operations;

/**
 * A parsed archive query applied to the events of a block one by one, with Lucene's meaning: a
 * block is found by the distinct values of all its events ({@link #blockQuery}), so each of its
 * events is checked against the query itself. The queries the archive's parser makes are covered:
 * boolean clauses, terms, wildcards, prefixes, regular expressions, fuzzy terms, term ranges and
 * number ranges; any other is refused when the query is parsed.
 */
final class EventMatcher {
  /** Whether one event of a block matches. */
  interface RowTest {
    boolean test(EventBlock block, int row);
  }

  private EventMatcher() {}

  /** The field names a block's numbers are indexed under. */
  static final String BLOCK = "_b";

  static final String EVENTS = "_n";
  static final String MIN_TIME = "_tmin";
  static final String MIN_OFFSET = "_omin";
  static final String MAX_OFFSET = "_omax";
  static final String STATUSES = "_bstatus";
  static final String MIN_BYTES = "_bbmin";
  static final String MAX_BYTES = "_bbmax";
  static final String DATA = "_blk";

  /** How many tenants a block's events belong to: one, unless a stream was given several. */
  static final String TENANTS = "_btenants";

  /** The one tenant and the one shop of a block that holds events of one of each. */
  static final String ONE_TENANT = "_btenant";

  static final String ONE_SHOP = "_bshop";

  /**
   * A query that finds every block holding at least one event the query matches (and maybe more):
   * terms find a block by any of its values, number ranges by its smallest and largest, and
   * exclusions are left to the check of each event.
   */
  static Query blockQuery(Query q) {
    if (q instanceof BooleanQuery bq) {
      BooleanQuery.Builder b = new BooleanQuery.Builder();
      b.setMinimumNumberShouldMatch(bq.getMinimumNumberShouldMatch());
      int kept = 0;
      for (BooleanClause c : bq.clauses()) {
        if (c.getOccur() == BooleanClause.Occur.MUST_NOT) {
          continue;
        }
        b.add(blockQuery(c.getQuery()), c.getOccur());
        kept++;
      }
      // Only exclusions: Lucene matches nothing, and neither does an event check.
      return kept == 0 ? new MatchNoDocsQuery() : b.build();
    }
    if (q instanceof BoostQuery bq) {
      return blockQuery(bq.getQuery());
    }
    if (q instanceof ConstantScoreQuery cq) {
      return blockQuery(cq.getQuery());
    }
    if (q instanceof NumberRangeQuery r) {
      return switch (r.field()) {
        case EventArchive.TIMESTAMP -> overlap(MIN_TIME, EventArchive.TIMESTAMP, r.lo(), r.hi());
        case EventArchive.OFFSET -> overlap(MIN_OFFSET, MAX_OFFSET, r.lo(), r.hi());
        case EventArchive.BYTES -> overlap(MIN_BYTES, MAX_BYTES, r.lo(), r.hi());
        case EventArchive.STATUS ->
            SortedNumericDocValuesField.newSlowRangeQuery(STATUSES, r.lo(), r.hi());
        default -> new MatchNoDocsQuery();
      };
    }
    // Terms and the multi-term queries find a block by the values it indexes.
    return q;
  }

  /** Blocks whose values from {@code minField} to {@code maxField} meet {@code [lo, hi]}. */
  static Query overlap(String minField, String maxField, long lo, long hi) {
    return new BooleanQuery.Builder()
        .add(
            NumericDocValuesField.newSlowRangeQuery(minField, Long.MIN_VALUE, hi),
            BooleanClause.Occur.FILTER)
        .add(
            NumericDocValuesField.newSlowRangeQuery(maxField, lo, Long.MAX_VALUE),
            BooleanClause.Occur.FILTER)
        .build();
  }

  /**
   * The check of one event.
   *
   * @throws IllegalArgumentException for a kind of query the archive does not know
   */
  static RowTest compile(Query q) {
    if (q instanceof MatchAllDocsQuery) {
      return (b, r) -> true;
    }
    if (q instanceof MatchNoDocsQuery) {
      return (b, r) -> false;
    }
    if (q instanceof BoostQuery bq) {
      return compile(bq.getQuery());
    }
    if (q instanceof ConstantScoreQuery cq) {
      return compile(cq.getQuery());
    }
    if (q instanceof BooleanQuery bq) {
      return bool(bq);
    }
    if (q instanceof NumberRangeQuery r) {
      return numbers(r);
    }
    if (q instanceof TermQuery t) {
      BytesRef term = BytesRef.deepCopyOf(t.getTerm().bytes());
      return column(t.getTerm().field(), term::bytesEquals);
    }
    if (q instanceof FuzzyQuery f) {
      return automaton(f.getField(), f.getAutomata());
    }
    if (q instanceof AutomatonQuery a) {
      return automaton(
          a.getField(),
          new CompiledAutomaton(
              a.getAutomaton(),
              null,
              true,
              Operations.DEFAULT_DETERMINIZE_WORK_LIMIT,
              a.isAutomatonBinary()));
    }
    throw new IllegalArgumentException("this kind of query is not supported: " + q);
  }

  private static RowTest automaton(String field, CompiledAutomaton c) {
    return switch (c.type) {
      case NONE -> (b, r) -> false;
      case ALL -> column(field, v -> true);
      case SINGLE -> {
        BytesRef term = BytesRef.deepCopyOf(c.term);
        yield column(field, term::bytesEquals);
      }
      case NORMAL -> column(field, v -> c.runAutomaton.run(v.bytes, v.offset, v.length));
    };
  }

  private static RowTest bool(BooleanQuery bq) {
    List<RowTest> required = new ArrayList<>();
    List<RowTest> optional = new ArrayList<>();
    List<RowTest> excluded = new ArrayList<>();
    for (BooleanClause c : bq.clauses()) {
      RowTest t = compile(c.getQuery());
      switch (c.getOccur()) {
        case MUST, FILTER -> required.add(t);
        case SHOULD -> optional.add(t);
        case MUST_NOT -> excluded.add(t);
      }
    }
    int minShould = bq.getMinimumNumberShouldMatch();
    // Lucene: with no required clause at least one optional must match; nothing but exclusions
    // matches nothing.
    int needed = minShould > 0 ? minShould : (required.isEmpty() ? 1 : 0);
    if (required.isEmpty() && optional.isEmpty()) {
      return (b, r) -> false;
    }
    RowTest[] req = required.toArray(RowTest[]::new);
    RowTest[] opt = optional.toArray(RowTest[]::new);
    RowTest[] exc = excluded.toArray(RowTest[]::new);
    return (b, r) -> {
      for (RowTest t : req) {
        if (!t.test(b, r)) {
          return false;
        }
      }
      for (RowTest t : exc) {
        if (t.test(b, r)) {
          return false;
        }
      }
      if (needed == 0) {
        return true;
      }
      int hits = 0;
      for (RowTest t : opt) {
        if (t.test(b, r) && ++hits >= needed) {
          return true;
        }
      }
      return false;
    };
  }

  private static RowTest numbers(NumberRangeQuery q) {
    long lo = q.lo();
    long hi = q.hi();
    return switch (q.field()) {
      case EventArchive.TIMESTAMP -> (b, r) -> b.timestamps[r] >= lo && b.timestamps[r] <= hi;
      case EventArchive.OFFSET -> (b, r) -> b.offsets[r] >= lo && b.offsets[r] <= hi;
      case EventArchive.STATUS ->
          (b, r) -> b.hasStatus(r) && b.status[r] >= lo && b.status[r] <= hi;
      case EventArchive.BYTES -> (b, r) -> b.hasBytes(r) && b.bytes[r] >= lo && b.bytes[r] <= hi;
      default -> (b, r) -> false;
    };
  }

  /** A test of a column's value, made once per distinct value of a block. */
  private static RowTest column(String field, java.util.function.Predicate<BytesRef> p) {
    if (EventArchive.STREAM.equals(field)) {
      // Every event of a block is of its stream.
      return new RowTest() {
        private EventBlock seen;
        private boolean result;

        @Override
        public boolean test(EventBlock b, int r) {
          if (b != seen) {
            seen = b;
            result = p.test(new BytesRef(b.stream));
          }
          return result;
        }
      };
    }
    int c = EventBlock.COLUMNS.indexOf(field);
    if (c < 0 || c >= EventBlock.INDEXED_COLUMNS) {
      return (b, r) -> false; // a field the archive does not index: no event has it
    }
    return new RowTest() {
      private EventBlock seen;
      private byte[] memo = new byte[0];

      @Override
      public boolean test(EventBlock b, int r) {
        int i = b.cells[c][r];
        if (i < 0) {
          return false;
        }
        if (b != seen) {
          seen = b;
          memo = new byte[b.dictionary[c].length];
        }
        if (memo[i] == 0) {
          memo[i] = p.test(b.dictionary[c][i]) ? (byte) 1 : (byte) 2;
        }
        return memo[i] == 1;
      }
    };
  }
}
