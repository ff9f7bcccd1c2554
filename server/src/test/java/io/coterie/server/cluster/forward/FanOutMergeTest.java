package io.coterie.server.cluster.forward;

import static io.coterie.server.cluster.forward.Topologies.A;
import static io.coterie.server.cluster.forward.Topologies.B;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FanOutMergeTest {

    private static Route.Part part(io.coterie.ring.NodeId node, int... ordinals) {
        return new Route.Part(node, new byte[][] {"x".getBytes(StandardCharsets.UTF_8)}, ordinals);
    }

    private static String merge(Route.Merge merge, int keys, List<Route.Part> parts, String... replies) {
        List<byte[]> r = java.util.Arrays.stream(replies).map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        return new String(FanOutMerge.merge(new Route.FanOut(merge, keys, parts), r), StandardCharsets.UTF_8);
    }

    @Test
    void mgetValuesReturnToTheirKeysPositions() {
        String merged = merge(Route.Merge.VALUES_IN_KEY_ORDER, 4, List.of(part(B, 0, 2), part(A, 1, 3)),
                "*2\r\n$2\r\nb0\r\n$-1\r\n", "*2\r\n$2\r\na1\r\n$4\r\na\r\n3\r\n");
        assertEquals("*4\r\n$2\r\nb0\r\n$2\r\na1\r\n$-1\r\n$4\r\na\r\n3\r\n", merged);
    }

    @Test
    void keysFromEveryNodeMakeOneArray() {
        assertEquals("*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n", merge(Route.Merge.CONCAT, 0,
                List.of(part(A), part(B), part(B)), "*1\r\n$1\r\na\r\n", "*0\r\n", "*2\r\n$1\r\nb\r\n$1\r\nc\r\n"));
    }

    @Test
    void countsAreSummed() {
        assertEquals(":5\r\n", merge(Route.Merge.SUM, 3, List.of(part(A, 0), part(B, 1, 2)), ":2\r\n", ":3\r\n"));
    }

    @Test
    void msetIsOkWhenEveryPartIsOk() {
        assertEquals("+OK\r\n", merge(Route.Merge.ALL_OK, 2, List.of(part(A, 0), part(B, 1)), "+OK\r\n", "+OK\r\n"));
    }

    @Test
    void theFirstPartsErrorIsTheWholeReply() {
        assertEquals("-ERR forward to x failed: y\r\n", merge(Route.Merge.SUM, 3,
                List.of(part(A, 0), part(B, 1), part(B, 2)),
                ":1\r\n", "-ERR forward to x failed: y\r\n", "-OOM z\r\n"));
        assertEquals("-OOM full\r\n", merge(Route.Merge.ALL_OK, 2, List.of(part(A, 0), part(B, 1)),
                "-OOM full\r\n", "+OK\r\n"));
    }
}
