package io.coterie.server.cluster.repair;

import io.coterie.ring.NodeId;

/**
 * What one repair session with one peer compared and moved.
 *
 * @param slotsCompared       slots both replicate within the asked range (the tree's mask)
 * @param slotsDiffering      leaves the descent found different
 * @param keysSent            records pushed to the peer
 * @param keysReceived        records fetched from the peer and merged here
 * @param recordBytesSent     key + value + version bytes of the records pushed
 * @param recordBytesReceived the same for the records fetched
 * @param bytesSent           every repair payload this side sent (tree, buckets, keys, records)
 * @param bytesReceived       every repair payload it received
 */
public record PeerReport(NodeId peer, long slotsCompared, long slotsDiffering, long keysSent, long keysReceived,
                         long recordBytesSent, long recordBytesReceived, long bytesSent, long bytesReceived,
                         long durationMs) {
}
