package io.coterie.ring.repair;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The key-level result of comparing two replicas' digests of the same slots: which keys this side must send and
 * which it must fetch. A key whose versions differ on both sides is in both lists — each side merges the other's
 * versions ({@code SiblingSet.merge} is commutative), so both end with the same set and neither overwrites a newer
 * version. Key hashes only; the caller maps them back to keys.
 *
 * @param send  key hashes we hold that the peer lacks or holds with other versions
 * @param fetch key hashes the peer holds that we lack or hold with other versions
 */
public record KeyDiff(List<Long> send, List<Long> fetch) {

    public KeyDiff {
        send = List.copyOf(send);
        fetch = List.copyOf(fetch);
    }

    public static KeyDiff of(Collection<KeyDigest> ours, Collection<KeyDigest> theirs) {
        Map<Long, Long> theirVersions = new HashMap<>(theirs.size() * 2);
        theirs.forEach(k -> theirVersions.put(k.keyHash(), k.versionHash()));
        Map<Long, Long> ourVersions = new HashMap<>(ours.size() * 2);
        ours.forEach(k -> ourVersions.put(k.keyHash(), k.versionHash()));
        return new KeyDiff(missingOrDifferent(ours, theirVersions), missingOrDifferent(theirs, ourVersions));
    }

    public boolean isEmpty() {
        return send.isEmpty() && fetch.isEmpty();
    }

    private static List<Long> missingOrDifferent(Collection<KeyDigest> side, Map<Long, Long> other) {
        List<Long> out = new ArrayList<>();
        for (KeyDigest k : side) {
            Long theirs = other.get(k.keyHash());
            if (theirs == null || theirs != k.versionHash()) {
                out.add(k.keyHash());
            }
        }
        return out;
    }
}
