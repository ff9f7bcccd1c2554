package io.coterie.storage;

/**
 * The changes one thread had made when the mark was taken ({@link Store#durabilityMark()}), to be made durable later
 * from any thread: a coordinator hands its local write's durability to the thread that answers its client, so the
 * log is written once for everything the loop did meanwhile instead of once per write.
 */
@FunctionalInterface
public interface DurabilityMark {

    /** A mark with nothing to make durable. */
    DurabilityMark NONE = () -> { };

    /**
     * Returns once those changes are as durable as {@code appendfsync} promises (see {@link Store#awaitDurable()}).
     *
     * @throws StoreWriteException if the commit log cannot be written
     */
    void await();
}
