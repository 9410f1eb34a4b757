package io.segexport.server.cluster;

import io.segexport.server.store.Folders;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One set of {@link KafkaBrokers} for every cluster test of the JVM (Failsafe runs the ITs in one),
 * started by the first that asks and stopped when the JVM ends: starting brokers costs tens of
 * seconds, and each test keeps apart by a cluster name of its own ({@link ClusterNames}).
 */
public final class SharedBrokers {
    private static KafkaBrokers brokers;

    private SharedBrokers() {}

    public static synchronized KafkaBrokers get() throws Exception {
        if (brokers == null) {
            Path dir = Files.createTempDirectory("segexport-brokers");
            brokers = KafkaBrokers.start(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    brokers.close();
                    Folders.delete(dir);
                } catch (Exception e) {
                    System.err.println("the shared brokers did not stop: " + e);
                }
            }));
        }
        return brokers;
    }
}
