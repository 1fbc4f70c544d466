package dev.mimamori.incidents.respond;

import dev.mimamori.model.Observable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Bans an address or network by adding a {@link Decision} to the list that CrowdSec bouncers pull
 * from mimamori ({@code /v1/decisions/stream}): every bouncer pointed at mimamori (firewall, nginx,
 * Cloudflare, ...) blocks it on its next pull and lifts it when the decision ends. The decision
 * ends at the request's ttl, so it expires by itself; without a ttl it lasts {@link #UNTIL_UNDONE}.
 */
public final class CrowdSecBanAction implements ResponseAction {
  /** How long a ban without a ttl lasts: bouncers need an end, so "until undone" is a year. */
  public static final Duration UNTIL_UNDONE = Duration.ofDays(365);

  /**
   * Settings.
   *
   * @param decisions the list served to bouncers (the running server's)
   * @param scenario the scenario named in the decisions, e.g. {@code mimamori/incident}
   */
  public record Config(DecisionList decisions, String scenario) {
    public Config {
      Objects.requireNonNull(decisions, "decisions");
      Objects.requireNonNull(scenario, "scenario");
    }
  }

  private final Config config;

  public CrowdSecBanAction(Config config) {
    this.config = config;
  }

  @Override
  public String type() {
    return "crowdsec-ban";
  }

  @Override
  public boolean expiresByItself() {
    return true;
  }

  @Override
  public ActionResult execute(ActionRequest request) throws ActionException {
    IpNet net = target(request);
    Duration d = request.ttl() == null ? UNTIL_UNDONE : request.ttl();
    List<Decision> mine = mine(request, net);
    if (!mine.isEmpty()) {
      return new ActionResult(
          false, net + " is already banned for bouncers (decision " + mine.get(0).id() + ")");
    }
    if (request.dryRun()) {
      return ActionResult.dryRun(
          "would ban " + net + " for CrowdSec bouncers for " + GoDuration.format(d));
    }
    Decision decision =
        config.decisions().ban(net, d, config.scenario(), request.tenant(), request.incidentId());
    return new ActionResult(
        true,
        "banned "
            + net
            + " for CrowdSec bouncers until "
            + decision.until()
            + " (decision "
            + decision.id()
            + ")");
  }

  @Override
  public ActionResult undo(ActionRequest request) throws ActionException {
    IpNet net = target(request);
    if (request.dryRun()) {
      int n = mine(request, net).size();
      return ActionResult.dryRun(
          n == 0 ? net + " has no ban to lift" : "would lift " + n + " ban(s) of " + net);
    }
    List<Decision> gone =
        config
            .decisions()
            .deleteIf(
                d ->
                    d.value().equals(net.toString())
                        && d.origin().equals(Decision.ORIGIN)
                        && d.tenant().equals(request.tenant())
                        && d.incidentId().equals(request.incidentId()));
    return gone.isEmpty()
        ? new ActionResult(false, net + " had no ban for this incident")
        : new ActionResult(true, "lifted the ban of " + net + " for CrowdSec bouncers");
  }

  private List<Decision> mine(ActionRequest request, IpNet net) {
    return config.decisions().active().stream()
        .filter(
            d ->
                d.value().equals(net.toString())
                    && d.origin().equals(Decision.ORIGIN)
                    && d.tenant().equals(request.tenant())
                    && d.incidentId().equals(request.incidentId()))
        .toList();
  }

  private static IpNet target(ActionRequest request) throws ActionException {
    if (request.target().type() != Observable.Type.IP) {
      throw new ActionException(
          "crowdsec-ban acts on IP addresses, not " + request.target().type().label(), false);
    }
    return IpNet.parse(request.target().value());
  }
}
