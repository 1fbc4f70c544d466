package dev.mimamori.incidents.respond;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mimamori.model.Observable;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Blocks an address or network at AWS WAF: adds it, in CIDR form ({@code /32}, {@code /128}), to a
 * WAFv2 IP set that a web ACL rule blocks. WAF replaces an IP set whole, so the set is read ({@code
 * GetIPSet}) and written back with the change and the lock token it came with ({@code
 * UpdateIPSet}); when someone else changed it in between ({@code WAFOptimisticLockException}) the
 * read and write are tried once more. Undo removes the address the same way. Credentials are the
 * configured key, or else the SDK's default chain (environment, profile, instance role).
 */
public final class AwsWafIpSetAction implements ResponseAction {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
  private static final Pattern SET_NAME = Pattern.compile("[\\w-]{1,128}");
  private static final Pattern SET_ID = Pattern.compile("[0-9a-f-]{1,36}");

  /**
   * Settings.
   *
   * @param region e.g. {@code ap-northeast-1}; {@code us-east-1} for {@code CLOUDFRONT}
   * @param scope {@code REGIONAL} (ALB, API Gateway, ...) or {@code CLOUDFRONT}
   * @param ipSetName the IP set's name
   * @param ipSetId the IP set's id
   * @param endpoint another endpoint than {@code https://wafv2.REGION.amazonaws.com}; null: that
   * @param accessKeyId a key of an IAM user allowed {@code wafv2:GetIPSet} and {@code
   *     wafv2:UpdateIPSet} on this set; null: the SDK's default credentials chain
   * @param secretAccessKey its secret
   */
  public record Config(
      String region,
      String scope,
      String ipSetName,
      String ipSetId,
      @Nullable URI endpoint,
      @Nullable String accessKeyId,
      @Nullable String secretAccessKey) {
    public Config {
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(ipSetName, "ipSetName");
      Objects.requireNonNull(ipSetId, "ipSetId");
      if (!REGION.matcher(region).matches()) {
        throw new IllegalArgumentException("not an AWS region: " + region);
      }
      if (!scope.equals("REGIONAL") && !scope.equals("CLOUDFRONT")) {
        throw new IllegalArgumentException("scope is REGIONAL or CLOUDFRONT");
      }
      if (scope.equals("CLOUDFRONT") && !region.equals("us-east-1")) {
        throw new IllegalArgumentException("CLOUDFRONT IP sets live in us-east-1");
      }
      if (!SET_NAME.matcher(ipSetName).matches() || !SET_ID.matcher(ipSetId).matches()) {
        throw new IllegalArgumentException(
            "not an IP set name and id: " + ipSetName + ", " + ipSetId);
      }
      if ((accessKeyId == null) != (secretAccessKey == null)) {
        throw new IllegalArgumentException("give both accessKeyId and secretAccessKey, or neither");
      }
    }

    public Config(String region, String scope, String ipSetName, String ipSetId) {
      this(region, scope, ipSetName, ipSetId, null, null, null);
    }

    /** The secret is not shown. */
    @Override
    public String toString() {
      return "Config[region="
          + region
          + ", scope="
          + scope
          + ", ipSetName="
          + ipSetName
          + ", ipSetId="
          + ipSetId
          + ", endpoint="
          + endpoint
          + ", accessKeyId="
          + accessKeyId
          + "]";
    }
  }

  private final Config config;
  private final WafV2Client client;

  public AwsWafIpSetAction(Config config) {
    this.config = config;
    URI endpoint =
        config.endpoint() != null
            ? config.endpoint()
            : URI.create("https://wafv2." + config.region() + ".amazonaws.com");
    this.client = new WafV2Client(endpoint, config.region(), credentials(config));
  }

  private static Supplier<AwsCredentialsIdentity> credentials(Config config) {
    if (config.accessKeyId() != null && config.secretAccessKey() != null) {
      AwsCredentialsIdentity fixed =
          AwsCredentialsIdentity.create(config.accessKeyId(), config.secretAccessKey());
      return () -> fixed;
    }
    DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
    return chain::resolveCredentials;
  }

  @Override
  public String type() {
    return "aws-waf-ipset";
  }

  @Override
  public ActionResult execute(ActionRequest request) throws ActionException {
    IpNet net = target(request);
    return change(request, net, true);
  }

  @Override
  public ActionResult undo(ActionRequest request) throws ActionException {
    IpNet net = target(request);
    return change(request, net, false);
  }

  private ActionResult change(ActionRequest request, IpNet net, boolean add)
      throws ActionException {
    String where = "AWS WAF IP set " + config.ipSetName();
    for (int attempt = 1; ; attempt++) {
      try {
        JsonNode got = client.call("GetIPSet", ref());
        JsonNode set = got.path("IPSet");
        String version = set.path("IPAddressVersion").asText("");
        if (!version.equals(net.isV6() ? "IPV6" : "IPV4")) {
          throw new ActionException(
              where
                  + " holds "
                  + version
                  + " addresses; "
                  + net
                  + " needs an "
                  + (net.isV6() ? "IPV6" : "IPV4")
                  + " set",
              false);
        }
        List<String> addresses = new ArrayList<>();
        set.path("Addresses").forEach(a -> addresses.add(a.asText()));
        Predicate<String> same = a -> sameNet(a, net);
        boolean present = addresses.stream().anyMatch(same);
        if (add == present) {
          return new ActionResult(
              false, net.cidr() + (add ? " was already in " : " was not in ") + where);
        }
        if (request.dryRun()) {
          return ActionResult.dryRun(
              "would "
                  + (add ? "add " + net.cidr() + " to " : "remove " + net.cidr() + " from ")
                  + where);
        }
        if (add) {
          addresses.add(net.cidr());
        } else {
          addresses.removeIf(same);
        }
        ObjectNode update = ref();
        if (set.hasNonNull("Description")) {
          update.put("Description", set.get("Description").asText());
        }
        ArrayNode arr = update.putArray("Addresses");
        addresses.forEach(arr::add);
        update.put("LockToken", got.path("LockToken").asText());
        client.call("UpdateIPSet", update);
        return new ActionResult(
            true,
            (add ? "blocked " + net.cidr() + " in " : "removed " + net.cidr() + " from ") + where);
      } catch (WafV2Client.WafError e) {
        if (e.type.equals("WAFOptimisticLockException") && attempt < 2) {
          continue; // changed by someone else between our read and write: read again
        }
        throw new ActionException(where + ": " + e.getMessage(), e.temporary(), e);
      } catch (IOException e) {
        throw new ActionException(where + ": " + e.getMessage(), true, e);
      } catch (RuntimeException e) {
        // The credentials chain throws when it finds nothing: a configuration problem.
        throw new ActionException(where + ": " + e.getMessage(), false, e);
      }
    }
  }

  private ObjectNode ref() {
    ObjectNode o = JSON.createObjectNode();
    o.put("Name", config.ipSetName());
    o.put("Scope", config.scope());
    o.put("Id", config.ipSetId());
    return o;
  }

  private static boolean sameNet(String address, IpNet net) {
    try {
      return IpNet.parse(address).equals(net);
    } catch (ActionException e) {
      return false;
    }
  }

  private static IpNet target(ActionRequest request) throws ActionException {
    if (request.target().type() != Observable.Type.IP) {
      throw new ActionException(
          "aws-waf-ipset acts on IP addresses, not " + request.target().type().label(), false);
    }
    return IpNet.parse(request.target().value());
  }
}
