package io.coterie.server;

import io.coterie.server.command.Session;

/**
 * What commands may do to a connection beyond replying (QUIT, DEBUG SLEEP, CLIENT KILL). Implemented by
 * the network layer; each call is made on the connection's own event loop except {@link #kill()}.
 */
public interface ClientHandle {

    Session session();

    /** Close the connection once the current command's reply has been sent (QUIT). */
    void closeAfterReply();

    /**
     * Hold the current command's reply, and stop reading this connection, for {@code delayMs}; later
     * commands wait so replies stay in order, while other connections go on (DEBUG SLEEP).
     */
    void delayReply(long delayMs);

    /** Close the connection from any thread (CLIENT KILL). */
    void kill();

    /** Bytes of replies not yet handed to the socket (CLIENT LIST omem). */
    long pendingReplyBytes();
}
