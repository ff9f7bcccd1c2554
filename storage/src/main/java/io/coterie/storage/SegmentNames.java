package io.coterie.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * How numbered segment files are named in a directory, {@code <prefix><sequence, 16 digits><suffix>}
 * (commit-0000000000000001.log), so that name order is sequence order.
 */
public record SegmentNames(String prefix, String suffix) {

    public Path path(Path dir, long sequence) {
        return dir.resolve(String.format("%s%016d%s", prefix, sequence, suffix));
    }

    /** Sequence numbers of the segments in {@code dir}, ascending. */
    public List<Long> list(Path dir) throws IOException {
        List<Long> seqs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(prefix) && n.endsWith(suffix))
                    .forEach(n -> seqs.add(Long.parseLong(n.substring(prefix.length(), n.length() - suffix.length()))));
        }
        seqs.sort(null);
        return seqs;
    }
}
