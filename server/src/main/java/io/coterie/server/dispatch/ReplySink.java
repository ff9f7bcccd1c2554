package io.coterie.server.dispatch;

import io.coterie.server.command.RespWriter;

/**
 * A {@link RespWriter} that can take back what one command wrote, so a command that fails halfway
 * still produces exactly one reply: the dispatcher marks before each command and rolls back on error.
 */
public interface ReplySink extends RespWriter {

    void mark();

    void rollback();
}
