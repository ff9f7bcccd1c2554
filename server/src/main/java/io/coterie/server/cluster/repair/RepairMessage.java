package io.coterie.server.cluster.repair;

import io.coterie.ring.repair.KeyDigest;

import java.util.List;

/**
 * The anti-entropy conversation between two replicas of the same slots (docs/anti-entropy.md): the initiator walks the
 * Merkle tree down with {@link Tree}, asks for bucket hashes of the differing slots with {@link Buckets}, key digests
 * of the differing buckets with {@link Keys}, then moves records both ways with {@link Fetch} and {@link Push}.
 * The responder keeps what one {@link Buckets} scan found until {@link End} (or its idle limit), so a session costs
 * it one pass over its keys per chunk of slots. Arrays are not copied: messages are built and read by one thread.
 */
public sealed interface RepairMessage {

    /**
     * Hashes of tree nodes. {@code topology} names the ring both sides must share to agree on which slots they
     * both replicate; the responder refuses another. Slots outside [{@code firstSlot}, {@code lastSlot}] are masked.
     */
    record Tree(long topology, int firstSlot, int lastSlot, int level, int[] nodes) implements RepairMessage {
    }

    record TreeHashes(long[] hashes) implements RepairMessage {
    }

    /** Bucket hashes of {@code slots} (ascending), slot i split into {@code bucketCounts[i]} buckets. */
    record Buckets(long sessionId, long topology, int[] slots, int[] bucketCounts) implements RepairMessage {
    }

    /** Per asked slot, its bucket hashes as {@code SlotBuckets.wireHash} with the session id as salt. */
    record BucketHashes(int[][] hashes) implements RepairMessage {
    }

    /** Key digests of bucket {@code buckets[i]} of slot {@code slots[i]}, for each i (slots from the session's Buckets). */
    record Keys(long sessionId, int[] slots, int[] buckets) implements RepairMessage {
    }

    /** Per asked bucket, its keys. */
    record KeyDigests(List<List<KeyDigest>> buckets) implements RepairMessage {
    }

    /** The records of these key hashes (from the session's Keys answers). */
    record Fetch(long sessionId, long[] keyHashes) implements RepairMessage {
    }

    record Records(List<RepairRecord> records) implements RepairMessage {
    }

    /** Records for the responder to merge. */
    record Push(List<RepairRecord> records) implements RepairMessage {
    }

    /** How many of the pushed records changed the responder's versions. */
    record Pushed(int merged) implements RepairMessage {
    }

    /** One-way: the initiator is done with the session; the responder frees what it kept. */
    record End(long sessionId) implements RepairMessage {
    }
}
