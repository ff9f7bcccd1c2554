package io.coterie.ring.quorum;

import io.coterie.ring.NodeId;
import io.coterie.ring.version.HlcTimestamp;
import io.coterie.ring.version.SiblingSet;
import io.coterie.ring.version.VectorClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Golden scenarios in the style of etcd raft's testdata scripts: each file is a series of blocks,
 * a header line naming the machine and its inputs, then {@code event -> effects} lines. The test
 * replays the events and rewrites each line with the effects the machine really produced; the
 * file must come back unchanged ({@code -Dquorum.rewrite=true} rewrites it, for review). Homes are A..E, fallbacks F1..F3; read values are named versions:
 * v1, v2 (written over v1), w (concurrent with both), none.
 */
class ScenarioScriptTest {

    private static final Map<String, NodeId> NODES = new HashMap<>();
    private static final Map<NodeId, String> NAMES = new HashMap<>();

    static {
        String[] names = {"A", "B", "C", "D", "E", "F1", "F2", "F3"};
        int[] ids = {1, 2, 3, 4, 5, 101, 102, 103};
        for (int i = 0; i < names.length; i++) {
            NODES.put(names[i], Nodes.node(ids[i]));
            NAMES.put(Nodes.node(ids[i]), names[i]);
        }
    }

    private static final NodeId WRITER = Nodes.node(900), OTHER = Nodes.node(901);
    private static final SiblingSet V1 = SiblingSet.empty().write(VectorClock.empty(), WRITER, name("v1"), new HlcTimestamp(1, 0), 0, 1);
    private static final SiblingSet V2 = V1.write(V1.context(), WRITER, name("v2"), new HlcTimestamp(2, 0), 0, 2);
    private static final SiblingSet W = SiblingSet.empty().write(VectorClock.empty(), OTHER, name("w"), new HlcTimestamp(3, 0), 0, 3);

    private static byte[] name(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static SiblingSet version(String name) {
        SiblingSet merged = SiblingSet.empty();
        for (String part : name.split("\\+")) {
            merged = merged.merge(switch (part) {
                case "v1" -> V1;
                case "v2" -> V2;
                case "w" -> W;
                default -> throw new IllegalArgumentException("unknown version " + part);
            });
        }
        return merged;
    }

    private static String show(SiblingSet set) {
        if (set.isEmpty()) {
            return "{}";
        }
        return set.siblings().stream().map(s -> new String(s.value(), StandardCharsets.UTF_8)).sorted()
                .collect(Collectors.joining("+", "{", "}"));
    }

    private static String show(Set<NodeId> nodes) {
        return nodes.stream().map(NAMES::get).sorted().collect(Collectors.joining(","));
    }

    private static NodeId node(String name) {
        NodeId id = NODES.get(name);
        if (id == null) {
            throw new IllegalArgumentException("unknown node " + name);
        }
        return id;
    }

    private static String render(Object effect) {
        if (effect instanceof WriteEffect.SendWrite s) {
            return "send " + NAMES.get(s.to());
        } else if (effect instanceof WriteEffect.SendHintedWrite h) {
            return "hinted " + NAMES.get(h.to()) + " for " + NAMES.get(h.home());
        } else if (effect instanceof WriteEffect.StoreHint h) {
            return "store-hint " + NAMES.get(h.home());
        } else if (effect instanceof WriteEffect.Succeed s) {
            return "ok home=" + show(s.homeAcks()) + " fallback=" + show(s.fallbackAcks()) + " hints=" + show(s.hintsStored());
        } else if (effect instanceof WriteEffect.Fail f) {
            return "-" + f.failure().text();
        } else if (effect instanceof ReadEffect.SendRead r) {
            return "read " + NAMES.get(r.to());
        } else if (effect instanceof ReadEffect.SendRepair r) {
            return "repair " + NAMES.get(r.to()) + " " + show(r.versions()) + (r.blocking() ? " blocking" : "");
        } else if (effect instanceof ReadEffect.Succeed s) {
            return "ok " + show(s.versions()) + " from " + show(s.counted());
        } else if (effect instanceof ReadEffect.Fail f) {
            return "-" + f.failure().text();
        }
        throw new AssertionError(effect);
    }

    private static String renderAll(List<?> effects) {
        return effects.stream().map(ScenarioScriptTest::render).collect(Collectors.joining(" | "));
    }

    /** One machine under test, whichever kind the header named. */
    private interface Machine {
        List<?> start();

        List<?> handle(String[] event);
    }

    private static Machine machine(String header) {
        Map<String, String> kv = new HashMap<>();
        String[] words = header.split(" ");
        for (int i = 1; i < words.length; i++) {
            String[] pair = words[i].split("=", 2);
            kv.put(pair[0], pair.length == 2 ? pair[1] : "");
        }
        int n = Integer.parseInt(kv.get("n"));
        int f = Integer.parseInt(kv.getOrDefault("f", "0"));
        Set<NodeId> live = new HashSet<>();
        String liveList = kv.getOrDefault("live", "all");
        List<NodeId> home = Nodes.nodes(1, n);
        List<NodeId> fallbacks = Nodes.nodes(101, f);
        if (liveList.equals("all")) {
            live.addAll(home);
            live.addAll(fallbacks);
        } else if (!liveList.isEmpty()) {
            Arrays.stream(liveList.split(",")).map(ScenarioScriptTest::node).forEach(live::add);
        }
        Placement placement = new Placement(home, fallbacks, live);
        ConsistencyLevel level = ConsistencyLevel.parse(kv.get("level")).orThrow();
        boolean sloppy = kv.getOrDefault("sloppy", "yes").equals("yes");
        if (words[0].equals("write")) {
            WriteCoordination w = new WriteCoordination(placement, level, sloppy, kv.getOrDefault("handoff", "yes").equals("yes"));
            return new Machine() {
                public List<?> start() {
                    return w.start();
                }

                public List<?> handle(String[] e) {
                    return w.handle(switch (e[0]) {
                        case "ack" -> new WriteEvent.Acked(node(e[1]));
                        case "fail" -> new WriteEvent.Failed(node(e[1]));
                        case "hint-stored" -> new WriteEvent.HintStored(node(e[1]));
                        case "timeout" -> WriteEvent.TIMED_OUT;
                        default -> throw new IllegalArgumentException("unknown write event " + e[0]);
                    });
                }
            };
        }
        ReadCoordination r = new ReadCoordination(placement, level, sloppy, kv.getOrDefault("blocking", "no").equals("yes"));
        return new Machine() {
            public List<?> start() {
                return r.start();
            }

            public List<?> handle(String[] e) {
                return r.handle(switch (e[0]) {
                    case "reply" -> new ReadEvent.Replied(node(e[1]), e[2].equals("none") ? Optional.empty() : Optional.of(version(e[2])));
                    case "fail" -> new ReadEvent.Failed(node(e[1]));
                    case "repaired" -> new ReadEvent.RepairAcked(node(e[1]));
                    case "repair-failed" -> new ReadEvent.RepairFailed(node(e[1]));
                    case "timeout" -> ReadEvent.TIMED_OUT;
                    default -> throw new IllegalArgumentException("unknown read event " + e[0]);
                });
            }
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"write-scenarios.txt", "read-scenarios.txt"})
    void scenariosReplayToTheirGoldenOutput(String file) throws IOException {
        String golden;
        try (InputStream in = getClass().getResourceAsStream(file)) {
            assertNotNull(in, file);
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> actual = new ArrayList<>();
        Machine machine = null;
        for (String line : golden.split("\n", -1)) {
            if (line.isBlank() || line.startsWith("#")) {
                actual.add(line);
                continue;
            }
            String event = line.contains("->") ? line.substring(0, line.indexOf("->")).trim() : line.trim();
            if (event.startsWith("write ") || event.startsWith("read ")) {
                machine = machine(event);
                actual.add(event);
                continue;
            }
            List<?> effects = event.equals("start") ? machine.start() : machine.handle(event.split(" "));
            String rendered = renderAll(effects);
            actual.add(event + " ->" + (rendered.isEmpty() ? "" : " " + rendered));
        }
        String replayed = String.join("\n", actual);
        if (Boolean.getBoolean("quorum.rewrite")) {
            // -Dquorum.rewrite=true rewrites the golden files (etcd raft's -rewrite); review the diff.
            Files.writeString(Path.of("src/test/resources/io/coterie/ring/quorum", file), replayed);
        }
        assertEquals(golden, replayed, file);
    }
}
