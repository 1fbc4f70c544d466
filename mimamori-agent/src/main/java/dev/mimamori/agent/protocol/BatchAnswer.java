package dev.mimamori.agent.protocol;

/**
 * The server's answer to a batch.
 *
 * @param stored records stored from this batch
 * @param skipped records it had stored before (sent again after a lost answer)
 * @param ackedSeq the highest sequence number stored for the agent: the agent may forget everything
 *     up to it
 */
public record BatchAnswer(int stored, int skipped, long ackedSeq) {}
