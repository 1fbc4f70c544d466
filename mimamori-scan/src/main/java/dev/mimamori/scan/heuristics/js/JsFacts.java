package dev.mimamori.scan.heuristics.js;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the analysis of one script (a .js file or one {@code <script>} block, with what it decodes
 * to) found. The skimmer detectors weigh these together.
 */
public final class JsFacts {
  /** Ways a script sends data to a server. */
  public enum Exfil {
    IMAGE_BEACON,
    XHR,
    FETCH,
    SEND_BEACON,
    WEBSOCKET,
    JQUERY_AJAX,
    SCRIPT_INJECTION
  }

  final EnumSet<Exfil> exfil = EnumSet.noneOf(Exfil.class);
  int cardNumber;
  int cardSecurity;
  int cardExpiry;
  int credentials;
  int encoders;
  int triggers;
  final List<String> urls = new ArrayList<>();
  int hexIdentifiers;
  int escapedStrings;
  int longestString;
  boolean packer;
  String decodeIntoEval = "";
  int decodeIntoEvalOffset = -1;
  int decodedLayers;
  int decodeIntoWrite;
  int lastCard = -1;
  int lastExfil = -1;
  boolean cardNearExfil;
  String headerLibrary = "";
  int length;
  int offset;

  public Set<Exfil> exfil() {
    return exfil;
  }

  /** Mentions of a card number field ({@code cc_number}, {@code cardnumber}, カード番号...). */
  public int cardNumber() {
    return cardNumber;
  }

  /** Mentions of a security code field ({@code cvv}, {@code cvc}, セキュリティコード...). */
  public int cardSecurity() {
    return cardSecurity;
  }

  public int cardExpiry() {
    return cardExpiry;
  }

  public int credentials() {
    return credentials;
  }

  /** {@code btoa} and other encoders that hide what is sent. */
  public int encoders() {
    return encoders;
  }

  /** Submit, click and change handlers: the moment a skimmer reads the form. */
  public int triggers() {
    return triggers;
  }

  /** Absolute URLs in string literals (at most a few). */
  public List<String> urls() {
    return urls;
  }

  /** Identifiers like {@code _0x3f2a}, the mark of javascript-obfuscator. */
  public int hexIdentifiers() {
    return hexIdentifiers;
  }

  /** String literals written mostly in escapes. */
  public int escapedStrings() {
    return escapedStrings;
  }

  public int longestString() {
    return longestString;
  }

  /** {@code eval(function(p,a,c,k,e,d)...)}: Dean Edwards' packer. */
  public boolean packer() {
    return packer;
  }

  /** A decoder called inside eval, Function or document.write, e.g. {@code eval(atob(...))}. */
  public String decodeIntoEval() {
    return decodeIntoEval;
  }

  public int decodeIntoEvalOffset() {
    return decodeIntoEvalOffset;
  }

  /** Decoders inside document.write: {@code document.write(unescape('%3Cscript...'))}. */
  public int decodeIntoWrite() {
    return decodeIntoWrite;
  }

  /** How many payloads (base64, char codes, percent escapes) were decoded and read too. */
  public int decodedLayers() {
    return decodedLayers;
  }

  /**
   * The library a leading banner comment claims to be ({@code jquery}, {@code bootstrap}), or "".
   */
  public String headerLibrary() {
    return headerLibrary;
  }

  /** Length of the script in chars. */
  public int length() {
    return length;
  }

  /** Where the script starts in the file. */
  public int offset() {
    return offset;
  }

  /** Whether a card field and a way out occur within a few kilobytes of each other. */
  public boolean cardNearExfil() {
    return cardNearExfil;
  }

  public boolean hasCardField() {
    return cardNumber > 0 || cardSecurity > 0 && cardExpiry > 0;
  }

  public boolean obfuscated() {
    return packer || !decodeIntoEval.isEmpty() || hexIdentifiers >= 5 || escapedStrings >= 10;
  }
}
