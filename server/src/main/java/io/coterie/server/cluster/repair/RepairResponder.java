package io.coterie.server.cluster.repair;

import io.coterie.ring.Clock;
import io.coterie.ring.NodeId;
import io.coterie.ring.membership.BusAddress;
import io.coterie.ring.membership.Member;
import io.coterie.ring.repair.MerkleTree;
import io.coterie.ring.repair.SharedSlots;
import io.coterie.ring.repair.SlotBuckets;
import io.coterie.ring.repair.KeyDigest;
import io.coterie.server.cluster.Topology;
import io.coterie.server.cluster.TopologySource;
import io.coterie.server.cluster.bus.BusResponder;
import io.coterie.server.cluster.bus.Transport;
import io.coterie.server.cluster.replica.StoredVersions;
import io.coterie.server.cluster.replica.VersionedStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The answering side of anti-entropy: tree hashes from the {@link DigestIndex}, bucket hashes and key digests from one
 * {@link SlotKeys} pass per {@code Buckets} request (kept for the session's later {@code Keys} and {@code Fetch}),
 * records read back by key hash, and pushed records merged with {@link VersionedStore#merge} — which never overwrites
 * a newer version, keeps concurrent ones as siblings and lets a tombstone supersede the value it deleted.
 *
 * <p>Threads: every handler runs on the executor given to {@link #register}, which owns {@link #sessions}.
 */
public final class RepairResponder {

    private static final Logger log = LoggerFactory.getLogger(RepairResponder.class);

    /** Sessions other nodes may hold here at once, each one chunk's keys; an idle one is dropped for a new one. */
    static final int SESSIONS_MAX = 4;
    static final long SESSION_IDLE_MS = 120_000;

    private record SessionKey(BusAddress peer, long id) {
    }

    /** One chunk's keys and the bucket count asked for each slot. */
    private static final class Session {
        final SlotKeys keys;
        final Map<Integer, Integer> bucketCounts = new HashMap<>();
        long lastUsedMs;

        Session(SlotKeys keys, long nowMs) {
            this.keys = keys;
            this.lastUsedMs = nowMs;
        }
    }

    private final VersionedStore store;
    private final DigestIndex index;
    private final TopologySource topology;
    private final Clock clock;
    private final RepairStats stats;
    private final Map<SessionKey, Session> sessions = new HashMap<>();

    public RepairResponder(VersionedStore store, DigestIndex index, TopologySource topology, Clock clock, RepairStats stats) {
        this.store = store;
        this.index = index;
        this.topology = topology;
        this.clock = clock;
        this.stats = stats;
    }

    /** Starts answering repair requests from peers; handlers run on {@code executor} (one thread). */
    public void register(Transport transport, Executor executor) {
        for (int type = RepairCodec.TREE_TYPE; type <= RepairCodec.END_TYPE; type++) {
            transport.register(type, executor, (from, payload, responder) -> handle(from, payload, responder));
        }
    }

    private void handle(BusAddress from, byte[] payload, BusResponder responder) {
        RepairMessage reply;
        try {
            reply = answer(from, RepairCodec.decode(payload));
        } catch (RuntimeException e) { // MalformedMessageException, StoreFullException, refusals
            log.warn("repair request from {} refused: {}", from, e.getMessage());
            responder.fail(e.getMessage() == null ? e.toString() : e.getMessage());
            return;
        }
        if (reply != null) {
            byte[] bytes = RepairCodec.encode(reply);
            stats.served(payload.length, bytes.length);
            responder.reply(bytes);
        }
    }

    private RepairMessage answer(BusAddress from, RepairMessage request) {
        if (request instanceof RepairMessage.Tree t) {
            return new RepairMessage.TreeHashes(treeFor(from, t.topology(), t.firstSlot(), t.lastSlot()).hashes(t.level(), t.nodes()));
        } else if (request instanceof RepairMessage.Buckets b) {
            return buckets(from, b);
        } else if (request instanceof RepairMessage.Keys k) {
            return keys(session(from, k.sessionId()), k);
        } else if (request instanceof RepairMessage.Fetch f) {
            return new RepairMessage.Records(session(from, f.sessionId()).keys.records(store.raw(), f.keyHashes(), clock.millis()));
        } else if (request instanceof RepairMessage.Push p) {
            return new RepairMessage.Pushed(merge(store, p.records()));
        } else if (request instanceof RepairMessage.End e) {
            sessions.remove(new SessionKey(from, e.sessionId()));
            return null;
        }
        throw new IllegalArgumentException("not a repair request: " + request.getClass().getSimpleName());
    }

    private MerkleTree treeFor(BusAddress from, long fingerprint, int firstSlot, int lastSlot) {
        Topology t = checkTopology(fingerprint);
        NodeId peer = peerAt(t, from);
        return MerkleTree.build(index.digests().snapshot(), SharedSlots.of(t.ring(), t.replicas(), t.self(), peer, firstSlot, lastSlot));
    }

    private RepairMessage buckets(BusAddress from, RepairMessage.Buckets b) {
        Topology t = checkTopology(b.topology());
        peerAt(t, from);
        long nowMs = clock.millis();
        SessionKey key = new SessionKey(from, b.sessionId());
        if (!sessions.containsKey(key)) {
            makeRoom(nowMs);
        }
        SlotKeys keys = SlotKeys.collect(store.raw(), b.slots(), nowMs);
        Session session = new Session(keys, nowMs);
        sessions.put(key, session);
        int[][] hashes = new int[b.slots().length][];
        for (int i = 0; i < hashes.length; i++) {
            SlotBuckets.checkCount(b.bucketCounts()[i]);
            session.bucketCounts.put(b.slots()[i], b.bucketCounts()[i]);
            long[] full = SlotBuckets.hashes(keys.digests(b.slots()[i]), b.bucketCounts()[i]);
            hashes[i] = new int[full.length];
            for (int h = 0; h < full.length; h++) {
                hashes[i][h] = SlotBuckets.wireHash(full[h], b.sessionId());
            }
        }
        return new RepairMessage.BucketHashes(hashes);
    }

    private static RepairMessage keys(Session session, RepairMessage.Keys k) {
        List<List<KeyDigest>> out = new ArrayList<>(k.slots().length);
        for (int i = 0; i < k.slots().length; i++) {
            int slot = k.slots()[i];
            Integer count = session.bucketCounts.get(slot);
            if (count == null || k.buckets()[i] >= count) {
                throw new IllegalArgumentException("bucket " + k.buckets()[i] + " of slot " + slot + " was not asked for");
            }
            out.add(SlotBuckets.inBucket(session.keys.digests(slot), count, k.buckets()[i]));
        }
        return new RepairMessage.KeyDigests(out);
    }

    /** Merges each record's versions into {@code store}; returns how many arrived. */
    static int merge(VersionedStore store, List<RepairRecord> records) {
        for (RepairRecord r : records) {
            store.merge(r.key(), StoredVersions.decode(r.record()));
        }
        return records.size();
    }

    private Topology checkTopology(long fingerprint) {
        if (!index.ready()) {
            throw new IllegalStateException("digest index still building");
        }
        Topology t = topology.current();
        long ours = SharedSlots.topologyFingerprint(t.ring(), t.replicas());
        if (ours != fingerprint) {
            throw new IllegalStateException("topology differs (ours " + Long.toHexString(ours) + "): retry when gossip agrees");
        }
        return t;
    }

    private static NodeId peerAt(Topology t, BusAddress from) {
        for (Member m : t.view().members().values()) {
            if (m.address().bus().equals(from)) {
                return m.id();
            }
        }
        throw new IllegalArgumentException("no member at " + from);
    }

    private Session session(BusAddress from, long id) {
        Session s = sessions.get(new SessionKey(from, id));
        if (s == null) {
            throw new IllegalStateException("no repair session " + id + " from " + from);
        }
        s.lastUsedMs = clock.millis();
        return s;
    }

    private void makeRoom(long nowMs) {
        for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
            if (nowMs - it.next().lastUsedMs > SESSION_IDLE_MS) {
                it.remove();
            }
        }
        if (sessions.size() >= SESSIONS_MAX) {
            throw new IllegalStateException("too many repair sessions (" + SESSIONS_MAX + "): retry later");
        }
    }
}
