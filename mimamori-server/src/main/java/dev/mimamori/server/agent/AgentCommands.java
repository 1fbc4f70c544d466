package dev.mimamori.server.agent;

import dev.mimamori.agent.protocol.Command;
import dev.mimamori.incidents.notify.Sanitize;
import dev.mimamori.incidents.respond.ActionException;
import dev.mimamori.incidents.respond.ActionRequest;
import dev.mimamori.incidents.respond.ActionResult;
import dev.mimamori.model.Incident;
import dev.mimamori.server.csp.CspReportRoutes;
import dev.mimamori.server.web.ApiError;
import dev.mimamori.store.AgentCommandRepository;
import dev.mimamori.store.AgentRepository;
import dev.mimamori.store.IncidentLifecycle;
import dev.mimamori.store.SiteRepository;
import dev.mimamori.store.Store;
import dev.mimamori.store.TenantScope;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Response actions run on shop hosts through their agents: a command is queued for each enrolled
 * agent of the incident's site, the server waits a bounded time for the results, and a result that
 * comes after that goes on the incident's timeline by itself. Every command and result is audited.
 */
public final class AgentCommands {
  private static final Logger LOG = LoggerFactory.getLogger(AgentCommands.class);
  private static final Set<String> OUTCOMES =
      Set.of(Command.Result.DONE, Command.Result.REFUSED, Command.Result.FAILED);

  /** Commands handed to an agent at once, at most. */
  static final int BATCH = 50;

  private final Store store;
  private final IncidentLifecycle lifecycle;
  private final Clock clock;

  public AgentCommands(Store store, IncidentLifecycle lifecycle, Clock clock) {
    this.store = store;
    this.lifecycle = lifecycle;
    this.clock = clock;
  }

  /**
   * Queues {@code runType} for every enrolled agent of the incident's site and waits up to {@code
   * wait} for their results.
   *
   * @throws ActionException when the site has no agent, or an agent refused or failed
   */
  ActionResult run(
      String actionName, String runType, ActionRequest request, boolean undo, Duration wait)
      throws ActionException {
    List<AgentRepository.Agent> agents = agentsFor(request);
    String actor = request.actor() == null ? "mimamori" : request.actor();
    List<AgentCommandRepository.Command> queued = new ArrayList<>();
    for (AgentRepository.Agent a : agents) {
      AgentCommandRepository.Command c =
          store
              .agentCommands()
              .queue(
                  new AgentCommandRepository.NewCommand(
                      request.tenant(),
                      a.id(),
                      request.incidentId(),
                      actionName,
                      runType,
                      undo,
                      request.target(),
                      request.ttl(),
                      request.dryRun(),
                      actor));
      audit(
          c.tenant(),
          actor,
          c.id(),
          "queued",
          null,
          describe(c) + " for agent " + a.id() + " (" + a.name() + ")");
      queued.add(c);
    }
    long deadline = System.nanoTime() + wait.toNanos();
    List<String> lines = new ArrayList<>();
    boolean changed = false;
    List<String> failures = new ArrayList<>();
    boolean temporary = false;
    for (int i = 0; i < queued.size(); i++) {
      AgentRepository.Agent a = agents.get(i);
      AgentCommandRepository.Command c = awaitResult(queued.get(i).id(), deadline);
      String who = "agent " + a.name() + " (" + a.id() + ")";
      if (!c.finished()) {
        lines.add(
            who
                + ": pending (not fetched within "
                + wait.toSeconds()
                + " s; it runs when the agent asks, and its result goes on this timeline)");
        continue;
      }
      String summary = String.valueOf(c.summary());
      if (Command.Result.DONE.equals(c.outcome())) {
        changed |= c.changed();
        lines.add(who + ": " + strip(summary));
      } else {
        failures.add(who + " " + c.outcome() + ": " + summary);
        temporary |= c.temporary();
      }
    }
    if (!failures.isEmpty()) {
      List<String> all = new ArrayList<>(failures);
      all.addAll(lines);
      throw new ActionException(String.join("; ", all), temporary);
    }
    String joined = String.join("; ", lines);
    return request.dryRun() ? ActionResult.dryRun(joined) : new ActionResult(changed, joined);
  }

  /** An agent's "dry run: " prefix, so the combined summary carries it once, in front. */
  private static String strip(String summary) {
    return summary.startsWith(ActionResult.DRY_RUN)
        ? summary.substring(ActionResult.DRY_RUN.length())
        : summary;
  }

  private AgentCommandRepository.Command awaitResult(String id, long deadline)
      throws ActionException {
    try {
      while (true) {
        AgentCommandRepository.Command c = store.agentCommands().get(id).orElseThrow();
        if (c.finished()) {
          return c;
        }
        if (System.nanoTime() >= deadline) {
          if (store.agentCommands().giveUpWaiting(id)) {
            return c;
          }
          // It finished between the two looks.
          return store.agentCommands().get(id).orElseThrow();
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      store.agentCommands().giveUpWaiting(id);
      throw new ActionException("interrupted while waiting for the agent", true);
    }
  }

  /** The enrolled, not revoked agents of the site whose asset the incident is of. */
  private List<AgentRepository.Agent> agentsFor(ActionRequest request) throws ActionException {
    TenantScope scope = TenantScope.of(request.tenant());
    Incident incident =
        store
            .incidents()
            .get(scope, request.incidentId())
            .orElseThrow(() -> new ActionException("no such incident", false));
    List<String> sites = new ArrayList<>();
    for (SiteRepository.Site s : store.sites().list(scope, request.tenant())) {
      if (CspReportRoutes.asset(s).equals(incident.asset())) {
        sites.add(s.id());
      }
    }
    if (sites.isEmpty()) {
      throw new ActionException(
          "no site of tenant "
              + request.tenant()
              + " is the asset "
              + incident.asset()
              + " of this incident: its agents are not known",
          false);
    }
    List<AgentRepository.Agent> out = new ArrayList<>();
    for (String site : sites) {
      for (AgentRepository.Agent a : store.agents().list(scope, site)) {
        if (!a.revoked() && a.certNotAfter().isAfter(clock.instant())) {
          out.add(a);
        }
      }
    }
    if (out.isEmpty()) {
      throw new ActionException(
          "the site of asset " + incident.asset() + " has no enrolled agent", false);
    }
    return out;
  }

  /** The agent's unfinished commands, in the protocol's form. */
  public Command.Pending pending(AgentRepository.Agent agent) {
    List<Command> out = new ArrayList<>();
    for (AgentCommandRepository.Command c : store.agentCommands().pendingFor(agent.id(), BATCH)) {
      out.add(
          new Command(
              c.id(),
              c.runType(),
              c.undo(),
              c.target().type().label(),
              c.target().value(),
              c.ttl() == null ? null : Math.max(1, c.ttl().toSeconds()),
              c.dryRun(),
              c.tenant(),
              c.incidentId(),
              c.requestedBy()));
    }
    return new Command.Pending(out);
  }

  /**
   * Takes an agent's result of one of its own commands (another agent's is 404, audited). The first
   * result counts; posting it again changes nothing.
   *
   * @return whether this result was recorded (false: the command had one already)
   */
  public boolean result(
      AgentRepository.Agent agent, String commandId, Command.Result result, String clientIp) {
    var found = store.agentCommands().get(commandId);
    if (found.isEmpty() || !found.get().agentId().equals(agent.id())) {
      audit(
          agent.tenant(),
          "agent " + agent.id(),
          commandId.length() > 100 ? commandId.substring(0, 100) : commandId,
          "refused",
          clientIp,
          "a result for a command that is not this agent's");
      throw new ApiError(404, "no such command");
    }
    if (!OUTCOMES.contains(result.outcome())) {
      throw new ApiError(400, "outcome must be one of " + OUTCOMES);
    }
    String summary = Sanitize.oneLine(result.summary());
    if (summary.length() > AgentCommandRepository.MAX_SUMMARY) {
      summary = summary.substring(0, AgentCommandRepository.MAX_SUMMARY);
    }
    boolean changed = Command.Result.DONE.equals(result.outcome()) && result.changed();
    if (!store
        .agentCommands()
        .finish(commandId, result.outcome(), changed, result.temporary(), summary)) {
      return false;
    }
    AgentCommandRepository.Command c = store.agentCommands().get(commandId).orElseThrow();
    audit(
        c.tenant(),
        "agent " + agent.id(),
        c.id(),
        result.outcome(),
        clientIp,
        describe(c) + ": " + summary);
    if (c.late()) {
      recordLate(agent, c);
    }
    return true;
  }

  /** A result nobody waited for any more: on the timeline by itself, as the action would be. */
  private void recordLate(AgentRepository.Agent agent, AgentCommandRepository.Command c) {
    try {
      if (!c.dryRun() && Command.Result.DONE.equals(c.outcome()) && c.changed()) {
        if (c.undo()) {
          store
              .actions()
              .markUndone(c.tenant(), c.actionName(), c.target(), "undone by " + c.requestedBy());
        } else {
          store
              .actions()
              .record(
                  c.tenant(), c.incidentId(), c.actionName(), c.target(), c.ttl(), c.requestedBy());
        }
      }
      lifecycle.recordAction(
          TenantScope.of(c.tenant()),
          c.incidentId(),
          "agent " + agent.name(),
          (c.undo() ? "undo " : "")
              + c.actionName()
              + " "
              + c.target().type().label()
              + " "
              + c.target().value()
              + (c.dryRun() ? " (dry run)" : "")
              + ": "
              + c.outcome()
              + " (reported after the wait, asked by "
              + c.requestedBy()
              + "): "
              + c.summary());
    } catch (RuntimeException e) {
      LOG.warn("the late result of command {} not recorded: {}", c.id(), e.toString());
    }
  }

  private static String describe(AgentCommandRepository.Command c) {
    return (c.undo() ? "undo " : "")
        + c.actionName()
        + " ("
        + c.runType()
        + ") "
        + c.target().type().label()
        + " "
        + Sanitize.oneLine(c.target().value())
        + (c.dryRun() ? " dry run" : "")
        + " for incident "
        + c.incidentId();
  }

  private void audit(
      String tenant,
      String actor,
      String target,
      String outcome,
      @org.jspecify.annotations.Nullable String ip,
      String detail) {
    try {
      store.audit().record(tenant, actor, "agent.command", target, outcome, ip, detail);
    } catch (RuntimeException e) {
      LOG.warn("audit: {}", e.toString());
    }
  }
}
