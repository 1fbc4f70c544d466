package dev.mimamori.scan.heuristics.php;

/** What a PHP call does with its arguments, from the point of view of an attacker. */
public enum SinkClass {
  /** Runs PHP code: eval, assert, create_function, preg_replace with /e. */
  EVAL,
  /** Runs a shell command: system, exec, shell_exec, passthru, popen, proc_open, backticks. */
  COMMAND,
  /** Loads and runs a PHP file: include, require and their _once forms. */
  INCLUDE,
  /** Calls a function chosen by its argument: call_user_func, array_map, usort... */
  CALLBACK,
  /** Writes data to a file or sends it away: fwrite, file_put_contents, mail. */
  WRITE,
  /** Moves an uploaded file: move_uploaded_file, copy (the destination is what matters). */
  UPLOAD;

  public boolean runsCode() {
    return this == EVAL || this == COMMAND || this == INCLUDE || this == CALLBACK;
  }
}
