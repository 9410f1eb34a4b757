package io.segexport.client.docs;

import io.segexport.gateway.LoggingDefaults;
import java.io.File;
import java.nio.file.Path;
import java.util.List;

/** The command that starts a JVM of this test's Java and classpath (plus more entries), as the documentation's readers run the client. */
public final class ClientJava {
    private ClientJava() {}

    public static List<String> command(String... moreClasspath) {
        String classpath = System.getProperty("java.class.path")
                + (moreClasspath.length == 0
                        ? ""
                        : File.pathSeparator + String.join(File.pathSeparator, moreClasspath));
        // The test classpath holds the server's logging, which the client's own jar has not: it must not write to
        // standard output, as logback's unconfigured default does. The programs' defaults write to standard error.
        return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
                "-Dlogback.configurationFile=" + LoggingDefaults.RESOURCE,
                "-cp",
                classpath);
    }
}
