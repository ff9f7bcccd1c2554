package io.coterie.server.cluster.repair;

import io.coterie.ring.Clock;
import io.coterie.ring.NodeId;
import io.coterie.ring.membership.BusAddress;
import io.coterie.ring.repair.KeyDiff;
import io.coterie.ring.repair.KeyDigest;
import io.coterie.ring.repair.MerkleTree;
import io.coterie.ring.repair.RepairHash;
import io.coterie.ring.repair.RepairThrottle;
import io.coterie.ring.repair.SharedSlots;
import io.coterie.ring.repair.SlotBuckets;
import io.coterie.ring.repair.VersionHash;
import io.coterie.server.cluster.Topology;
import io.coterie.server.cluster.bus.Transport;
import io.coterie.server.cluster.replica.StoredVersions;
import io.coterie.server.cluster.replica.VersionedStore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * The initiating side of one repair with one peer (Dynamo §4.7), run start to finish on the repair thread:
 * <ol>
 *   <li>descend the Merkle trees level by level, asking only for the children of nodes that differ — an identical
 *       pair exchanges the roots and stops;</li>
 *   <li>in chunks of the differing slots (bounded by key count), compare bucket hashes, then key digests of the
 *       differing buckets only ({@link KeyDiff});</li>
 *   <li>fetch the records the peer has newer or alone and merge them here; push ours the other way. Both sides merge
 *       with {@link VersionedStore#merge}, so nothing newer is overwritten and a tombstone travels like a value.</li>
 * </ol>
 * Every payload counts against the {@link RepairThrottle}; the wait happens through {@link Pacer} (a sleep on the
 * repair thread, nothing in tests). Blocking on bus futures is fine here: the repair thread does nothing else, and
 * this node's own responder answers peers on another thread.
 */
final class RepairSession {

    /** Waits between payloads to keep to the throttle. */
    @FunctionalInterface
    interface Pacer {
        void pause(long ms) throws InterruptedException;
    }

    private final VersionedStore store;
    private final DigestIndex index;
    private final Transport transport;
    private final Clock clock;
    private final RepairLimits limits;
    private final RepairThrottle throttle;
    private final LongSupplier bytesPerSecond;
    private final Pacer pacer;
    private final long sessionId;

    // What this session moved so far; one thread (the repair thread) runs a session start to finish.
    private long bytesSent;
    private long bytesReceived;
    private long keysSent;
    private long keysReceived;
    private long recordBytesSent;
    private long recordBytesReceived;

    RepairSession(VersionedStore store, DigestIndex index, Transport transport, Clock clock, RepairLimits limits,
                  RepairThrottle throttle, LongSupplier bytesPerSecond, Pacer pacer, long sessionId) {
        this.store = store;
        this.index = index;
        this.transport = transport;
        this.clock = clock;
        this.limits = limits;
        this.throttle = throttle;
        this.bytesPerSecond = bytesPerSecond;
        this.pacer = pacer;
        this.sessionId = sessionId;
    }

    PeerReport run(Topology t, NodeId peer, BusAddress address, int firstSlot, int lastSlot) throws RepairException {
        long startMs = clock.millis();
        long fingerprint = SharedSlots.topologyFingerprint(t.ring(), t.replicas());
        BitSet mask = SharedSlots.of(t.ring(), t.replicas(), t.self(), peer, firstSlot, lastSlot);
        MerkleTree tree = MerkleTree.build(index.digests().snapshot(), mask);
        int[] differing = descend(tree, address, fingerprint, firstSlot, lastSlot);

        try {
            for (int[] chunk : chunks(differing)) {
                repairChunk(address, fingerprint, chunk);
            }
        } finally {
            if (differing.length > 0) {
                byte[] end = RepairCodec.encode(new RepairMessage.End(sessionId));
                bytesSent += end.length;
                transport.send(address, RepairCodec.END_TYPE, end);
            }
        }
        return new PeerReport(peer, mask.cardinality(), differing.length, keysSent, keysReceived, recordBytesSent,
                recordBytesReceived, bytesSent, bytesReceived, clock.millis() - startMs);
    }

    /** The differing slots, found by asking only for the children of differing nodes. */
    private int[] descend(MerkleTree tree, BusAddress address, long fingerprint, int firstSlot, int lastSlot)
            throws RepairException {
        int[] nodes = {0};
        for (int level = 0; ; level++) {
            RepairMessage.TreeHashes theirs = call(address,
                    new RepairMessage.Tree(fingerprint, firstSlot, lastSlot, level, nodes), RepairMessage.TreeHashes.class);
            nodes = tree.differing(level, nodes, theirs.hashes());
            if (nodes.length == 0 || level == MerkleTree.LEAF_LEVEL) {
                return nodes;
            }
            nodes = MerkleTree.children(level, nodes);
        }
    }

    /** Differing slots in groups whose keys (ours; at least one per slot) stay within one chunk's limit. */
    private List<int[]> chunks(int[] slots) {
        List<int[]> out = new ArrayList<>();
        int from = 0;
        long keys = 0;
        for (int i = 0; i < slots.length; i++) {
            long slotKeys = Math.max(1, index.keys(slots[i]));
            if (i > from && (keys + slotKeys > limits.chunkKeysMax() || i - from >= limits.chunkSlotsMax())) {
                out.add(Arrays.copyOfRange(slots, from, i));
                from = i;
                keys = 0;
            }
            keys += slotKeys;
        }
        if (from < slots.length) {
            out.add(Arrays.copyOfRange(slots, from, slots.length));
        }
        return out;
    }

    private void repairChunk(BusAddress address, long fingerprint, int[] slots) throws RepairException {
        long nowMs = clock.millis();
        SlotKeys ours = SlotKeys.collect(store.raw(), slots, nowMs);
        int[] counts = new int[slots.length];
        for (int i = 0; i < slots.length; i++) {
            counts[i] = SlotBuckets.bucketCount(ours.digests(slots[i]).size());
        }
        RepairMessage.BucketHashes theirBuckets = call(address,
                new RepairMessage.Buckets(sessionId, fingerprint, slots, counts), RepairMessage.BucketHashes.class);
        if (theirBuckets.hashes().length != slots.length) {
            throw new RepairException("peer answered " + theirBuckets.hashes().length + " slots for " + slots.length);
        }
        List<Integer> askSlots = new ArrayList<>();
        List<Integer> askBuckets = new ArrayList<>();
        for (int i = 0; i < slots.length; i++) {
            long[] mine = SlotBuckets.hashes(ours.digests(slots[i]), counts[i]);
            int[] theirs = theirBuckets.hashes()[i];
            if (theirs.length != counts[i]) {
                throw new RepairException("peer answered " + theirs.length + " buckets for " + counts[i]);
            }
            for (int b = 0; b < counts[i]; b++) {
                if (SlotBuckets.wireHash(mine[b], sessionId) != theirs[b]) {
                    askSlots.add(slots[i]);
                    askBuckets.add(b);
                }
            }
        }
        if (askSlots.isEmpty()) {
            return;
        }
        RepairMessage.KeyDigests theirKeys = call(address, new RepairMessage.Keys(sessionId,
                toArray(askSlots), toArray(askBuckets)), RepairMessage.KeyDigests.class);
        List<Long> send = new ArrayList<>();
        List<Long> fetch = new ArrayList<>();
        Map<Long, Long> theirVersions = new HashMap<>();
        for (int i = 0; i < askSlots.size(); i++) {
            int slot = askSlots.get(i);
            List<KeyDigest> mine = SlotBuckets.inBucket(ours.digests(slot), SlotBuckets.bucketCount(ours.digests(slot).size()), askBuckets.get(i));
            KeyDiff diff = KeyDiff.of(mine, theirKeys.buckets().get(i));
            send.addAll(diff.send());
            fetch.addAll(diff.fetch());
            theirKeys.buckets().get(i).forEach(k -> theirVersions.put(k.keyHash(), k.versionHash()));
        }
        fetchAndMerge(address, fetch);
        push(address, ours, send, theirVersions);
    }

    private void fetchAndMerge(BusAddress address, List<Long> fetch) throws RepairException {
        for (int from = 0; from < fetch.size(); from += limits.fetchKeysMax()) {
            long[] hashes = fetch.subList(from, Math.min(fetch.size(), from + limits.fetchKeysMax()))
                    .stream().mapToLong(Long::longValue).toArray();
            RepairMessage.Records records = call(address, new RepairMessage.Fetch(sessionId, hashes), RepairMessage.Records.class);
            RepairResponder.merge(store, records.records());
            keysReceived += records.records().size();
            recordBytesReceived += records.records().stream().mapToLong(RepairRecord::bytes).sum();
        }
    }

    /**
     * Pushes our records of {@code send}, except those that now hash as the peer's: a key that differed both ways was
     * just fetched and merged, and if the peer's versions dominated ours the merge left us exactly at theirs.
     */
    private void push(BusAddress address, SlotKeys ours, List<Long> send, Map<Long, Long> theirVersions)
            throws RepairException {
        List<RepairRecord> records = ours.records(store.raw(), send.stream().mapToLong(Long::longValue).toArray(), clock.millis())
                .stream()
                .filter(r -> !Long.valueOf(VersionHash.of(StoredVersions.decode(r.record())))
                        .equals(theirVersions.get(RepairHash.of(r.key()))))
                .toList();
        List<RepairRecord> batch = new ArrayList<>();
        long batchBytes = 0;
        for (int i = 0; i < records.size(); i++) {
            batch.add(records.get(i));
            batchBytes += records.get(i).bytes();
            if (batchBytes >= limits.pushBytesMax() || i == records.size() - 1) {
                call(address, new RepairMessage.Push(batch), RepairMessage.Pushed.class);
                keysSent += batch.size();
                recordBytesSent += batchBytes;
                batch = new ArrayList<>();
                batchBytes = 0;
            }
        }
    }

    private <T extends RepairMessage> T call(BusAddress address, RepairMessage request, Class<T> expected)
            throws RepairException {
        byte[] payload = RepairCodec.encode(request);
        bytesSent += payload.length;
        byte[] reply;
        try {
            reply = transport.request(address, RepairCodec.typeOf(request), payload, limits.requestTimeoutMs()).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof TimeoutException ? new TimeoutException("no answer in "
                    + limits.requestTimeoutMs() + " ms") : e.getCause();
            throw new RepairException(request.getClass().getSimpleName() + " to " + address + " failed: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RepairException("interrupted", e);
        }
        bytesReceived += reply.length;
        pace(payload.length + reply.length);
        RepairMessage decoded = RepairCodec.decode(reply);
        if (!expected.isInstance(decoded)) {
            throw new RepairException("expected " + expected.getSimpleName() + ", peer answered " + decoded.getClass().getSimpleName());
        }
        return expected.cast(decoded);
    }

    private void pace(long bytes) throws RepairException {
        long waitMs = throttle.delayMsAfter(bytes, clock.millis(), bytesPerSecond.getAsLong());
        if (waitMs > 0) {
            try {
                pacer.pause(waitMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RepairException("interrupted", e);
            }
        }
    }

    private static int[] toArray(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }
}
