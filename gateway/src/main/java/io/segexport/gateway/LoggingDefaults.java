package io.segexport.gateway;

/**
 * The logging of segexport's programs: INFO to standard error, the frameworks at WARN. No jar carries a
 * {@code logback.xml}, which would configure every program that puts it on its class path; each of our
 * {@code main} methods calls {@link #apply()} first instead, and a file the user names wins.
 */
public final class LoggingDefaults {
    /** Logback's own property: a file, a URL or a class path resource. */
    static final String PROPERTY = "logback.configurationFile";
    /** The defaults, a class path resource that logback reads only when {@link #PROPERTY} names it. */
    public static final String RESOURCE = "io/segexport/gateway/logback-defaults.xml";

    private LoggingDefaults() {}

    /** Points logback at the defaults unless {@code -Dlogback.configurationFile} names a file; before any logger. */
    public static void apply() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, RESOURCE);
        }
    }
}
