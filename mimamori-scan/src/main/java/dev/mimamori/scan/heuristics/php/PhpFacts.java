package dev.mimamori.scan.heuristics.php;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the flow analysis of one PHP file found: the raw material of the PHP detectors. Lists are
 * capped so a hostile file cannot make them grow without bound.
 */
public final class PhpFacts {
  static final int MAX_ITEMS = 64;

  /**
   * Request data (or a function parameter, in a summary) reaching a sink.
   *
   * @param sink what the sink does
   * @param sinkName the function, e.g. {@code eval} or {@code array_map('assert')}
   * @param source where the data came from, e.g. {@code $_POST} or {@code $cmd}
   * @param viaVariable true when it went through a variable assigned earlier
   * @param offset where the sink is
   */
  public record Flow(
      SinkClass sink, String sinkName, String source, boolean viaVariable, int offset) {}

  /**
   * A decoder inside a sink: {@code eval(gzinflate(base64_decode(...)))}.
   *
   * @param decoders the decoders from the outside in, or the variable that holds decoded data
   * @param literal the length of the longest string literal inside the sink
   */
  public record Chain(String sink, List<String> decoders, int literal, int offset) {}

  /** The kind of a call whose function is not written as a name. */
  public enum DynamicKind {
    /** The function name is request data: {@code $_GET['a']($_GET['b'])}. */
    REQUEST_CALLEE,
    /** The name came out of a decoder: {@code $f = base64_decode('...'); $f(...)}. */
    DECODED_CALLEE,
    /** A variable or expression called with request data: {@code $f($_POST['x'])}. */
    REQUEST_ARGUMENTS,
    /** A variable or expression called at all. */
    PLAIN
  }

  public record DynamicCall(DynamicKind kind, String callee, int offset) {}

  final List<Flow> flows = new ArrayList<>();
  final List<Chain> chains = new ArrayList<>();
  final List<DynamicCall> dynamicCalls = new ArrayList<>();
  final Map<String, Integer> apiCounts = new HashMap<>();
  int dynamicCallCount;
  int pregEval;
  int pregEvalOffset = -1;
  int escapedInclude = -1;
  int obfuscatedFileName = -1;
  int corsWildcard = -1;
  int cloudflareIp = -1;
  int backtickWithVariable = -1;
  int extractRequest = -1;
  int longestLiteral;
  int escapedLiterals;
  int tokens;
  int variableVariables;

  void add(Flow f) {
    if (flows.size() < MAX_ITEMS) {
      flows.add(f);
    }
  }

  void add(Chain c) {
    if (chains.size() < MAX_ITEMS) {
      chains.add(c);
    }
  }

  void add(DynamicCall d) {
    dynamicCallCount++;
    if (dynamicCalls.size() < MAX_ITEMS) {
      dynamicCalls.add(d);
    }
  }

  public List<Flow> flows() {
    return flows;
  }

  public List<Chain> chains() {
    return chains;
  }

  public List<DynamicCall> dynamicCalls() {
    return dynamicCalls;
  }

  public int dynamicCallCount() {
    return dynamicCallCount;
  }

  /** How often a name from the shell toolkit list is called. */
  public int apiCount(String name) {
    return apiCounts.getOrDefault(name, 0);
  }

  public Map<String, Integer> apiCounts() {
    return apiCounts;
  }

  /** How many preg_replace calls use the /e modifier (their replacement runs as PHP). */
  public int pregEval() {
    return pregEval;
  }

  public int pregEvalOffset() {
    return pregEvalOffset;
  }

  /** Offset of an include whose path is written in escapes ({@code "\x2fhome..."}), or -1. */
  public int escapedInclude() {
    return escapedInclude;
  }

  /** Offset of a file opened under a decoded name ({@code fopen(pack('H*', ...))}), or -1. */
  public int obfuscatedFileName() {
    return obfuscatedFileName;
  }

  /** Offset of {@code header('Access-Control-Allow-Origin: *')}, or -1. */
  public int corsWildcard() {
    return corsWildcard;
  }

  /** Offset of a use of {@code HTTP_CF_CONNECTING_IP}, or -1. */
  public int cloudflareIp() {
    return cloudflareIp;
  }

  public int backtickWithVariable() {
    return backtickWithVariable;
  }

  /** Offset of {@code extract($_REQUEST)} or {@code parse_str} of request data, or -1. */
  public int extractRequest() {
    return extractRequest;
  }

  public int longestLiteral() {
    return longestLiteral;
  }

  /** String literals written mostly in escapes, as obfuscators do. */
  public int escapedLiterals() {
    return escapedLiterals;
  }

  public int tokens() {
    return tokens;
  }

  /** {@code $$name} and {@code ${...}}: variable variables, an obfuscator's staple. */
  public int variableVariables() {
    return variableVariables;
  }
}
