package dev.mimamori.incidents.oncall;

/**
 * A problem in on-call configuration, with the path of the field it is about, such as {@code
 * policies[0].steps[1].targets[0]: unknown person 'bob'}.
 */
public final class OnCallConfigException extends IllegalArgumentException {
  private final String path;
  private final String problem;

  public OnCallConfigException(String path, String problem) {
    super(path.isEmpty() ? problem : path + ": " + problem);
    this.path = path;
    this.problem = problem;
  }

  public OnCallConfigException(String path, String problem, Throwable cause) {
    this(path, problem);
    initCause(cause);
  }

  /** Where: {@code policies[0].steps[1].targets[0]}; empty for the whole document. */
  public String path() {
    return path;
  }

  /** What is wrong there. */
  public String problem() {
    return problem;
  }
}
