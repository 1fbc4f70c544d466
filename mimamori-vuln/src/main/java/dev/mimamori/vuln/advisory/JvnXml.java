package dev.mimamori.vuln.advisory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * VULDEF XML (MyJVN getVulnDetailInfo, JVN iPedia detail feeds) turned into the same lower-case
 * JSON shape as the JSON conversion, so {@link JvnParser} reads both. No DTD, no external entity,
 * no XInclude: a hostile document is refused, never resolved.
 */
final class JvnXml {
  private static final int MAX_DEPTH = 64;

  private JvnXml() {}

  /** Marks a record that could not be read, with the reason. */
  static final String BROKEN = "__mimamori_unreadable";

  /** The {@code Vulinfo} records of a VULDEF document. */
  static List<JsonNode> records(byte[] xml) throws IOException {
    Document doc;
    try {
      doc = SafeXml.builder().parse(new ByteArrayInputStream(xml));
    } catch (SAXException e) {
      throw new IOException("not well-formed XML or a DTD (refused): " + e.getMessage(), e);
    }
    Element root = doc.getDocumentElement();
    if (!"VULDEF-Document".equals(root.getLocalName())) {
      throw new IOException("not a VULDEF document (root " + root.getLocalName() + ")");
    }
    List<JsonNode> out = new ArrayList<>();
    for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && "Vulinfo".equals(e.getLocalName())) {
        try {
          out.add(toJson(e, 0));
        } catch (IllegalArgumentException tooDeep) {
          // One hostile record is that record's error; the file's other records still count.
          out.add(JsonNodeFactory.instance.objectNode().put(BROKEN, tooDeep.getMessage()));
        }
      }
    }
    return out;
  }

  private static JsonNode toJson(Element e, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("XML nested deeper than " + MAX_DEPTH);
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    NamedNodeMap attrs = e.getAttributes();
    for (int i = 0; i < attrs.getLength(); i++) {
      Attr a = (Attr) attrs.item(i);
      if (a.getNamespaceURI() == null) {
        o.put(a.getLocalName().toLowerCase(Locale.ROOT), a.getValue());
      }
    }
    boolean children = false;
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c) {
        children = true;
        String key = c.getLocalName().toLowerCase(Locale.ROOT);
        JsonNode child = toJson(c, depth + 1);
        JsonNode prior = o.get(key);
        if (prior == null) {
          o.set(key, child);
        } else if (prior instanceof ArrayNode arr) {
          arr.add(child);
        } else {
          ArrayNode arr = JsonNodeFactory.instance.arrayNode();
          arr.add(prior);
          arr.add(child);
          o.set(key, arr);
        }
      }
    }
    if (!children) {
      String text = e.getTextContent().strip();
      if (o.isEmpty()) {
        return JsonNodeFactory.instance.textNode(text);
      }
      o.put("text", text);
    }
    return o;
  }
}
