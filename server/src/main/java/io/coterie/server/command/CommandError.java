package io.coterie.server.command;

/**
 * A command failed with a Redis error reply. {@link #reply()} is the full text after the '-', e.g.
 * "ERR syntax error" or "WRONGTYPE Operation against a key holding the wrong kind of value".
 * Thrown before any reply is written; carries no stack trace (it is control flow, not a bug).
 */
public final class CommandError extends RuntimeException {

    public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    public static final String NOT_FLOAT = "ERR value is not a valid float";
    public static final String SYNTAX = "ERR syntax error";
    public static final String OVERFLOW = "ERR increment or decrement would overflow";
    public static final String NO_SUCH_KEY = "ERR no such key";
    public static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";

    public CommandError(String reply) {
        super(reply, null, false, false);
    }

    public String reply() {
        return getMessage();
    }

    public static CommandError syntax() {
        return new CommandError(SYNTAX);
    }

    public static CommandError notInteger() {
        return new CommandError(NOT_INTEGER);
    }

    public static CommandError notFloat() {
        return new CommandError(NOT_FLOAT);
    }

    public static CommandError wrongArity(String commandName) {
        return new CommandError("ERR wrong number of arguments for '" + commandName + "' command");
    }

    /** Redis: "ERR invalid expire time in 'set' command". */
    public static CommandError invalidExpireTime(String commandName) {
        return new CommandError("ERR invalid expire time in '" + commandName + "' command");
    }
}
