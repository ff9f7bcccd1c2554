package io.coterie.server.cluster.stream;

import java.util.concurrent.CompletableFuture;

/**
 * How one session's batches travel: where they are produced and where they are applied. A pull produces them on the
 * remote source and applies them here ({@link PullLeg}); a push produces them here and applies them on the remote
 * receiver ({@link PushLeg}). {@link SessionRun} drives either the same way, with the same retries and counts.
 */
interface SessionLeg {

    /** Starts an attempt: a new pass from {@code resumeCursor}. */
    CompletableFuture<Void> open(long resumeCursor);

    /** The attempt's next batch. */
    CompletableFuture<StreamMessage.Batch> fetch();

    /** Completes once {@code batch} is stored at the receiver. */
    CompletableFuture<Void> deliver(StreamMessage.Batch batch);

    /** The attempt failed or the move was abandoned: release what it holds, best effort. */
    void abandon();

    /** For logs and errors: "slots … from/to node at address". */
    String describe();
}
