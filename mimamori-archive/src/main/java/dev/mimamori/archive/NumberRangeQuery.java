package dev.mimamori.archive;

import java.io.IOException;
import java.util.Objects;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DocValuesType;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.Weight;
import org.jspecify.annotations.Nullable;

/**
 * An inclusive range of a number field, read from each segment the way that segment holds the
 * field: doc values (what the archive writes now) or points (what it wrote before, and still writes
 * into a day begun by an older version). Lucene's own range queries fail on a segment that holds
 * the field the other way.
 */
final class NumberRangeQuery extends Query {
  private final String field;
  private final long lo;
  private final long hi;
  private final boolean intPoints;

  NumberRangeQuery(String field, long lo, long hi, boolean intPoints) {
    this.field = field;
    this.lo = lo;
    this.hi = hi;
    this.intPoints = intPoints;
  }

  String field() {
    return field;
  }

  long lo() {
    return lo;
  }

  long hi() {
    return hi;
  }

  private Query byPoints() {
    if (intPoints) {
      return IntPoint.newRangeQuery(
          field, (int) Math.max(lo, Integer.MIN_VALUE), (int) Math.min(hi, Integer.MAX_VALUE));
    }
    return LongPoint.newRangeQuery(field, lo, hi);
  }

  @Override
  public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost)
      throws IOException {
    Query values = NumericDocValuesField.newSlowRangeQuery(field, lo, hi);
    Weight byValues = searcher.createWeight(searcher.rewrite(values), scoreMode, boost);
    Weight byPoints = searcher.createWeight(searcher.rewrite(byPoints()), scoreMode, boost);
    return new Weight(this) {
      private @Nullable Weight pick(LeafReaderContext ctx) {
        FieldInfo f = ctx.reader().getFieldInfos().fieldInfo(field);
        if (f == null) {
          return null;
        }
        if (f.getDocValuesType() != DocValuesType.NONE) {
          return byValues;
        }
        return f.getPointDimensionCount() > 0 ? byPoints : null;
      }

      @Override
      public @Nullable Scorer scorer(LeafReaderContext ctx) throws IOException {
        Weight w = pick(ctx);
        return w == null ? null : w.scorer(ctx);
      }

      @Override
      public @Nullable ScorerSupplier scorerSupplier(LeafReaderContext ctx) throws IOException {
        Weight w = pick(ctx);
        return w == null ? null : w.scorerSupplier(ctx);
      }

      @Override
      public int count(LeafReaderContext ctx) throws IOException {
        Weight w = pick(ctx);
        return w == null ? 0 : w.count(ctx);
      }

      @Override
      public Explanation explain(LeafReaderContext ctx, int doc) throws IOException {
        Weight w = pick(ctx);
        return w == null ? Explanation.noMatch("no " + field + " here") : w.explain(ctx, doc);
      }

      @Override
      public boolean isCacheable(LeafReaderContext ctx) {
        Weight w = pick(ctx);
        return w == null || w.isCacheable(ctx);
      }
    };
  }

  @Override
  public void visit(QueryVisitor visitor) {
    if (visitor.acceptField(field)) {
      visitor.visitLeaf(this);
    }
  }

  @Override
  public String toString(String defaultField) {
    return field + ":[" + lo + " TO " + hi + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NumberRangeQuery q
        && q.field.equals(field)
        && q.lo == lo
        && q.hi == hi
        && q.intPoints == intPoints;
  }

  @Override
  public int hashCode() {
    return Objects.hash(field, lo, hi, intPoints);
  }
}
