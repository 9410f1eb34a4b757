package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.segexport.server.batchstore.S3Config;
import io.segexport.server.batchstore.S3MockProcess;
import io.segexport.server.cluster.ClusterConfig;
import io.segexport.server.cluster.SharedBrokers;
import io.segexport.server.tls.TestCertificates;
import io.segexport.server.tls.TlsFiles;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes of a cluster that serve TLS (--tls-cert, --tls-key), each with a certificate of its
 * own issued by one authority, whose file holds the authority's certificate after the node's: a
 * node reads the partitions the other owns over TLS, trusting that authority.
 */
class ClusterTlsIT {
    private static final String BUCKET = "cluster-tls-batches";
    private static final int PARTITIONS = 4;

    @TempDir
    static Path dir;

    private static S3MockProcess s3;
    private static TestCertificates authority;
    private static final List<TestServer> nodes = new ArrayList<>();

    @BeforeAll
    static void startNodes() throws Exception {
        String bootstrap = SharedBrokers.get().bootstrapServers();
        s3 = S3MockProcess.start(dir.resolve("s3"), BUCKET);
        authority = TestCertificates.authority(dir, "cluster-tls-it");
        for (int node = 1; node <= 2; node++) {
            nodes.add(TestServer.start(TestServer.config(dir.resolve("node-" + node), 1)
                    .withTls(withAuthority(authority.issueServer()))
                    .withBatchStore(
                            S3Config.parse("s3://" + BUCKET + "/", s3.endpoint().toString(), "us-east-1"))
                    .withCluster(new ClusterConfig(
                            "cluster-tls-it", bootstrap, "node-" + node, PARTITIONS, (short) 3, "127.0.0.1"))));
        }
    }

    /** The same certificate and key, the file holding the authority's certificate after the node's. */
    private static TlsFiles withAuthority(TlsFiles files) {
        return new TlsFiles(
                TestCertificates.writeCertificates(
                        files.certificate(),
                        TestCertificates.readCertificate(files.certificate()),
                        authority.caCertificate()),
                files.privateKey());
    }

    @AfterAll
    static void stopNodes() throws InterruptedException {
        for (TestServer node : nodes) {
            node.close();
        }
        s3.close();
    }

    private static RestClient https(int number, Tenant tenant) {
        return new RestClient(
                "https://127.0.0.1:" + nodes.get(number - 1).httpPort(),
                HttpClient.newBuilder().sslContext(authority.trustingContext()).build(),
                tenant);
    }

    @Test
    void everyProfileIsFoundThroughEitherNodeWhateverNodeOwnsIt() throws InterruptedException {
        Tenant tenant = Tenant.fresh();
        int count = 16;
        Exports.ingestProfiles(
                https(1, tenant),
                https(1, tenant).createDataSet(),
                IntStream.range(0, count)
                        .mapToObj(i -> Exports.withPoints("tls-" + i + "@example.com", i))
                        .toArray(String[]::new));

        for (int i = 0; i < count; i++) {
            for (int number = 1; number <= 2; number++) {
                assertThat(Ingest.awaitEntity(https(number, tenant), "email", "tls-" + i + "@example.com")
                                .at("/entity/loyalty/points")
                                .asInt())
                        .isEqualTo(i);
            }
        }
    }
}
