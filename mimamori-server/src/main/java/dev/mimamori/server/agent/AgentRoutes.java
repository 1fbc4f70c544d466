package dev.mimamori.server.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mimamori.agent.protocol.Batch;
import dev.mimamori.agent.protocol.Command;
import dev.mimamori.agent.protocol.Enrollment;
import dev.mimamori.agent.protocol.Heartbeat;
import dev.mimamori.agent.protocol.Protocol;
import dev.mimamori.server.web.ApiError;
import dev.mimamori.store.AgentRepository;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The agent listener's routes ({@code /agent/v1/*}), served only on the agent port, where TLS asks
 * for the client certificate the agent CA issued. Everything but the CA certificate and enrollment
 * needs that certificate, looked up on every request.
 */
public final class AgentRoutes {
  private static final String CERT_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

  private final AgentService agents;
  private final ObjectMapper json = Protocol.json();

  public AgentRoutes(AgentService agents) {
    this.agents = agents;
  }

  public static boolean isAgentPath(String path) {
    return path.startsWith("/agent/");
  }

  /**
   * Agent routes answer only on the agent port, and the agent port answers nothing else: the
   * console and the API are not reachable through the agents' listener, nor the other way round.
   */
  public static void guardPorts(Javalin app, IntSupplier agentPort) {
    app.before(
        ctx -> {
          // The agent connector marks its requests (no race with learning its port at start).
          boolean onAgentPort = Boolean.TRUE.equals(ctx.req().getAttribute(AGENT_CONNECTOR));
          if (onAgentPort != isAgentPath(ctx.path())) {
            throw new ApiError(404, "no such route");
          }
        });
  }

  /** The request attribute the agent connector sets on every request it takes. */
  public static final String AGENT_CONNECTOR = "mimamori.agent-connector";

  public void register(Javalin app) {
    app.get(
        Protocol.CA, ctx -> ctx.contentType("application/x-pem-file").result(agents.ca().pem()));
    app.post(Protocol.ENROLL, this::enroll);
    app.post(Protocol.BATCHES, this::batch);
    app.post(Protocol.HEARTBEAT, this::heartbeat);
    app.get(Protocol.CONFIG, this::config);
    app.get(Protocol.COMMANDS, ctx -> send(ctx, agents.commands().pending(agent(ctx))));
    app.post(Protocol.COMMANDS + "/{id}/result", this::commandResult);
  }

  /** An agent's result of one of its own commands; the first one counts, again is a no-op. */
  private void commandResult(Context ctx) {
    AgentRepository.Agent a = agent(ctx);
    Command.Result r = body(ctx, Command.Result.class);
    boolean recorded = agents.commands().result(a, ctx.pathParam("id"), r, ctx.ip());
    send(ctx, Map.of("recorded", recorded));
  }

  private void enroll(Context ctx) {
    Enrollment.Request req = body(ctx, Enrollment.Request.class);
    send(ctx.status(201), agents.enroll(req, ctx.ip()));
  }

  private void batch(Context ctx) throws InterruptedException {
    AgentRepository.Agent a = agent(ctx);
    Batch batch;
    try {
      batch = body(ctx, Batch.class);
    } catch (ApiError e) {
      agents.refused(a, "agent.batch", ctx.ip(), e.getMessage());
      throw e;
    }
    AgentService.Outcome o = agents.acceptBatch(a, batch, ctx.ip());
    send(ctx.status(o.status()), o.answer());
  }

  private void heartbeat(Context ctx) throws InterruptedException {
    AgentRepository.Agent a = agent(ctx);
    Heartbeat hb = body(ctx, Heartbeat.class);
    long version = agents.heartbeat(a, hb);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("config_version", version);
    out.put("protocol", Protocol.VERSION);
    send(ctx, out);
  }

  private void config(Context ctx) {
    send(ctx, agents.config(agent(ctx)));
  }

  /** Answers in the protocol's own JSON (snake_case), not the API's. */
  private void send(Context ctx, Object body) {
    try {
      ctx.contentType("application/json").result(json.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private AgentRepository.Agent agent(Context ctx) {
    return agents.authenticate(certificate(ctx), ctx.ip());
  }

  private static @Nullable X509Certificate certificate(Context ctx) {
    Object o = ctx.req().getAttribute(CERT_ATTRIBUTE);
    if (o instanceof X509Certificate[] chain && chain.length > 0) {
      return chain[0];
    }
    return null;
  }

  private <T> T body(Context ctx, Class<T> type) {
    try {
      T t = json.readValue(ctx.bodyAsBytes(), type);
      if (t == null) {
        throw new ApiError(400, "an empty body");
      }
      return t;
    } catch (IOException | RuntimeException e) {
      if (e instanceof ApiError a) {
        throw a;
      }
      throw new ApiError(400, "malformed " + type.getSimpleName() + " document");
    }
  }
}
