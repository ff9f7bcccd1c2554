package io.coterie.sim;

/**
 * A subsystem's node as the simulation runs it: the gossip runtime today, the coordinator and repair as they land.
 * Each process incarnation is a fresh instance from a {@link Factory}, so nothing can survive a crash except what the
 * node put in its {@link SimStore} and made durable; a restart is {@code factory.create} then {@link #start} again
 * on the same disk.
 */
public interface SimNode {

    /** Boots this process: register bus handlers, schedule timers, recover from {@code ctx.store()}. */
    void start(NodeContext ctx);

    /**
     * kill -9 has happened: the simulation has already silenced this incarnation (its timers and messages will never
     * run); this is only the chance to drop references so that nothing can leak into the next one.
     */
    void crash();

    /** Creates node {@code index}'s next process. */
    @FunctionalInterface
    interface Factory {
        SimNode create(int index);
    }
}
