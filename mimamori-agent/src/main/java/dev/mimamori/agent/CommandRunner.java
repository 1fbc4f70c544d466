package dev.mimamori.agent;

import dev.mimamori.agent.protocol.Command;
import dev.mimamori.incidents.notify.Sanitize;
import dev.mimamori.incidents.respond.ActionException;
import dev.mimamori.incidents.respond.ActionRequest;
import dev.mimamori.incidents.respond.ActionResult;
import dev.mimamori.incidents.respond.ResponseAction;
import dev.mimamori.model.Observable;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command of the server with the host's own action of that type, or refuses it when the
 * host does not permit that type. Every command and its outcome goes into the agent's log.
 */
final class CommandRunner {
  private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);

  private final LocalActions actions;

  CommandRunner(LocalActions actions) {
    this.actions = actions;
  }

  Command.Result run(Command c) {
    String what =
        (c.undo() ? "undo " : "")
            + c.action()
            + " "
            + c.targetType()
            + " "
            + Sanitize.oneLine(c.target())
            + (c.dryRun() ? " (dry run)" : "")
            + " for incident "
            + c.incident()
            + " asked by "
            + Sanitize.oneLine(c.requestedBy());
    Command.Result r = outcome(c);
    LOG.info("command {}: {}: {}: {}", c.id(), what, r.outcome(), Sanitize.oneLine(r.summary()));
    return r;
  }

  private Command.Result outcome(Command c) {
    Optional<ResponseAction> action = actions.find(c.action());
    if (action.isEmpty()) {
      return new Command.Result(
          Command.Result.REFUSED,
          false,
          false,
          "this host does not permit "
              + c.action()
              + (actions.types().isEmpty()
                  ? " (agent run --actions permits none)"
                  : " (permitted: " + String.join(", ", actions.types()) + ")"));
    }
    try {
      Observable target = new Observable(Observable.Type.parse(c.targetType()), c.target());
      Duration ttl =
          c.ttlSeconds() == null || c.ttlSeconds() <= 0 ? null : Duration.ofSeconds(c.ttlSeconds());
      ActionRequest req = new ActionRequest(c.tenant(), c.incident(), target, ttl, c.dryRun());
      ActionResult r = c.undo() ? action.get().undo(req) : action.get().execute(req);
      return new Command.Result(Command.Result.DONE, r.changed(), false, r.summary());
    } catch (ActionException e) {
      return new Command.Result(
          Command.Result.FAILED, false, e.temporary(), String.valueOf(e.getMessage()));
    } catch (RuntimeException e) {
      return new Command.Result(Command.Result.FAILED, false, false, e.toString());
    }
  }
}
