package io.coterie.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions the server reports: its own, and the Redis version whose protocol it speaks (INFO redis_version). */
public final class ServerInfo {

    /** Clients parse redis_version as x.y.z and enable features by it; we speak what 7.0.15 speaks. */
    public static final String REDIS_VERSION = "7.0.15";

    private ServerInfo() {
    }

    /** Coterie's own version, from the Maven-filtered resource, or "dev" when run from an IDE. */
    public static String coterieVersion() {
        try (InputStream in = ServerInfo.class.getResourceAsStream("/coterie-version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "dev");
            return v.startsWith("${") ? "dev" : v;
        } catch (IOException e) {
            return "dev";
        }
    }
}
