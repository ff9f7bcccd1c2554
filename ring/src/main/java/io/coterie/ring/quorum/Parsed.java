package io.coterie.ring.quorum;

import java.util.Objects;
import java.util.function.Function;

/**
 * The result of parsing client text: a value, or the error line the server sends back verbatim
 * (without the leading '-'). Parsing bad input is an expected outcome, not an exception.
 */
public sealed interface Parsed<T> {

    record Ok<T>(T value) implements Parsed<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    /** @param error the full RESP error text, e.g. {@code ERR invalid consistency level 'X'} */
    record Err<T>(String error) implements Parsed<T> {
        public Err {
            Objects.requireNonNull(error, "error");
        }
    }

    static <T> Parsed<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Parsed<T> err(String error) {
        return new Err<>(error);
    }

    /** The value transformed, or the same error. */
    default <U> Parsed<U> map(Function<T, U> f) {
        if (this instanceof Ok<T> ok) {
            return new Ok<>(f.apply(ok.value()));
        }
        return new Err<>(((Err<T>) this).error());
    }

    /** The value; for tests and callers that have already checked. */
    default T orThrow() {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        throw new IllegalStateException(((Err<T>) this).error());
    }
}
