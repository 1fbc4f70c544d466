package dev.mimamori.vuln.advisory;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

/**
 * The one way mimamori parses XML from outside (advisory files, feed answers): no DTD, no external
 * entity, no XInclude, secure processing. A hostile document is refused, never resolved.
 */
public final class SafeXml {
  /**
   * Elements nested deeper than this refuse the whole document. Set here rather than left to the
   * JDK, whose default changed (none on 17, 100 on 25): a reader that isolates one deep record as
   * that record's error ({@code JvnXml}) must see the same documents on every JDK.
   */
  public static final int MAX_ELEMENT_DEPTH = 10_000;

  private SafeXml() {}

  /** A fresh builder (builders are not thread-safe); namespace aware. */
  public static DocumentBuilder builder() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      f.setAttribute("jdk.xml.maxElementDepth", Integer.toString(MAX_ELEMENT_DEPTH));
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
      return b;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("XML parser without secure processing", e);
    }
  }
}
