package io.coterie.server.cluster.bus;

/** Answers one bus request. Exactly one of the two calls, once; later calls are ignored. */
public interface BusResponder {

    void reply(byte[] payload);

    /** Completes the requester's future exceptionally with a {@link BusException} carrying {@code message}. */
    void fail(String message);

    /** Whether the sender waits for an answer (false for one-way frames). */
    boolean expectsReply();

    BusResponder NONE = new BusResponder() {
        @Override
        public void reply(byte[] payload) {
        }

        @Override
        public void fail(String message) {
        }

        @Override
        public boolean expectsReply() {
            return false;
        }
    };
}
