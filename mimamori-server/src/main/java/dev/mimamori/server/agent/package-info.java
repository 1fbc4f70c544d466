/**
 * The server's side of the agents: the agent CA ({@link dev.mimamori.server.agent.AgentCa}), the
 * agent listener's routes ({@link dev.mimamori.server.agent.AgentRoutes}: enrollment, batches,
 * heartbeats, configuration, response commands) and what they do ({@link
 * dev.mimamori.server.agent.AgentService}); response actions run on shop hosts through their agents
 * ({@link dev.mimamori.server.agent.AgentAction}, {@link dev.mimamori.server.agent.AgentCommands}).
 */
@NullMarked
package dev.mimamori.server.agent;

import org.jspecify.annotations.NullMarked;
