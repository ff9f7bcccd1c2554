package io.coterie.storage;

/**
 * What a {@link KeyUpdate} decided to do with a key, plus the result it hands back to its caller
 * (typically the reply the command will send). Exhaustive: keep it, put a new record, or remove it.
 */
public sealed interface Mutation<T> {

    T result();

    record Keep<T>(T result) implements Mutation<T> {}

    record Put<T>(Record record, T result) implements Mutation<T> {}

    record Remove<T>(T result) implements Mutation<T> {}

    static <T> Mutation<T> keep(T result) {
        return new Keep<>(result);
    }

    static <T> Mutation<T> put(Record record, T result) {
        return new Put<>(record, result);
    }

    static <T> Mutation<T> remove(T result) {
        return new Remove<>(result);
    }
}
