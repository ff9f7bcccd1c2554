package io.coterie.server.command;

/**
 * The body of one command. Arity has been checked and the client is authenticated by the time it
 * runs. Writes exactly one reply to {@code out}, or throws {@link CommandError} before writing any.
 * Runs on an event loop: it must not block.
 */
@FunctionalInterface
public interface CommandHandler {

    void handle(CommandContext ctx, Args args, RespWriter out);
}
