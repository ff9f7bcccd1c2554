package io.coterie.sim.toykv;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** Bytes for the toy's states and replica messages, so they cross the simulated bus as the real ones will. */
final class ToyCodec {

    /** A key and its state: what a replica write and a read answer carry. */
    record KeyState(String key, ToyState state) {
    }

    private ToyCodec() {
    }

    static byte[] encode(List<KeyState> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(entries.size());
            for (KeyState e : entries) {
                out.writeUTF(e.key());
                writeState(out, e.state());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static List<KeyState> decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int n = in.readInt();
            List<KeyState> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(new KeyState(in.readUTF(), readState(in)));
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException("trailing bytes in toy frame");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] encodeState(ToyState state) {
        return encode(List.of(new KeyState("", state)));
    }

    static ToyState decodeState(byte[] bytes) {
        return decode(bytes).get(0).state();
    }

    static byte[] encodeKey(String key) {
        return encode(List.of(new KeyState(key, ToyState.empty())));
    }

    private static void writeState(DataOutputStream out, ToyState state) throws IOException {
        out.writeInt(state.siblings().size());
        for (var e : state.siblings().entrySet()) {
            writeDot(out, e.getKey());
            out.writeBoolean(e.getValue().value().isPresent());
            out.writeUTF(e.getValue().value().orElse(""));
            out.writeLong(e.getValue().timestampMs());
        }
        out.writeInt(state.superseded().size());
        for (Dot dot : state.superseded()) {
            writeDot(out, dot);
        }
    }

    private static ToyState readState(DataInputStream in) throws IOException {
        TreeMap<Dot, ToyState.Sibling> siblings = new TreeMap<>();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            Dot dot = readDot(in);
            boolean present = in.readBoolean();
            String value = in.readUTF();
            siblings.put(dot, new ToyState.Sibling(present ? Optional.of(value) : Optional.empty(), in.readLong()));
        }
        TreeSet<Dot> superseded = new TreeSet<>();
        int m = in.readInt();
        for (int i = 0; i < m; i++) {
            superseded.add(readDot(in));
        }
        return new ToyState(siblings, superseded);
    }

    private static void writeDot(DataOutputStream out, Dot dot) throws IOException {
        out.writeInt(dot.node());
        out.writeLong(dot.epoch());
        out.writeLong(dot.seq());
    }

    private static Dot readDot(DataInputStream in) throws IOException {
        return new Dot(in.readInt(), in.readLong(), in.readLong());
    }
}
