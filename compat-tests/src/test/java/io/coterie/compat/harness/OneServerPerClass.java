package io.coterie.compat.harness;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * Base for test classes whose tests can share one server: started once per class (starting a JVM
 * server per test would eat the CI budget), emptied with FLUSHALL before each test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class OneServerPerClass {

    protected final Target target = Target.current();
    protected ServerProcess server;

    /** Extra redis-style directives for this class's server. */
    protected List<String> directives() {
        return List.of();
    }

    /** The password FLUSHALL must authenticate with, if the class configures one. */
    protected String password() {
        return null;
    }

    @BeforeAll
    void startServer() {
        server = target.server(getClass().getSimpleName(), directives()).start();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void emptyServer() {
        try (RawConnection connection = raw()) {
            if (password() != null) {
                connection.call("AUTH", password());
            }
            Object reply = connection.call("FLUSHALL");
            if (!"OK".equals(reply)) {
                throw new IllegalStateException("FLUSHALL before the test answered " + reply);
            }
        }
    }

    protected RawConnection raw() {
        return new RawConnection(server);
    }
}
