package dev.mimamori.agent;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the agent says of its host: name, system, Java, processors, memory. */
final class HostFacts {
  private HostFacts() {}

  static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      String env = System.getenv("HOSTNAME");
      return env == null || env.isBlank() ? "agent" : env;
    }
  }

  static Map<String, String> facts(String version) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("hostname", hostName());
    m.put("os", System.getProperty("os.name", "") + " " + System.getProperty("os.version", ""));
    m.put("arch", System.getProperty("os.arch", ""));
    m.put("java", System.getProperty("java.version", ""));
    m.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
    m.put("heap_max_mb", Long.toString(Runtime.getRuntime().maxMemory() / (1024 * 1024)));
    m.put("agent_version", version);
    return m;
  }
}
