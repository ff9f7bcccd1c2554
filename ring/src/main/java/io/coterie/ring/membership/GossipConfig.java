package io.coterie.ring.membership;

import io.coterie.ring.failure.PhiAccrualConfig;

import java.util.Objects;

/**
 * Tunables of the gossip protocol. Every limit is named with its unit or what it counts.
 *
 * @param gossipIntervalMs              how often the owner calls {@link Gossiper#tick}; only used to judge local pauses
 * @param fanout                        live peers contacted per tick ("a few random peers", issue #4)
 * @param statesPerMessageMax           endpoint entries carried by one ACK or ACK2; the rest follow next round
 * @param membersMax                    node ids (members and tombstones) one gossiper will track; also bounds digests per SYN
 * @param seedsMax                      seed/MEET addresses remembered
 * @param tombstoneRetentionMs          how long a CLUSTER FORGET tombstone is kept (Cassandra keeps removed state 3 days)
 * @param localPauseMaxMs               a gap between two ticks longer than this means this process was paused (GC, SIGSTOP);
 *                                      Cassandra's Gossiper uses 5 s (MAX_LOCAL_PAUSE_IN_NANOS)
 * @param suspicionGraceAfterPauseMs    after a local pause, suspect no one for this long: the silence was ours, not theirs
 * @param observersForDownMin           independent observers (self included) that must suspect a node before it is DOWN
 * @param clusterFingerprint            hash of the cluster-wide configuration that must agree (e.g. cluster secret id, replicas);
 *                                      a SYN with another fingerprint is refused, as Cassandra refuses a foreign cluster name
 * @param failureDetector               the phi-accrual parameters
 */
public record GossipConfig(
        long gossipIntervalMs,
        int fanout,
        int statesPerMessageMax,
        int membersMax,
        int seedsMax,
        long tombstoneRetentionMs,
        long localPauseMaxMs,
        long suspicionGraceAfterPauseMs,
        int observersForDownMin,
        long clusterFingerprint,
        PhiAccrualConfig failureDetector) {

    public GossipConfig {
        Objects.requireNonNull(failureDetector, "failureDetector");
        if (gossipIntervalMs <= 0 || fanout < 1 || statesPerMessageMax < 1 || membersMax < 2 || seedsMax < 1
                || tombstoneRetentionMs <= 0 || localPauseMaxMs <= gossipIntervalMs || suspicionGraceAfterPauseMs < 0
                || observersForDownMin < 1) {
            throw new IllegalArgumentException("invalid gossip config: gossipIntervalMs=" + gossipIntervalMs
                    + " fanout=" + fanout + " statesPerMessageMax=" + statesPerMessageMax + " membersMax=" + membersMax
                    + " seedsMax=" + seedsMax + " tombstoneRetentionMs=" + tombstoneRetentionMs
                    + " localPauseMaxMs=" + localPauseMaxMs + " suspicionGraceAfterPauseMs=" + suspicionGraceAfterPauseMs
                    + " observersForDownMin=" + observersForDownMin);
        }
    }

    /** Defaults: gossip every second to 3 peers, phi threshold 8, two observers for DOWN. */
    public static GossipConfig defaults() {
        return new GossipConfig(1000, 3, 32, 1024, 64, 3L * 24 * 3600 * 1000, 5000, 5000, 2, 0L, PhiAccrualConfig.defaults());
    }

    public GossipConfig withFingerprint(long fingerprint) {
        return new GossipConfig(gossipIntervalMs, fanout, statesPerMessageMax, membersMax, seedsMax, tombstoneRetentionMs,
                localPauseMaxMs, suspicionGraceAfterPauseMs, observersForDownMin, fingerprint, failureDetector);
    }

    public GossipConfig withFanout(int peers) {
        return new GossipConfig(gossipIntervalMs, peers, statesPerMessageMax, membersMax, seedsMax, tombstoneRetentionMs,
                localPauseMaxMs, suspicionGraceAfterPauseMs, observersForDownMin, clusterFingerprint, failureDetector);
    }

    public GossipConfig withStatesPerMessageMax(int states) {
        return new GossipConfig(gossipIntervalMs, fanout, states, membersMax, seedsMax, tombstoneRetentionMs,
                localPauseMaxMs, suspicionGraceAfterPauseMs, observersForDownMin, clusterFingerprint, failureDetector);
    }

    public GossipConfig withFailureDetector(PhiAccrualConfig detector) {
        return new GossipConfig(gossipIntervalMs, fanout, statesPerMessageMax, membersMax, seedsMax, tombstoneRetentionMs,
                localPauseMaxMs, suspicionGraceAfterPauseMs, observersForDownMin, clusterFingerprint, detector);
    }
}
