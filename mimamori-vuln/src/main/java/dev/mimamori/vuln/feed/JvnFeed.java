package dev.mimamori.vuln.feed;

import dev.mimamori.vuln.advisory.SafeXml;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The MyJVN API (VULDEF 3.2, {@code feed=hnd}): {@code getVulnOverviewList} by keyword, page by
 * page ({@code startItem}, {@code maxCountItem}, the Status node's {@code totalRes}), then {@code
 * getVulnDetailInfo} for the ids, ten at a time (the API's limit), whose VULDEF XML the JVN reader
 * reads. {@code since} asks for records last updated on or after that day.
 */
public final class JvnFeed implements AdvisoryFeed {
  static final int OVERVIEW_PAGE = 50;
  static final int DETAIL_BATCH = 10;
  static final int MAX_REQUESTS = 200;
  private static final String FEED = "jvn";
  private static final String STATUS_NS = "http://jvndb.jvn.jp/myjvn/Status";
  private static final String RESULT = "Result";
  private static final String SEC_NS = "http://jvn.jp/rss/mod_sec/3.0/";
  private static final Pattern JVNDB_ID = Pattern.compile("JVNDB-\\d{4}-\\d{6}");

  /** MyJVN publishes no rate limit; one request a second is polite. */
  private static final Duration PAUSE = Duration.ofSeconds(1);

  private final FeedHttp http;
  private final URI endpoint;
  private final Sleeper sleeper;
  private int requests;

  public JvnFeed(FeedHttp http, URI endpoint, Sleeper sleeper) {
    this.http = http;
    this.endpoint = endpoint;
    this.sleeper = sleeper;
  }

  @Override
  public void fetch(FeedQuery query, Consumer<FeedDocument> out) throws FeedException {
    requests = 0;
    List<String> ids = overview(query.keyword(), query.since());
    for (int i = 0; i < ids.size(); i += DETAIL_BATCH) {
      List<String> batch = ids.subList(i, Math.min(ids.size(), i + DETAIL_BATCH));
      Map<String, String> params = new LinkedHashMap<>();
      params.put("method", "getVulnDetailInfo");
      params.put("feed", "hnd");
      params.put("vulnId", "");
      // The ids are joined by a literal "+", which the encoder would turn into %2B.
      URI uri = URI.create(Query.with(endpoint, params) + String.join("+", batch));
      byte[] body = request(uri);
      Document doc = parse(body, "VULDEF-Document");
      checkStatus(doc);
      if (!isEmptyResult(doc)) {
        out.accept(new FeedDocument("jvn.xml", FEED + ":" + String.join("+", batch), body));
      }
    }
  }

  private List<String> overview(String keyword, @Nullable LocalDate since) throws FeedException {
    Set<String> ids = new LinkedHashSet<>();
    int start = 1;
    while (true) {
      Map<String, String> params = new LinkedHashMap<>();
      params.put("method", "getVulnOverviewList");
      params.put("feed", "hnd");
      params.put("keyword", keyword);
      params.put("rangeDatePublic", "n");
      params.put("rangeDatePublished", "n");
      params.put("rangeDateFirstPublished", "n");
      if (since != null) {
        params.put("datePublishedStartY", String.valueOf(since.getYear()));
        params.put("datePublishedStartM", String.format("%02d", since.getMonthValue()));
        params.put("datePublishedStartD", String.format("%02d", since.getDayOfMonth()));
      }
      params.put("startItem", String.valueOf(start));
      params.put("maxCountItem", String.valueOf(OVERVIEW_PAGE));
      Document doc = parse(request(Query.with(endpoint, params)), "RDF");
      Element status = checkStatus(doc);
      if (isEmptyResult(doc)) {
        return new ArrayList<>(ids);
      }
      NodeList found = doc.getElementsByTagNameNS(SEC_NS, "identifier");
      for (int i = 0; i < found.getLength(); i++) {
        String id = found.item(i).getTextContent().trim();
        if (JVNDB_ID.matcher(id).matches()) {
          ids.add(id);
        }
      }
      int returned = number(status, "totalResRet");
      int first = number(status, "firstRes");
      int total = number(status, "totalRes");
      start = first + returned;
      if (returned <= 0 || start > total) {
        return new ArrayList<>(ids);
      }
    }
  }

  private byte[] request(URI uri) throws FeedException {
    if (++requests > MAX_REQUESTS) {
      throw new FeedException(FEED + ": more than " + MAX_REQUESTS + " requests (refused)");
    }
    if (requests > 1) {
      try {
        sleeper.sleep(PAUSE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FeedException(FEED + ": interrupted");
      }
    }
    return http.get(FEED, uri, Map.of());
  }

  /** MyJVN answers a bare {@code Result} with only its Status when nothing matches. */
  private static boolean isEmptyResult(Document doc) {
    return RESULT.equals(doc.getDocumentElement().getLocalName());
  }

  private static Document parse(byte[] body, String root) throws FeedException {
    Document doc;
    try {
      doc = SafeXml.builder().parse(new ByteArrayInputStream(body));
    } catch (SAXException | IOException e) {
      throw new FeedException(FEED + " answered something that is not XML: " + FeedHttp.reason(e));
    }
    String name = doc.getDocumentElement().getLocalName();
    if (!root.equals(name) && !RESULT.equals(name)) {
      throw new FeedException(FEED + " answered XML that is not MyJVN's (root " + name + ")");
    }
    return doc;
  }

  /** MyJVN says failures in its Status node ({@code retCd="1"}, {@code errMsg}). */
  private static Element checkStatus(Document doc) throws FeedException {
    NodeList s = doc.getElementsByTagNameNS(STATUS_NS, "Status");
    if (s.getLength() == 0) {
      throw new FeedException(FEED + " answered without MyJVN's Status node");
    }
    Element status = (Element) s.item(0);
    if (!"0".equals(status.getAttribute("retCd"))) {
      throw new FeedException(
          FEED
              + " refused the request: "
              + status.getAttribute("errCd")
              + " "
              + status.getAttribute("errMsg"));
    }
    return status;
  }

  private static int number(Element status, String attribute) throws FeedException {
    try {
      return Integer.parseInt(status.getAttribute(attribute).trim());
    } catch (NumberFormatException e) {
      throw new FeedException(FEED + " answered a Status without a number in " + attribute);
    }
  }
}
