package io.coterie.server.command.keys;

import io.coterie.server.command.CommandError;

/**
 * The result of a read-modify-write decided inside {@code Store.update}: a value, or the error the
 * command answers. Errors travel out as data rather than as exceptions so the store's critical
 * section always completes normally; the handler throws after the update returns.
 */
public record Outcome<T>(T value, CommandError error) {

    public static <T> Outcome<T> ok(T value) {
        return new Outcome<>(value, null);
    }

    public static <T> Outcome<T> failed(CommandError error) {
        return new Outcome<>(null, error);
    }

    /** The value, or throws the error (before the handler has written anything). */
    public T orThrow() {
        if (error != null) {
            throw error;
        }
        return value;
    }
}
