package io.coterie.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sizes and opens the Chronicle Map that holds the records. */
final class RecordMapFactory {

    private static final Logger LOG = LoggerFactory.getLogger(RecordMapFactory.class);

    /** Below this, Chronicle makes segments too small for {@link ChronicleStore#INLINE_RECORD_BYTES_MAX} records. */
    static final long ENTRIES_MIN = 1024;
    static final double AVERAGE_KEY_BYTES = 24;
    /** A 100-byte value plus the record header; larger inline records take more chunks, blobs fewer. */
    static final double AVERAGE_RECORD_BYTES = 128;

    private RecordMapFactory() {}

    /**
     * Opens the map file, creating it if missing. After an unclean shutdown a segment lock may still
     * be held by the dead process (first touch would spin ~60 s, then throw), so the file is opened
     * with {@code recoverPersistedTo(file, true)}, which clears the locks; that needs exclusive
     * access, which the data directory's lock guarantees, and the builder configuration the file was
     * created with, which {@code sizingFile} records (maxKeys may have been changed since).
     */
    static ChronicleMap<byte[], byte[]> open(Path file, Path sizingFile, long maxKeys, boolean cleanShutdown)
            throws IOException {
        boolean exists = Files.exists(file);
        long entries = Math.max(maxKeys, ENTRIES_MIN);
        if (exists && Files.exists(sizingFile)) {
            long created = Long.parseLong(Files.readString(sizingFile, StandardCharsets.US_ASCII).trim());
            if (created != entries) {
                LOG.warn("{} was sized for {} keys; it keeps that size (maxkeys is now {})", file, created, maxKeys);
            }
            entries = created;
        } else if (!exists) {
            Files.writeString(sizingFile, Long.toString(entries), StandardCharsets.US_ASCII);
            FileSync.file(sizingFile);
        }
        ChronicleMapBuilder<byte[], byte[]> builder = ChronicleMapBuilder.of(byte[].class, byte[].class)
                .name("coterie-records")
                .entries(entries)
                .averageKeySize(AVERAGE_KEY_BYTES)
                .averageValueSize(AVERAGE_RECORD_BYTES)
                // Disk is used as data arrives. Measured for 10 M entries: sparse takes 4 KB on disk at
                // create instead of 2 GB; a larger maxBloatFactor made create touch 650 MB instead of
                // 210 MB, so the default (inserts refused at ~2.25x the average-sized data) is kept.
                .sparseFile(true)
                // Only ChronicleStore.close() closes the map: Chronicle's own exit hook could close it
                // under writers that are between their log append and their map update.
                .skipCloseOnExitHook(true);
        if (exists && !cleanShutdown) {
            return builder.recoverPersistedTo(file.toFile(), true);
        }
        return builder.createPersistedTo(file.toFile());
    }
}
