package io.coterie.storage.hints;

/** A stored hint without its payload: what restart needs to rebuild the hint book. */
public record HintInfo(long id, String target, long bytes, long createdMs) {
}
