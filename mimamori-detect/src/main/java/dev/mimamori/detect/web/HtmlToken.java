package dev.mimamori.detect.web;

import java.util.List;

/** What {@link HtmlTokenizer} finds in text; offsets point into the tokenized text. */
sealed interface HtmlToken
    permits HtmlToken.StartTag, HtmlToken.EndTag, HtmlToken.Comment, HtmlToken.RawText {

  int start();

  /**
   * A start tag; the empty name stands for the tag the value was placed inside (attribute
   * contexts), whose attributes after the break-out are the attacker's.
   *
   * @param complete whether a {@code >} ended it (the page's own markup would end it otherwise)
   */
  record StartTag(String name, List<Attribute> attributes, int start, boolean complete)
      implements HtmlToken {}

  /** An end tag. */
  record EndTag(String name, int start) implements HtmlToken {}

  /** A comment, a bogus comment or a processing instruction ({@code <?...>}), with its text. */
  record Comment(String text, int start) implements HtmlToken {}

  /** The raw text inside {@code <style>}, {@code <script>} and the like. */
  record RawText(String tag, String text, int start) implements HtmlToken {}

  /**
   * One attribute, the value as written (character references not yet decoded).
   *
   * @param assigned whether an {@code =} followed the name, even with nothing after it
   */
  record Attribute(String name, String value, int start, boolean assigned) {}
}
