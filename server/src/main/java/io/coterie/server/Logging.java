package io.coterie.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.LoggerFactory;

/** Sets logback up from loglevel and logfile, and follows CONFIG SET loglevel. */
public final class Logging {

    /** Concise, like Redis's "pid:role dd Mon yyyy HH:mm:ss.SSS * message". */
    private static final String PATTERN = "%d{dd MMM yyyy HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n";

    private Logging() {
    }

    public static void configure(String logLevel, String logFile) {
        LoggerContext lc = (LoggerContext) LoggerFactory.getILoggerFactory();
        lc.reset();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(lc);
        encoder.setPattern(PATTERN);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender;
        if (logFile.isEmpty()) {
            appender = new ConsoleAppender<>();
        } else {
            FileAppender<ILoggingEvent> file = new FileAppender<>();
            file.setFile(logFile);
            file.setAppend(true);
            appender = file;
        }
        appender.setContext(lc);
        appender.setName("main");
        appender.setEncoder(encoder);
        appender.start();
        Logger root = lc.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        setLevel(logLevel);
    }

    /** Redis's levels onto logback's: debug and verbose show debug, notice is info, warning is warn. */
    public static void setLevel(String logLevel) {
        LoggerContext lc = (LoggerContext) LoggerFactory.getILoggerFactory();
        Level level = switch (logLevel) {
            case "debug", "verbose" -> Level.DEBUG;
            case "warning" -> Level.WARN;
            default -> Level.INFO;
        };
        lc.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(level);
        // Netty and Chronicle are chatty at debug; their warnings still show.
        lc.getLogger("io.netty").setLevel(level == Level.DEBUG ? Level.INFO : Level.WARN);
        lc.getLogger("net.openhft").setLevel(Level.WARN);
    }
}
