/**
 * The server's side of the agents: the agent CA ({@link dev.mimamori.server.agent.AgentCa}), the
 * agent listener's routes ({@link dev.mimamori.server.agent.AgentRoutes}: enrollment, batches,
 * heartbeats, configuration) and what they do ({@link dev.mimamori.server.agent.AgentService}).
 */
@NullMarked
package dev.mimamori.server.agent;

import org.jspecify.annotations.NullMarked;
