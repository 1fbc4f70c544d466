package dev.mimamori.server.agent;

import dev.mimamori.agent.LocalActions;
import dev.mimamori.incidents.respond.ActionException;
import dev.mimamori.incidents.respond.ActionRequest;
import dev.mimamori.incidents.respond.ActionResult;
import dev.mimamori.incidents.respond.ResponseAction;
import java.time.Duration;
import java.util.Objects;

/**
 * The response file's {@code {"type": "agent", "run": "quarantine-file"}}: runs a host action on
 * the shop host through the agents of the incident's site. The server names the action and the
 * target only; the host's {@code agent run --actions} file says whether it is permitted and how.
 */
public final class AgentAction implements ResponseAction {
  /** How long a person's request waits for the agents, unless the file says otherwise. */
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

  /** The longest wait the file may set (a request thread waits this long). */
  public static final Duration MAX_WAIT = Duration.ofMinutes(2);

  private final String name;
  private final String run;
  private final Duration wait;
  private final AgentCommands commands;

  public AgentAction(String name, String run, Duration wait, AgentCommands commands) {
    if (!LocalActions.HOST_TYPES.contains(run)) {
      throw new IllegalArgumentException(
          "'run' must be an action of the shop host, one of "
              + new java.util.TreeSet<>(LocalActions.HOST_TYPES)
              + " (got '"
              + run
              + "')");
    }
    if (wait.isNegative() || wait.compareTo(MAX_WAIT) > 0) {
      throw new IllegalArgumentException(
          "'wait' is between 0 s and " + MAX_WAIT.toSeconds() + " s");
    }
    this.name = Objects.requireNonNull(name, "name");
    this.run = run;
    this.wait = wait;
    this.commands = Objects.requireNonNull(commands, "commands");
  }

  @Override
  public String type() {
    return "agent";
  }

  /** The host action the agents run. */
  public String run() {
    return run;
  }

  @Override
  public ActionResult execute(ActionRequest request) throws ActionException {
    return commands.run(name, run, request, false, wait);
  }

  @Override
  public ActionResult undo(ActionRequest request) throws ActionException {
    return commands.run(name, run, request, true, wait);
  }

  /** An nftables element carries its ttl as the kernel's timeout. */
  @Override
  public boolean expiresByItself() {
    return run.equals("nftables-block");
  }
}
