package io.coterie.storage;

/**
 * An atomic read-modify-write of one key (INCR, APPEND, SET NX/XX/GET, EXPIRE, ...). The store runs it
 * with the key locked against other writers, so two connections on different event loops cannot both
 * read the old value. Must be quick and must not block: it runs on an event loop.
 */
@FunctionalInterface
public interface KeyUpdate<T> {

    /**
     * @param current the live record, or null if the key is absent or already expired
     * @return what to do with the key and the result to hand back
     */
    Mutation<T> apply(Record current);
}
