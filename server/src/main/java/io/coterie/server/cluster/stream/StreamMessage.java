package io.coterie.server.cluster.stream;

import io.coterie.ring.placement.HashSlots;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The slot-streaming protocol (docs/streaming.md). A pull is {@link Open} → {@link Opened}, then {@link Next} →
 * {@link Batch} until a batch says done, then {@link Close} if abandoned early; a push is {@link Apply} →
 * {@link Applied} per batch. Requests travel as bus frames of the type {@link StreamCodec#typeOf} gives; responses
 * are the payload of the bus response.
 */
public sealed interface StreamMessage {

    /**
     * Receiver → source: start one pass over the source's keys for {@code slots}, from {@code resumeCursor}
     * (0 = from the start; otherwise a {@link Batch#resumeCursor()} of an earlier attempt).
     */
    record Open(int[] slots, long resumeCursor) implements StreamMessage {
        public Open {
            slots = StreamMessage.checkSlots(slots);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Open other && Arrays.equals(slots, other.slots) && resumeCursor == other.resumeCursor;
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(slots) + Long.hashCode(resumeCursor);
        }

        @Override
        public String toString() {
            return "Open[" + slots.length + " slots, resumeCursor=" + resumeCursor + "]";
        }
    }

    /** Source → receiver: the session to ask {@link Next} of. */
    record Opened(long sessionId) implements StreamMessage {
    }

    /** Receiver → source: batch number {@code seq} (0, 1, 2, …) of the session; a batch is asked for only once. */
    record Next(long sessionId, long seq) implements StreamMessage {
    }

    /**
     * Source → receiver (pull), or the local half of a push: up to {@link StreamLimits#batchBytesMax()} of records.
     *
     * @param resumeCursor a new session opened at this cursor re-sends nothing that was lost: every record before it
     *                     has been in this or an earlier batch
     * @param done         the pass is over: every key of the session's slots has been sent
     */
    record Batch(long seq, List<StreamedRecord> records, long resumeCursor, boolean done) implements StreamMessage {
        public Batch {
            records = List.copyOf(records);
        }

        public long recordBytes() {
            long sum = 0;
            for (StreamedRecord r : records) {
                sum += r.recordBytes();
            }
            return sum;
        }
    }

    /** Source → receiver one-way: the receiver gave up this session, free it now rather than at its idle timeout. */
    record Close(long sessionId) implements StreamMessage {
    }

    /** Leaving node → receiver (push): apply these records of {@code slots}; answered by {@link Applied}. */
    record Apply(int[] slots, List<StreamedRecord> records) implements StreamMessage {
        public Apply {
            slots = StreamMessage.checkSlots(slots);
            records = List.copyOf(records);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Apply other && Arrays.equals(slots, other.slots) && records.equals(other.records);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(slots) + records.hashCode();
        }

        @Override
        public String toString() {
            return "Apply[" + slots.length + " slots, " + records.size() + " records]";
        }
    }

    /** Receiver → leaving node: how many of the records were stored (the rest were present or expired). */
    record Applied(int stored) implements StreamMessage {
    }

    /** Slots strictly ascending and in range: a canonical form, so encoding is stable and lookups can binary-search. */
    private static int[] checkSlots(int[] slots) {
        Objects.requireNonNull(slots, "slots");
        int[] copy = slots.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] < 0 || copy[i] >= HashSlots.SLOT_COUNT
                    || (i > 0 && copy[i] <= copy[i - 1])) {
                throw new IllegalArgumentException("slots must be ascending, distinct and in [0, 16384): at index " + i
                        + " got " + copy[i]);
            }
        }
        return copy;
    }
}
