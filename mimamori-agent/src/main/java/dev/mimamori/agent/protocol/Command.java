package dev.mimamori.agent.protocol;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A response action the server asks an agent to run on its host (docs/AGENT.md, "Local response").
 * Only the action type and the target come from the server; how the action is done (table names,
 * files, commands) is the host's own setting.
 *
 * @param id the command's id, for its result
 * @param action the local action type ({@code quarantine-file}, {@code nftables-block}, ...)
 * @param undo whether to reverse it
 * @param targetType the observable type ({@code ip}, {@code file.path}, ...)
 * @param target the address, file or URL
 * @param ttlSeconds how long it should stay in place, or null until undone
 * @param dryRun validate and say what would be done, changing nothing
 * @param tenant the tenant of the incident (the agent's own)
 * @param incident the incident it is taken for
 * @param requestedBy who asked (a person or an automatic rule)
 */
public record Command(
    String id,
    String action,
    boolean undo,
    String targetType,
    String target,
    @Nullable Long ttlSeconds,
    boolean dryRun,
    String tenant,
    String incident,
    String requestedBy) {
  public Command {
    java.util.Objects.requireNonNull(id, "id");
    java.util.Objects.requireNonNull(action, "action");
    java.util.Objects.requireNonNull(targetType, "targetType");
    java.util.Objects.requireNonNull(target, "target");
    java.util.Objects.requireNonNull(tenant, "tenant");
    java.util.Objects.requireNonNull(incident, "incident");
    java.util.Objects.requireNonNull(requestedBy, "requestedBy");
  }

  /** The server's answer to {@code GET /agent/v1/commands}. */
  public record Pending(List<Command> commands) {
    public Pending {
      commands = commands == null ? List.of() : List.copyOf(commands);
    }
  }

  /**
   * What the agent did.
   *
   * @param outcome {@link #DONE}, {@link #REFUSED} (the host does not permit it) or {@link #FAILED}
   * @param changed whether anything changed
   * @param temporary for a failure: whether trying again may help
   * @param summary one line for the incident's timeline
   */
  public record Result(String outcome, boolean changed, boolean temporary, String summary) {
    public static final String DONE = "done";
    public static final String REFUSED = "refused";
    public static final String FAILED = "failed";

    public Result {
      java.util.Objects.requireNonNull(outcome, "outcome");
      java.util.Objects.requireNonNull(summary, "summary");
    }
  }
}
