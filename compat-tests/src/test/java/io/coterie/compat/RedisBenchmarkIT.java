package io.coterie.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.compat.harness.OneServerPerClass;
import io.coterie.compat.harness.RawConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * redis-benchmark runs to completion against the server (it opens with CONFIG GET save and
 * appendonly), so bench/single-node.sh can measure it; its CSV has a row per test.
 */
class RedisBenchmarkIT extends OneServerPerClass {

    private static final long TIMEOUT_SECONDS = 120;

    @Test
    void setAndGetWithAndWithoutPipelining() throws IOException, InterruptedException {
        for (String pipeline : List.of("1", "16")) {
            Map<String, Double> rps = benchmark("-t", "set,get", "-n", "20000", "-r", "1000", "-c", "10", "-d", "100",
                    "-P", pipeline, "--csv");
            assertEquals(List.of("GET", "SET"), rps.keySet().stream().sorted().toList(), "CSV rows " + rps);
            rps.forEach((test, value) -> assertTrue(value > 0, test + " rps " + value));
        }
        try (RawConnection c = raw()) {
            Object keys = c.call("DBSIZE");
            assertTrue(keys instanceof Long n && n > 0 && n <= 1000, "-r 1000 writes at most 1000 keys, DBSIZE " + keys);
            Object key = c.call("RANDOMKEY");
            String name = assertInstanceOf(String.class, key, () -> "RANDOMKEY answered " + key);
            assertEquals(100L, c.call("STRLEN", name), "-d 100 values");
        }
    }

    /** Runs redis-benchmark and returns requests/s per test from its --csv output. */
    private Map<String, Double> benchmark(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("redis-benchmark", "-h", server.host(), "-p",
                Integer.toString(server.port())));
        cmd.addAll(List.of(args));
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "redis-benchmark did not finish");
        assertEquals(0, process.exitValue(), output);
        return output.lines()
                .map(line -> line.replace("\"", "").split(","))
                .filter(cells -> cells.length >= 2 && (cells[0].equals("SET") || cells[0].equals("GET")))
                .collect(Collectors.toMap(cells -> cells[0], cells -> Double.parseDouble(cells[1])));
    }
}
